import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ModelFileError, inspectModelFile, sha256File } from '../../main/transcription/model-file'
import { SPEECH_DIR, TEST_MODEL } from '../helpers/shared-assets'

const TEST_MODEL_SHA256 = 'dd6b7796204a1cdf7164666423034e6e1a7a3e9f5c22327b4b7974c4584bd82d'

type Tensor = { name: string; type: number; ne: number[]; dataBytes: number }

/** A minimal but structurally valid whisper.cpp ggml file (tiny hparams, tiny mel/vocab sections). */
function ggmlFile(tensors: Tensor[], opts: { magic?: number; nVocabEntries?: number } = {}): Buffer {
  const parts: Buffer[] = []
  const i32 = (...v: number[]) => {
    const b = Buffer.alloc(4 * v.length)
    v.forEach((x, i) => b.writeInt32LE(x, i * 4))
    parts.push(b)
  }
  const u32 = (v: number) => {
    const b = Buffer.alloc(4)
    b.writeUInt32LE(v)
    parts.push(b)
  }
  u32(opts.magic ?? 0x67676d6c)
  // n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype
  i32(51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 0)
  i32(2, 3) // mel filters 2×3
  parts.push(Buffer.alloc(2 * 3 * 4))
  const words = Array.from({ length: opts.nVocabEntries ?? 3 }, (_, i) => `tok${i}`)
  i32(words.length)
  for (const w of words) {
    i32(w.length)
    parts.push(Buffer.from(w))
  }
  for (const t of tensors) {
    i32(t.ne.length, t.name.length, t.type, ...t.ne)
    parts.push(Buffer.from(t.name))
    parts.push(Buffer.alloc(t.dataBytes, 0x11))
  }
  return Buffer.concat(parts)
}

/** Deterministic pseudo-random bytes (xorshift32). */
function noise(n: number, seed = 12345): Buffer {
  const b = Buffer.alloc(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    b[i] = x & 0xff
  }
  return b
}

async function expectModelError(p: string, code: ModelFileError['code']): Promise<ModelFileError> {
  const err = await inspectModelFile(p).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ModelFileError)
  const e = err as ModelFileError
  expect(e.code).toBe(code)
  expect(e.path).toBe(p)
  expect(e.message).toContain(p) // every message names the file
  return e
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'calldesk-model-file-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

// One F32 tensor and one Q8_0 tensor (block size 32, 34 bytes a block).
const TENSORS: Tensor[] = [
  { name: 'encoder.ln_post.weight', type: 0, ne: [8], dataBytes: 8 * 4 },
  { name: 'decoder.blocks.0.attn.query.weight', type: 8, ne: [64, 2], dataBytes: ((64 * 2) / 32) * 34 },
]

describe('inspectModelFile', () => {
  it('reads the weightless test model as a valid tiny.en model with no tensors', async () => {
    const info = await inspectModelFile(TEST_MODEL)
    expect(info).toMatchObject({ path: TEST_MODEL, bytes: 586_836, tensorCount: 0, typeLabel: 'tiny', ftype: 1, ftypeLabel: 'f16', multilingual: false })
    expect(info.hparams).toMatchObject({ n_vocab: 51864, n_audio_layer: 4, n_audio_state: 384, n_mels: 80, n_text_layer: 4 })
  })

  it('walks tensor headers and sizes data by ggml type (F32 and block-quantised Q8_0)', async () => {
    const p = path.join(dir, 'synthetic.bin')
    const buf = ggmlFile(TENSORS)
    await writeFile(p, buf)
    const info = await inspectModelFile(p)
    expect(info.tensorCount).toBe(2)
    expect(info.bytes).toBe(buf.length)
    expect(info.ftypeLabel).toBe('f32')
  })

  it('reports a truncated copy precisely: where it ends and which tensor needs more', async () => {
    const full = ggmlFile(TENSORS.slice(0, 1))
    const cut = full.subarray(0, full.length - 5)
    const p = path.join(dir, 'truncated.bin')
    await writeFile(p, cut)
    const e = await expectModelError(p, 'truncated')
    expect(e.message).toContain(`ends at byte ${cut.length}`)
    expect(e.message).toContain(`tensor 'encoder.ln_post.weight' needs bytes up to ${full.length}`)
    expect(e.message).toMatch(/download it again/)
  })

  it('reports truncation inside a tensor header, the vocabulary and the model header', async () => {
    const full = ggmlFile(TENSORS)
    const firstTensorEnd = ggmlFile(TENSORS.slice(0, 1)).length
    const vocabStart = ggmlFile([], { nVocabEntries: 0 }).length // header + mel + count
    for (const [len, where] of [
      [firstTensorEnd + 6, /tensor #2's header/],
      [vocabStart + 3, /the vocabulary/],
      [20, /the model header/],
    ] as const) {
      const p = path.join(dir, `cut-${len}.bin`)
      await writeFile(p, full.subarray(0, len))
      const e = await expectModelError(p, 'truncated')
      expect(e.message).toMatch(where)
    }
  })

  it('rejects a missing path, a folder and an empty file with their own codes', async () => {
    const missing = await expectModelError(path.join(dir, 'nope.bin'), 'missing')
    expect(missing.message).toMatch(/does not exist/)
    await expectModelError(dir, 'not-a-file')
    const empty = path.join(dir, 'empty.bin')
    await writeFile(empty, '')
    await expectModelError(empty, 'empty')
  })

  it('rejects a WAV file as not-a-model, saying what to do', async () => {
    const wav = path.join(SPEECH_DIR, 'jfk.wav')
    const e = await expectModelError(wav, 'not-a-model')
    expect(e.message).toMatch(/is not a Whisper model \(bad magic/)
    expect(e.message).toMatch(/Choose a ggml-\*\.bin file from whisper\.cpp, or download the default model\./)
  })

  it('rejects random bytes quickly, with or without a ggml magic in front', async () => {
    const rnd = path.join(dir, 'random.bin')
    await writeFile(rnd, noise(1 << 20))
    await expectModelError(rnd, 'not-a-model')

    const withMagic = path.join(dir, 'random-magic.bin')
    const b = noise(1 << 20, 999)
    b.writeUInt32LE(0x67676d6c, 0)
    await writeFile(withMagic, b)
    const t0 = performance.now()
    await expectModelError(withMagic, 'not-a-model')
    expect(performance.now() - t0).toBeLessThan(2000)
  })

  it('rejects implausible tensor headers as not-a-model rather than walking them', async () => {
    const cases: Tensor[] = [
      { name: 'x', type: 99, ne: [4], dataBytes: 16 }, // unknown ggml type
      { name: 'x', type: 8, ne: [33], dataBytes: 34 }, // not a whole Q8_0 block
      { name: 'x', type: 0, ne: [1, 1, 1, 1, 1], dataBytes: 4 }, // 5 dims
    ]
    for (const [i, t] of cases.entries()) {
      const p = path.join(dir, `bad-tensor-${i}.bin`)
      await writeFile(p, ggmlFile([t]))
      await expectModelError(p, 'not-a-model')
    }
  })
})

describe('sha256File', () => {
  it('matches the published digest of the test model and reports progress up to the size', async () => {
    const seen: number[] = []
    const digest = await sha256File(TEST_MODEL, (done, total) => {
      expect(total).toBe(586_836)
      seen.push(done)
    })
    expect(digest).toBe(TEST_MODEL_SHA256)
    expect(seen.at(-1)).toBe(586_836)
  })

  it('changes when one byte of a copy changes (and the copy still inspects as a model)', async () => {
    const p = path.join(dir, 'tampered.bin')
    await copyFile(TEST_MODEL, p)
    const buf = await readFile(p)
    buf[buf.length - 10] = buf[buf.length - 10]! ^ 0x01
    await writeFile(p, buf)
    await expect(inspectModelFile(p)).resolves.toMatchObject({ tensorCount: 0 })
    const digest = await sha256File(p)
    expect(digest).not.toBe(TEST_MODEL_SHA256)
    expect(digest).toMatch(/^[0-9a-f]{64}$/)
  })

  it('throws a ModelFileError for a missing file', async () => {
    await expect(sha256File(path.join(dir, 'gone.bin'))).rejects.toMatchObject({ code: 'missing' })
  })
})
