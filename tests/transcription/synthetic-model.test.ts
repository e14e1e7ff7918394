/**
 * The synthetic tiny.en model (bench/synthetic-model.ts): real tiny.en tensor
 * shapes and types with small random weights, so whisper.cpp's compute matches
 * a real ggml-tiny.en.bin. Generates one into a temp dir, walks its tensor
 * records to EOF, then has whisper.cpp load it and transcribe a 3 s slice.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { SpeechEngine } from '../../main/transcription/speech-engine'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  GGML_TYPE_F16,
  GGML_TYPE_F32,
  OFFICIAL_TINY_EN_BYTES,
  TINY_EN_HPARAMS,
  inspectGgmlModel,
  readWavSlice,
  tensorRecordsBytes,
  toHalfBits,
  whisperTensorSpecs,
  writeSyntheticTinyEn,
} from '../../bench/synthetic-model'
import { SPEECH_DIR, TEST_MODEL } from '../helpers/shared-assets'

// 7 encoder globals + 15 per encoder block + 4 decoder globals + 24 per decoder block.
const EXPECTED_TENSORS = 7 + 15 * 4 + 4 + 24 * 4

let dir: string
let modelPath: string
let written: { bytes: number; tensors: number }

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'calldesk-synthetic-model-'))
  modelPath = path.join(dir, 'synthetic-tiny.en.bin')
  written = await writeSyntheticTinyEn(modelPath, { seed: 7 })
}, 60_000)

afterAll(async () => {
  if (dir) await fsp.rm(dir, { recursive: true, force: true })
})

describe('toHalfBits', () => {
  it('rounds float32 to IEEE binary16', () => {
    expect(toHalfBits(1)).toBe(0x3c00)
    expect(toHalfBits(-2)).toBe(0xc000)
    expect(toHalfBits(0.02)).toBe(0x251f)
    expect(toHalfBits(65504)).toBe(0x7bff)
    expect(toHalfBits(1e6)).toBe(0x7c00)
    expect(toHalfBits(2 ** -24)).toBe(0x0001) // smallest subnormal
    expect(toHalfBits(1e-9)).toBe(0)
    expect(toHalfBits(-0)).toBe(0x8000)
  })
})

describe('synthetic tiny.en model', () => {
  it('has every tensor whisper.cpp expects, records walking exactly to EOF, about the official size', async () => {
    const info = await inspectGgmlModel(modelPath)
    const specs = whisperTensorSpecs(TINY_EN_HPARAMS)
    expect(specs).toHaveLength(EXPECTED_TENSORS)
    expect(written.tensors).toBe(EXPECTED_TENSORS)
    expect(info.tensors).toHaveLength(EXPECTED_TENSORS)
    expect(info.hparams).toEqual(TINY_EN_HPARAMS)
    expect(fs.statSync(modelPath).size).toBe(written.bytes)
    expect(info.fileBytes).toBe(written.bytes)

    // Records: names, shapes (ggml order) and types as the spec; the last one ends at EOF.
    expect(info.tensors.map((t) => [t.name, t.ne, t.ttype])).toEqual(specs.map((s) => [s.name, s.ne, s.type]))
    const last = info.tensors[info.tensors.length - 1]!
    expect(last.dataOffset + last.dataBytes).toBe(info.fileBytes)
    expect(info.fileBytes - info.headerBytes).toBe(tensorRecordsBytes(specs))
    expect(new Set(info.tensors.map((t) => t.name)).size).toBe(EXPECTED_TENSORS)

    // Spot checks against whisper_model_load.
    const byName = new Map(info.tensors.map((t) => [t.name, t]))
    expect(byName.get('encoder.conv1.weight')).toMatchObject({ ne: [3, 80, 384], ttype: GGML_TYPE_F16 })
    expect(byName.get('encoder.conv1.bias')).toMatchObject({ ne: [1, 384], ttype: GGML_TYPE_F32 })
    expect(byName.get('encoder.positional_embedding')).toMatchObject({ ne: [384, 1500], ttype: GGML_TYPE_F32 })
    expect(byName.get('decoder.token_embedding.weight')).toMatchObject({ ne: [384, 51864], ttype: GGML_TYPE_F16 })
    expect(byName.get('decoder.positional_embedding')).toMatchObject({ ne: [384, 448], ttype: GGML_TYPE_F32 })
    expect(byName.get('encoder.blocks.3.mlp.0.weight')).toMatchObject({ ne: [384, 1536], ttype: GGML_TYPE_F16 })
    expect(byName.get('decoder.blocks.3.cross_attn.key.weight')).toMatchObject({ ne: [384, 384], ttype: GGML_TYPE_F16 })
    expect(byName.has('encoder.blocks.0.attn.key.bias')).toBe(false)

    // Header, hparams, mel filters and vocabulary: the test model's bytes, verbatim.
    const template = await fsp.readFile(TEST_MODEL)
    const head = Buffer.alloc(info.headerBytes)
    const fh = await fsp.open(modelPath, 'r')
    await fh.read(head, 0, head.length, 0).finally(() => fh.close())
    expect(info.headerBytes).toBe(template.length)
    expect(head.equals(template)).toBe(true)

    expect(Math.abs(info.fileBytes - OFFICIAL_TINY_EN_BYTES) / OFFICIAL_TINY_EN_BYTES).toBeLessThan(0.01)
  })

  it('writes small finite values (F16 matrices, layer-norm weights near 1)', async () => {
    const info = await inspectGgmlModel(modelPath)
    const fh = await fsp.open(modelPath, 'r')
    try {
      const read = async (name: string, count: number) => {
        const t = info.tensors.find((x) => x.name === name)!
        const buf = Buffer.alloc(count * (t.ttype === GGML_TYPE_F16 ? 2 : 4))
        await fh.read(buf, 0, buf.length, t.dataOffset)
        return { t, buf }
      }
      const q = await read('encoder.blocks.0.attn.query.weight', 1024)
      for (let i = 0; i < 1024; i++) {
        const bits = q.buf.readUInt16LE(2 * i)
        const exp = (bits >> 10) & 0x1f
        expect(exp).toBeLessThan(15 - 5) // |x| < 2^-5 ≈ 0.031
      }
      const ln = await read('decoder.ln.weight', 384)
      for (let i = 0; i < 384; i++) expect(Math.abs(ln.buf.readFloatLE(4 * i) - 1)).toBeLessThanOrEqual(0.011)
    } finally {
      await fh.close()
    }
  })

  it('is loaded by whisper.cpp (in the engine process) and transcribes a 3 s slice to completion', async () => {
    const engine = new SpeechEngine({ modelPath, threads: 2 })
    try {
      const t0 = performance.now()
      await engine.load()
      const loadMs = performance.now() - t0
      const pcm = await readWavSlice(path.join(SPEECH_DIR, 'give-first-call.wav'), 0.7, 3)
      expect(pcm.length).toBe(3 * 16000)
      const { text, engineMs } = await engine.transcribe(pcm)
      // Random weights give junk words, but real shapes mean whisper.cpp decodes them: text comes back.
      expect(text.length).toBeGreaterThan(0)
      expect(loadMs).toBeGreaterThan(0)
      expect(engineMs).toBeGreaterThan(0)
    } finally {
      await engine.dispose()
    }
  }, 150_000)
})
