/**
 * Is a second thread worth it on this machine right now? One engine decodes the
 * same utterance with live settings, alternating 1 and N threads (the order
 * flips every round, so a drift in the machine's speed hits both alike), and
 * prints the medians, their ratio and the N-thread runs' CPU efficiency
 * (CPU time / (wall × threads)). Then `--governed` more decodes with the count
 * the ThreadGovernor chooses (thread-governor.ts), and what they cost.
 * `--hog` runs one CPU-bound program at the lowest priority (nice 19) beside
 * it all, as a video-call app or a build would be.
 *
 *   npx tsx bench/threads.bench.ts [--runs 10] [--governed 12] [--hog] [--shape tiny.en|base.en] [--seconds 4] [--threads 2]
 */
import { spawn } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { readCallAudio } from '../main/audio/wav-file'
import { SpeechEngine } from '../main/transcription/speech-engine'
import { SPEECH_DIR } from '../tests/helpers/shared-assets'
import { writeSyntheticTinyEn, type ModelShape } from './synthetic-model'

const { values } = parseArgs({
  options: { runs: { type: 'string' }, governed: { type: 'string' }, hog: { type: 'boolean' }, shape: { type: 'string' }, seconds: { type: 'string' }, threads: { type: 'string' } },
  strict: true,
})
const args = z
  .object({
    runs: z.coerce.number().int().min(1).max(100).default(10),
    governed: z.coerce.number().int().min(0).max(200).default(12),
    hog: z.boolean().default(false),
    shape: z.enum(['tiny.en', 'base.en']).default('tiny.en'),
    seconds: z.coerce.number().min(1).max(25).default(4),
    threads: z.coerce.number().int().min(2).max(16).default(2),
  })
  .parse(values)

async function main() {
  const model = path.join(os.tmpdir(), `threads-${args.shape}.bin`)
  await writeSyntheticTinyEn(model, { seed: 3, shape: args.shape as ModelShape })
  const speech = await readCallAudio(path.join(SPEECH_DIR, 'jfk.wav'))
  const clip = new Int16Array(Math.round(args.seconds * 16000))
  for (let i = 0; i < clip.length; i += speech.length) clip.set(speech.subarray(0, Math.min(speech.length, clip.length - i)), i)
  const hog = args.hog ? spawn('nice', ['-n', '19', process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' }) : undefined
  const engine = new SpeechEngine({ modelPath: model, threads: args.threads })
  await engine.load()
  const decode = (threads: number) => engine.transcribe(clip, { speechMs: args.seconds * 1000, tier: 'live', threads })
  await decode(1) // warm both
  await decode(args.threads)
  const ms: Record<'one' | 'many', number[]> = { one: [], many: [] }
  const efficiency: number[] = []
  for (let r = 0; r < args.runs; r++) {
    const order = r % 2 === 0 ? [1, args.threads] : [args.threads, 1]
    for (const t of order) {
      const res = await decode(t)
      if (t === 1) ms.one.push(res.engineMs)
      else {
        ms.many.push(res.engineMs)
        if (res.cpuMs !== undefined) efficiency.push(res.cpuMs / (res.engineMs * t))
      }
    }
  }
  // The governor of a fresh engine, as the app has after launch.
  await engine.dispose()
  const governed = new SpeechEngine({ modelPath: model, threads: args.threads })
  await governed.load()
  const chosen: Array<{ threads: number | undefined; ms: number }> = []
  for (let r = 0; r < args.governed; r++) {
    const res = await governed.transcribe(clip, { speechMs: args.seconds * 1000, tier: 'live' })
    chosen.push({ threads: res.threads, ms: Math.round(res.engineMs) })
  }
  await governed.dispose()
  hog?.kill()
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!
  console.log(
    JSON.stringify({
      shape: args.shape,
      clipSeconds: args.seconds,
      runs: args.runs,
      cpus: os.availableParallelism(),
      load: +os.loadavg()[0]!.toFixed(2),
      medianMs: { oneThread: Math.round(med(ms.one)), [`${args.threads}Threads`]: Math.round(med(ms.many)) },
      ratio: +(med(ms.many) / med(ms.one)).toFixed(2),
      efficiency: { median: +med(efficiency).toFixed(2), min: +Math.min(...efficiency).toFixed(2) },
      hog: args.hog,
      runsMs: { one: ms.one.map(Math.round), many: ms.many.map(Math.round) },
      governed: chosen.length ? { threads: chosen.map((c) => c.threads), ms: chosen.map((c) => c.ms), medianMs: Math.round(med(chosen.map((c) => c.ms))), totalMs: chosen.reduce((a, c) => a + c.ms, 0) } : null,
    }),
  )
}
main().catch((e) => {
  console.error(e)
  process.exit(1)
})
