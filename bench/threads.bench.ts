/**
 * Is a second thread worth it on this machine right now? One engine decodes the
 * same utterance with live settings, alternating 1 and N threads (the order
 * flips every round, so a drift in the machine's speed hits both alike), and
 * prints the medians, their ratio and the N-thread runs' CPU efficiency
 * (CPU time / (wall × threads)): the signal the old ThreadGovernor judged by.
 *
 *   npx tsx bench/threads.bench.ts [--runs 10] [--shape tiny.en|base.en] [--seconds 4] [--threads 2]
 */
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { readCallAudio } from '../main/audio/wav-file'
import { SpeechEngine } from '../main/transcription/speech-engine'
import { SPEECH_DIR } from '../tests/helpers/shared-assets'
import { writeSyntheticTinyEn, type ModelShape } from './synthetic-model'

const { values } = parseArgs({ options: { runs: { type: 'string' }, shape: { type: 'string' }, seconds: { type: 'string' }, threads: { type: 'string' } }, strict: true })
const args = z
  .object({
    runs: z.coerce.number().int().min(1).max(100).default(10),
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
  await engine.dispose()
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
      runsMs: { one: ms.one.map(Math.round), many: ms.many.map(Math.round) },
    }),
  )
}
main().catch((e) => {
  console.error(e)
  process.exit(1)
})
