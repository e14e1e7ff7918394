/**
 * Recording-pipeline benchmark. Prints one JSON object:
 *  - ingest: 100 ms PCM frames through RecordingService.pushAudio (WAV append,
 *    segmenter, segment rows, transcription queued) as fast as they come;
 *  - eventLoop: main-thread event-loop delay while whisper.cpp transcribes a
 *    segment in the engine process and frames arrive at real-time pace
 *    (target p99 < 20 ms);
 *  - wavWrite: WavWriter throughput with a flush (write + header + datasync)
 *    every 250 ms of audio.
 * Uses the weightless test model unless --model PATH is given (say which in the output).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { z } from 'zod'
import { readCallAudio, WavWriter } from '../main/audio/wav-file'
import { RecordingService } from '../main/recording/recording-service'
import { createStore } from '../main/store'
import { SpeechEngine } from '../main/transcription/speech-engine'
import { TranscriptionQueue } from '../main/transcription/transcription-queue'
import { SPEECH_DIR, TEST_MODEL } from '../tests/helpers/shared-assets'

const Args = z.object({ model: z.string().default(TEST_MODEL), seconds: z.coerce.number().int().min(10).max(3600).default(600) })
const argv = process.argv.slice(2)
const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined)
const args = Args.parse({ model: flag('--model'), seconds: flag('--seconds') })

const FRAME = 1600
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-bench-'))
const speech = await readCallAudio(path.join(SPEECH_DIR, 'give-first-call.wav'))
const frameAt = (i: number) => {
  const start = (i * FRAME) % (speech.length - FRAME)
  return new Uint8Array(speech.slice(start, start + FRAME).buffer)
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d

async function benchIngest() {
  const store = createStore(path.join(tmp, 'ingest.sqlite'))
  const engine = new SpeechEngine({ modelPath: args.model })
  const queue = new TranscriptionQueue({ store, emit: () => undefined, getEngine: async () => engine })
  const rec = new RecordingService({ store, recordingsDir: path.join(tmp, 'rec'), queue, emit: () => undefined })
  const { callId } = await rec.start({ kind: 'live' })
  const frames = args.seconds * 10
  const t0 = performance.now()
  for (let i = 0; i < frames; i++) rec.pushAudio({ callId, seq: i, pcm: frameAt(i) })
  const ms = performance.now() - t0
  await rec.stop(callId)
  const segments = store.segments.listForCall(callId).length
  engine.cancelAll()
  await engine.dispose()
  store.close()
  return { audioSeconds: args.seconds, framesPerSecond: Math.round(frames / (ms / 1000)), realtimeFactor: Math.round(frames / 10 / (ms / 1000)), segments }
}

async function benchEventLoop() {
  const store = createStore(path.join(tmp, 'loop.sqlite'))
  const engine = new SpeechEngine({ modelPath: args.model })
  await engine.load()
  const queue = new TranscriptionQueue({ store, emit: () => undefined, getEngine: async () => engine })
  const rec = new RecordingService({ store, recordingsDir: path.join(tmp, 'rec2'), queue, emit: () => undefined })
  const { callId } = await rec.start({ kind: 'live' })
  const utterance = speech.slice(Math.round(5.1 * 16000), Math.round(13 * 16000))
  const h = monitorEventLoopDelay({ resolution: 1 })
  h.enable()
  let seq = 0
  // A live call goes on while the segment is transcribed: a frame every 100 ms.
  const feeder = setInterval(() => rec.pushAudio({ callId, seq: seq++, pcm: frameAt(seq) }), 100)
  const t0 = performance.now()
  const result = await engine.transcribe(utterance)
  const wallMs = performance.now() - t0
  clearInterval(feeder)
  h.disable()
  await rec.stop(callId)
  engine.cancelAll()
  await engine.dispose()
  store.close()
  return {
    segmentSeconds: round(utterance.length / 16000, 1),
    transcribeWallMs: Math.round(wallMs),
    engineMs: Math.round(result.engineMs),
    engineThreads: engine.threads,
    delayMs: { p50: round(h.percentile(50) / 1e6), p99: round(h.percentile(99) / 1e6), max: round(h.max / 1e6) },
    targetP99Ms: 20,
  }
}

async function benchWavWrite() {
  const writer = await WavWriter.create(path.join(tmp, 'write.wav'))
  const frames = 36_000 // one hour of 100 ms frames
  const flushMs: number[] = []
  const t0 = performance.now()
  for (let i = 0; i < frames; i++) {
    writer.append(frameAt(i))
    if (i % 3 === 2) {
      const f0 = performance.now()
      await writer.flush()
      flushMs.push(performance.now() - f0)
    }
  }
  await writer.close()
  const s = (performance.now() - t0) / 1000
  const bytes = frames * FRAME * 2
  flushMs.sort((a, b) => a - b)
  return {
    audioHours: 1,
    megabytesPerSecond: round(bytes / 1e6 / s, 1),
    realtimeFactor: Math.round(3600 / s),
    flushMs: { p50: round(pct(flushMs, 50)), p99: round(pct(flushMs, 99)) },
  }
}

const ingest = await benchIngest()
const eventLoop = await benchEventLoop()
const wavWrite = await benchWavWrite()
fs.rmSync(tmp, { recursive: true, force: true })
console.log(
  JSON.stringify(
    {
      machine: { cpus: os.availableParallelism(), node: process.version },
      model: { path: args.model, note: args.model === TEST_MODEL ? 'weightless test model: engine timings are not a real model’s' : 'user-supplied model' },
      ingest,
      eventLoop,
      wavWrite,
    },
    null,
    2,
  ),
)
