/**
 * What the background engine's work costs the foreground engine: the time of
 * one foreground decode (a 4 s utterance, live settings) alone, and while the
 * background engine (lowest priority) decodes a long window — with and without
 * the background process paused (SpeechEngine.suspend, as the queue does) for
 * the foreground decode. Ratios are of the same run; each measurement uses a
 * fresh foreground engine, and `threads` says what each ran with.
 *
 *   npx tsx bench/engine-contention.bench.ts [--runs 8] [--shape tiny.en|base.en]
 */
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { readCallAudio } from '../main/audio/wav-file'
import { SpeechEngine } from '../main/transcription/speech-engine'
import { SPEECH_DIR } from '../tests/helpers/shared-assets'
import { writeSyntheticTinyEn, type ModelShape } from './synthetic-model'

const { values } = parseArgs({ options: { runs: { type: 'string' }, shape: { type: 'string' } }, strict: true })
const args = z.object({ runs: z.coerce.number().int().min(1).max(50).default(8), shape: z.enum(['tiny.en', 'base.en']).default('tiny.en') }).parse(values)

async function main() {
  const model = path.join(os.tmpdir(), `contention-${args.shape}.bin`)
  await writeSyntheticTinyEn(model, { seed: 3, shape: args.shape as ModelShape })
  const speech = await readCallAudio(path.join(SPEECH_DIR, 'jfk.wav'))
  const utterance = speech.slice(0, 4 * 16000)
  const long = new Int16Array(20 * 16000)
  for (let i = 0; i < long.length; i += speech.length) long.set(speech.subarray(0, Math.min(speech.length, long.length - i)), i)
  const bg = new SpeechEngine({ modelPath: model, background: true })
  await bg.load()
  const busyBackground = () => {
    let started!: () => void
    const running = new Promise<void>((r) => (started = r))
    const job = bg.transcribe(long, { speechMs: 20_000, audioCtx: 1500, maxTokens: 200, onStart: started }).catch(() => undefined)
    return { running, job }
  }
  // A fresh foreground engine per measurement: its ThreadGovernor remembers a starved run for 20 s, which
  // would carry one phase's cost into the next.
  const measure = async (phase: 'alone' | 'beside' | 'paused') => {
    const fg = new SpeechEngine({ modelPath: model })
    await fg.load()
    await fg.transcribe(utterance, { speechMs: 4000, tier: 'live' }) // warm
    const b = phase === 'alone' ? undefined : busyBackground()
    await b?.running
    if (phase === 'paused') bg.suspend()
    const r = await fg.transcribe(utterance, { speechMs: 4000, tier: 'live' })
    bg.resume()
    if (b) {
      bg.dropRunning()
      await b.job
    }
    await fg.dispose()
    return { ms: r.engineMs, threads: r.threads }
  }
  const alone: number[] = []
  const beside: number[] = []
  const paused: number[] = []
  const threads: Record<string, number[]> = { alone: [], beside: [], paused: [] }
  for (let r = 0; r < args.runs; r++) {
    for (const [phase, into] of [['alone', alone], ['beside', beside], ['paused', paused]] as const) {
      const m = await measure(phase)
      into.push(m.ms)
      threads[phase]!.push(m.threads ?? 0)
    }
  }
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!
  console.log(JSON.stringify({ shape: args.shape, runs: args.runs, cpus: os.availableParallelism(), load: os.loadavg()[0], medianMs: { alone: Math.round(med(alone)), besideBackground: Math.round(med(beside)), backgroundPaused: Math.round(med(paused)) }, ratio: { beside: +(med(beside) / med(alone)).toFixed(2), paused: +(med(paused) / med(alone)).toFixed(2) }, threads }))
  await bg.dispose()
}
main().catch((e) => {
  console.error(e)
  process.exit(1)
})
