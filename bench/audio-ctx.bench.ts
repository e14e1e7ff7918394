/**
 * Encoder cost of Whisper's audio context, to choose the live tier's setting
 * from numbers: the same 3 s clip decoded with audio_ctx 512, 768 and 1500
 * (whisper.cpp's default, the window the models were trained on) and a token
 * cap of 1, so the time is the encoder's (plus one decoder step), for the
 * tiny.en and base.en shapes (synthetic models: real shapes, random weights).
 * Also one full-length live decode (the shipped token cap) per setting.
 *
 *   npx tsx bench/audio-ctx.bench.ts [--runs 3] [--shapes tiny.en,base.en]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { decodeParamsFor } from '../main/transcription/decode-params'
import { SpeechEngine } from '../main/transcription/speech-engine'
import { readWavSlice, SPEECH_SAMPLE_PATH, writeSyntheticTinyEn, type ModelShape } from './synthetic-model'

const argv = process.argv.slice(2)
const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined)
const Args = z.object({
  runs: z.coerce.number().int().min(1).max(20).default(3),
  shapes: z
    .string()
    .default('tiny.en,base.en')
    .transform((s) => s.split(',') as ModelShape[])
    .pipe(z.array(z.enum(['tiny.en', 'base.en']))),
})
const args = Args.parse({ runs: flag('--runs'), shapes: flag('--shapes') })
const CTX = [512, 768, 1500]
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-audioctx-'))
  const pcm = await readWavSlice(SPEECH_SAMPLE_PATH, 0.7, 3)
  const results: Record<string, Record<string, { encoderMs: number; liveDecodeMs: number }>> = {}
  try {
    for (const shape of args.shapes) {
      const modelPath = path.join(tmp, `synthetic-${shape}.bin`)
      await writeSyntheticTinyEn(modelPath, { seed: 1, shape })
      const engine = new SpeechEngine({ modelPath })
      await engine.load()
      await engine.transcribe(pcm, { audioCtx: 512, maxTokens: 1 }) // warm-up
      results[shape] = {}
      for (const audioCtx of CTX) {
        const enc: number[] = []
        const full: number[] = []
        for (let i = 0; i < args.runs; i++) {
          enc.push((await engine.transcribe(pcm, { audioCtx, maxTokens: 1 })).engineMs)
          full.push((await engine.transcribe(pcm, { audioCtx, speechMs: 2500 })).engineMs)
        }
        results[shape]![audioCtx] = { encoderMs: Math.round(median(enc)), liveDecodeMs: Math.round(median(full)) }
        process.stderr.write(`${shape} audio_ctx ${audioCtx}: encoder ${Math.round(median(enc))} ms, live decode ${Math.round(median(full))} ms\n`)
      }
      await engine.dispose()
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  console.log(
    JSON.stringify({
      machine: { cpus: os.availableParallelism(), node: process.version },
      clip: '3 s of give-first-call.wav',
      tokenCapForLiveDecode: decodeParamsFor(pcm.length, 2500).maxTokens,
      note: 'synthetic models (real shapes, random weights): random weights never end a sentence, so live decodes run to the token cap',
      results,
    }),
  )
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
