/**
 * A synthetic whisper.cpp tiny.en model for latency benchmarks.
 *
 * Real Whisper weights cannot be downloaded on the build machines, and the
 * weightless test model (for-tests-ggml-tiny.en.bin) makes whisper.cpp compute
 * on uninitialised memory, which is unrepresentatively slow. This writes a ggml
 * file with the test model's header, hyper-parameters, mel filters and vocabulary
 * copied verbatim, followed by every tensor whisper.cpp's `whisper_model_load`
 * expects, with the real tiny.en shapes and types (ftype 1: F16 matrices and conv
 * kernels, F32 biases, layer norms, conv biases and positional embeddings) and
 * small deterministic random values. The compute per encoder pass / decoder
 * token is therefore that of the real ggml-tiny.en.bin (77,704,715 bytes); what
 * it transcribes is nonsense.
 *
 * Tensor names, shapes and order follow whisper.cpp's src/whisper.cpp
 * (`whisper_model_load`, ASR_TENSOR_NAMES in whisper-arch.h) and
 * models/convert-pt-to-ggml.py (PyTorch state_dict order; conv biases stored as
 * [n_state, 1]; ne[] written innermost dimension first).
 *
 * CLI:
 *   npx tsx bench/synthetic-model.ts <out.bin> [--seed N]
 *     → prints { path, bytes, tensors, ms }
 *   npx tsx bench/synthetic-model.ts <out.bin> --bench [--threads 2,1] [--seconds 3,8] [--reuse]
 *     → also loads it in the speech engine process and times load + transcription of
 *       slices of ../shared/speech/give-first-call.wav; prints one JSON object.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { WhisperHparams } from '../main/transcription/model-file'
import { SPEECH_DIR, TEST_MODEL } from '../tests/helpers/shared-assets'

export const GGML_MAGIC = 0x67676d6c // 'ggml'
export const GGML_TYPE_F32 = 0
export const GGML_TYPE_F16 = 1
/** Official size of ggml-tiny.en.bin (Hugging Face ggerganov/whisper.cpp). */
export const OFFICIAL_TINY_EN_BYTES = 77_704_715

export const TEST_MODEL_PATH = TEST_MODEL
export const SPEECH_SAMPLE_PATH = path.join(SPEECH_DIR, 'give-first-call.wav')

const HPARAM_KEYS: (keyof WhisperHparams)[] = [
  'n_vocab', 'n_audio_ctx', 'n_audio_state', 'n_audio_head', 'n_audio_layer',
  'n_text_ctx', 'n_text_state', 'n_text_head', 'n_text_layer', 'n_mels', 'ftype',
]

/** The hyper-parameters of tiny.en, as in the official file and the test model. */
export const TINY_EN_HPARAMS: Readonly<WhisperHparams> = {
  n_vocab: 51864, n_audio_ctx: 1500, n_audio_state: 384, n_audio_head: 6, n_audio_layer: 4,
  n_text_ctx: 448, n_text_state: 384, n_text_head: 6, n_text_layer: 4, n_mels: 80, ftype: 1,
}

/** base.en: the same vocabulary, mel filters and contexts; wider (512) and deeper (6 layers). */
export const BASE_EN_HPARAMS: Readonly<WhisperHparams> = {
  ...TINY_EN_HPARAMS,
  n_audio_state: 512, n_audio_head: 8, n_audio_layer: 6,
  n_text_state: 512, n_text_head: 8, n_text_layer: 6,
}

export type ModelShape = 'tiny.en' | 'base.en'
export const SHAPES: Record<ModelShape, Readonly<WhisperHparams>> = { 'tiny.en': TINY_EN_HPARAMS, 'base.en': BASE_EN_HPARAMS }

export type TensorInit = 'matrix' | 'embedding' | 'ln-weight' | 'ln-bias' | 'bias'

export interface TensorSpec {
  name: string
  /** ggml order: ne[0] is the innermost (fastest-varying) dimension. */
  ne: number[]
  type: typeof GGML_TYPE_F32 | typeof GGML_TYPE_F16
  init: TensorInit
}

export interface TensorRecord {
  name: string
  ne: number[]
  ttype: number
  /** Offset of the record's first byte (its n_dims field). */
  offset: number
  dataOffset: number
  dataBytes: number
}

export interface GgmlModelInfo {
  hparams: WhisperHparams
  nMel: number
  nFft: number
  nVocabWords: number
  /** Bytes of magic + hparams + mel filters + vocabulary, i.e. where the tensor records begin. */
  headerBytes: number
  tensors: TensorRecord[]
  fileBytes: number
}

/**
 * The tensors whisper.cpp's whisper_model_load creates for these hparams
 * (ftype 1 = F16 weights), in the order the official converter writes them.
 */
export function whisperTensorSpecs(h: WhisperHparams): TensorSpec[] {
  if (h.ftype !== 1) throw new Error(`only ftype 1 (F16) is supported, the header says ${h.ftype}`)
  if (h.n_audio_state !== h.n_text_state) throw new Error('n_audio_state must equal n_text_state')
  const F16 = GGML_TYPE_F16
  const F32 = GGML_TYPE_F32
  const specs: TensorSpec[] = []
  const t = (name: string, ne: number[], type: TensorSpec['type'], init: TensorInit) => specs.push({ name, ne, type, init })

  const block = (prefix: string, n: number, cross: boolean) => {
    const attn = (p: string) => {
      t(`${p}.query.weight`, [n, n], F16, 'matrix')
      t(`${p}.query.bias`, [n], F32, 'bias')
      t(`${p}.key.weight`, [n, n], F16, 'matrix') // whisper's key projection has no bias
      t(`${p}.value.weight`, [n, n], F16, 'matrix')
      t(`${p}.value.bias`, [n], F32, 'bias')
      t(`${p}.out.weight`, [n, n], F16, 'matrix')
      t(`${p}.out.bias`, [n], F32, 'bias')
    }
    attn(`${prefix}.attn`)
    t(`${prefix}.attn_ln.weight`, [n], F32, 'ln-weight')
    t(`${prefix}.attn_ln.bias`, [n], F32, 'ln-bias')
    if (cross) {
      attn(`${prefix}.cross_attn`)
      t(`${prefix}.cross_attn_ln.weight`, [n], F32, 'ln-weight')
      t(`${prefix}.cross_attn_ln.bias`, [n], F32, 'ln-bias')
    }
    t(`${prefix}.mlp.0.weight`, [n, 4 * n], F16, 'matrix')
    t(`${prefix}.mlp.0.bias`, [4 * n], F32, 'bias')
    t(`${prefix}.mlp.2.weight`, [4 * n, n], F16, 'matrix')
    t(`${prefix}.mlp.2.bias`, [n], F32, 'bias')
    t(`${prefix}.mlp_ln.weight`, [n], F32, 'ln-weight')
    t(`${prefix}.mlp_ln.bias`, [n], F32, 'ln-bias')
  }

  const na = h.n_audio_state
  t('encoder.positional_embedding', [na, h.n_audio_ctx], F32, 'embedding')
  t('encoder.conv1.weight', [3, h.n_mels, na], F16, 'matrix')
  t('encoder.conv1.bias', [1, na], F32, 'bias')
  t('encoder.conv2.weight', [3, na, na], F16, 'matrix')
  t('encoder.conv2.bias', [1, na], F32, 'bias')
  for (let i = 0; i < h.n_audio_layer; i++) block(`encoder.blocks.${i}`, na, false)
  t('encoder.ln_post.weight', [na], F32, 'ln-weight')
  t('encoder.ln_post.bias', [na], F32, 'ln-bias')

  const nt = h.n_text_state
  t('decoder.positional_embedding', [nt, h.n_text_ctx], F32, 'embedding')
  t('decoder.token_embedding.weight', [nt, h.n_vocab], F16, 'embedding')
  for (let i = 0; i < h.n_text_layer; i++) block(`decoder.blocks.${i}`, nt, true)
  t('decoder.ln.weight', [nt], F32, 'ln-weight')
  t('decoder.ln.bias', [nt], F32, 'ln-bias')

  // whisper_model_load: n_tensors = 10 + 15 + 15*n_audio_layer + 24*n_text_layer is a
  // context-size upper bound; the real count is 7 + 15*n_audio_layer + 4 + 24*n_text_layer.
  return specs
}

export const elementCount = (ne: readonly number[]) => ne.reduce((a, b) => a * b, 1)
export const bytesPerElement = (ttype: number) => {
  if (ttype === GGML_TYPE_F32) return 4
  if (ttype === GGML_TYPE_F16) return 2
  throw new Error(`unsupported ggml type ${ttype}`)
}
const recordHeaderBytes = (spec: { name: string; ne: readonly number[] }) =>
  12 + 4 * spec.ne.length + Buffer.byteLength(spec.name, 'utf8')

/** Bytes the tensor records for these specs take (headers + data). */
export function tensorRecordsBytes(specs: readonly TensorSpec[]): number {
  return specs.reduce((sum, s) => sum + recordHeaderBytes(s) + elementCount(s.ne) * bytesPerElement(s.type), 0)
}

/** Sequential reader over a file handle with a small buffer (no whole-file reads). */
class FileReader {
  private buf = Buffer.alloc(1 << 16)
  private bufStart = 0
  private bufLen = 0
  pos = 0
  constructor(private readonly fh: fsp.FileHandle, readonly size: number) {}

  async ensure(n: number): Promise<void> {
    const end = this.pos + n
    if (end > this.size) throw new Error(`unexpected end of file at byte ${this.pos} (wanted ${n} more, file is ${this.size})`)
    if (this.pos >= this.bufStart && end <= this.bufStart + this.bufLen) return
    if (n > this.buf.length) this.buf = Buffer.alloc(n)
    const { bytesRead } = await this.fh.read(this.buf, 0, Math.min(this.buf.length, this.size - this.pos), this.pos)
    this.bufStart = this.pos
    this.bufLen = bytesRead
  }
  async i32(): Promise<number> {
    await this.ensure(4)
    const v = this.buf.readInt32LE(this.pos - this.bufStart)
    this.pos += 4
    return v
  }
  async u32(): Promise<number> {
    await this.ensure(4)
    const v = this.buf.readUInt32LE(this.pos - this.bufStart)
    this.pos += 4
    return v
  }
  async bytes(n: number): Promise<Buffer> {
    await this.ensure(n)
    const off = this.pos - this.bufStart
    this.pos += n
    return Buffer.from(this.buf.subarray(off, off + n))
  }
  skip(n: number): void {
    if (this.pos + n > this.size) throw new Error(`unexpected end of file: skipping ${n} bytes at ${this.pos} passes the end (${this.size})`)
    this.pos += n
  }
}

/**
 * Parses a whisper.cpp ggml model file: header, then walks every tensor record
 * to EOF (as whisper_model_load does), checking each record fits in the file.
 */
export async function inspectGgmlModel(filePath: string): Promise<GgmlModelInfo> {
  const fh = await fsp.open(filePath, 'r')
  try {
    const { size } = await fh.stat()
    const r = new FileReader(fh, size)
    const magic = await r.u32()
    if (magic !== GGML_MAGIC) throw new Error(`bad magic 0x${magic.toString(16)} (want 0x${GGML_MAGIC.toString(16)})`)
    const hparams = {} as WhisperHparams
    for (const k of HPARAM_KEYS) hparams[k] = await r.i32()
    const nMel = await r.i32()
    const nFft = await r.i32()
    if (nMel < 0 || nFft < 0) throw new Error(`bad mel filter size ${nMel}x${nFft}`)
    r.skip(nMel * nFft * 4)
    const nVocabWords = await r.i32()
    for (let i = 0; i < nVocabWords; i++) r.skip(await r.u32())
    const headerBytes = r.pos

    const tensors: TensorRecord[] = []
    while (r.pos < size) {
      const offset = r.pos
      const nDims = await r.i32()
      const nameLen = await r.i32()
      const ttype = await r.i32()
      if (nDims < 0 || nDims > 4) throw new Error(`record at ${offset}: invalid n_dims ${nDims}`)
      if (nameLen <= 0 || nameLen > 1024) throw new Error(`record at ${offset}: invalid name length ${nameLen}`)
      const ne: number[] = []
      for (let i = 0; i < nDims; i++) ne.push(await r.i32())
      const name = (await r.bytes(nameLen)).toString('utf8')
      const dataBytes = elementCount(ne) * bytesPerElement(ttype)
      const dataOffset = r.pos
      r.skip(dataBytes)
      tensors.push({ name, ne, ttype, offset, dataOffset, dataBytes })
    }
    return { hparams, nMel, nFft, nVocabWords, headerBytes, tensors, fileBytes: size }
  } finally {
    await fh.close()
  }
}

/** mulberry32: small, fast, deterministic 32-bit PRNG → [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a of the tensor name mixed with the seed: each tensor's values do not depend on file order. */
function tensorSeed(name: string, seed: number): number {
  let h = 0x811c9dc5 ^ (seed >>> 0)
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193)
  return h >>> 0
}

const f32Scratch = new Float32Array(1)
const u32Scratch = new Uint32Array(f32Scratch.buffer)
/** IEEE binary32 → binary16 bits, round to nearest even. */
export function toHalfBits(v: number): number {
  f32Scratch[0] = v
  const x = u32Scratch[0]!
  const sign = (x >>> 16) & 0x8000
  const exp = (x >>> 23) & 0xff
  let mant = x & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0)
  const e = exp - 127 + 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    if (e < -10) return sign
    mant |= 0x800000
    const shift = 14 - e
    let h = mant >>> shift
    const rem = mant & ((1 << shift) - 1)
    const half = 1 << (shift - 1)
    if (rem > half || (rem === half && (h & 1))) h++
    return sign | h
  }
  let h = (e << 10) | (mant >>> 13)
  const rem = mant & 0x1fff
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1))) h++
  return sign | h
}

/** Value generator for one tensor: small uniform noise around the init's centre. */
function valueGenerator(init: TensorInit, rand: () => number): () => number {
  const uniform = (centre: number, half: number) => () => centre + (rand() * 2 - 1) * half
  switch (init) {
    case 'matrix': return uniform(0, 0.02)
    case 'embedding': return uniform(0, 0.02)
    case 'ln-weight': return uniform(1, 0.01)
    case 'ln-bias': return uniform(0, 0.001)
    case 'bias': return uniform(0, 0.001)
  }
}

export interface SyntheticModelOptions {
  /** PRNG seed (default 1). Same seed → byte-identical file. */
  seed?: number
  /** Source of the header/hparams/mel filters/vocab (default: the shared test model). */
  templatePath?: string
  /** Tensor shapes to write (default tiny.en); the header's hyper-parameters are rewritten to match. */
  shape?: ModelShape
}

const CHUNK_ELEMENTS = 1 << 18

/**
 * Writes a synthetic tiny.en model to outPath: the template's header bytes
 * verbatim, then every tensor whisper.cpp expects, filled with small random
 * values. Streams in ≤1 MiB chunks, so memory stays modest.
 */
export async function writeSyntheticTinyEn(outPath: string, opts: SyntheticModelOptions = {}): Promise<{ bytes: number; tensors: number }> {
  const seed = opts.seed ?? 1
  const template = await inspectGgmlModel(opts.templatePath ?? TEST_MODEL_PATH)
  for (const k of HPARAM_KEYS) {
    if (template.hparams[k] !== TINY_EN_HPARAMS[k]) {
      throw new Error(`template is not tiny.en: ${k} = ${template.hparams[k]}, expected ${TINY_EN_HPARAMS[k]}`)
    }
  }
  const hparams = SHAPES[opts.shape ?? 'tiny.en']
  const specs = whisperTensorSpecs(hparams)
  const header = Buffer.alloc(template.headerBytes)
  const src = await fsp.open(opts.templatePath ?? TEST_MODEL_PATH, 'r')
  try {
    await src.read(header, 0, header.length, 0)
  } finally {
    await src.close()
  }
  // The hyper-parameters follow the magic, in HPARAM_KEYS order.
  HPARAM_KEYS.forEach((k, i) => header.writeInt32LE(hparams[k], 4 + 4 * i))

  await fsp.mkdir(path.dirname(path.resolve(outPath)), { recursive: true })
  const out = fs.createWriteStream(outPath)
  const failed = new Promise<never>((_, reject) => out.once('error', reject))
  failed.catch(() => undefined)
  const write = async (chunk: Buffer) => {
    if (!out.write(chunk)) await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed])
  }

  let bytes = 0
  try {
    await write(header)
    bytes += header.length
    for (const spec of specs) {
      const name = Buffer.from(spec.name, 'utf8')
      const rec = Buffer.alloc(12 + 4 * spec.ne.length + name.length)
      rec.writeInt32LE(spec.ne.length, 0)
      rec.writeInt32LE(name.length, 4)
      rec.writeInt32LE(spec.type, 8)
      spec.ne.forEach((d, i) => rec.writeInt32LE(d, 12 + 4 * i))
      name.copy(rec, 12 + 4 * spec.ne.length)
      await write(rec)
      bytes += rec.length

      const next = valueGenerator(spec.init, mulberry32(tensorSeed(spec.name, seed)))
      const bpe = bytesPerElement(spec.type)
      let left = elementCount(spec.ne)
      while (left > 0) {
        const n = Math.min(left, CHUNK_ELEMENTS)
        const chunk = Buffer.allocUnsafe(n * bpe)
        if (spec.type === GGML_TYPE_F16) {
          for (let i = 0; i < n; i++) chunk.writeUInt16LE(toHalfBits(next()), 2 * i)
        } else {
          for (let i = 0; i < n; i++) chunk.writeFloatLE(next(), 4 * i)
        }
        await write(chunk)
        bytes += chunk.length
        left -= n
      }
    }
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject)
      out.end(() => resolve())
    })
  } catch (err) {
    out.destroy()
    await fsp.rm(outPath, { force: true })
    throw err
  }
  return { bytes, tensors: specs.length }
}

// ---------------------------------------------------------------------------
// Benchmark (CLI --bench): load in the app's speech engine process and time transcription.

/** 16 kHz mono s16le samples [startS, startS + seconds) of a 44-byte-header WAV. */
export async function readWavSlice(wavPath: string, startS: number, seconds: number): Promise<Int16Array> {
  const buf = await fsp.readFile(wavPath)
  const total = Math.floor((buf.length - 44) / 2)
  const from = Math.min(total, Math.round(startS * 16000))
  const to = Math.min(total, from + Math.round(seconds * 16000))
  const out = new Int16Array(to - from)
  for (let i = 0; i < out.length; i++) out[i] = buf.readInt16LE(44 + 2 * (from + i))
  return out
}

export interface BenchRun {
  threads: number
  audioSeconds: number
  /** Time whisper.cpp spent, as the engine process measured it. */
  engineMs: number
  /** Round trip through the engine process (IPC included). */
  ms: number
  textLength: number
  text: string
}

export async function benchModel(modelPath: string, opts: {
  threads: number[]
  seconds: number[]
}): Promise<{ model: string; loads: { threads: number; ms: number }[]; runs: BenchRun[] }> {
  const { SpeechEngine } = await import('../main/transcription/speech-engine')
  // Slices that start just before speech in give-first-call.wav (utterance 1 at 0.81 s, 2 at 5.33 s).
  const startFor = (s: number) => (s <= 4 ? 0.7 : 5.0)
  const loads: { threads: number; ms: number }[] = []
  const runs: BenchRun[] = []
  for (const threads of opts.threads) {
    const engine = new SpeechEngine({ modelPath, threads })
    const t0 = performance.now()
    await engine.load()
    loads.push({ threads, ms: Math.round(performance.now() - t0) })
    try {
      for (const seconds of opts.seconds) {
        const pcm = await readWavSlice(SPEECH_SAMPLE_PATH, startFor(seconds), seconds)
        const t1 = performance.now()
        const { text, engineMs } = await engine.transcribe(pcm)
        const ms = Math.round(performance.now() - t1)
        runs.push({ threads, audioSeconds: seconds, engineMs: Math.round(engineMs), ms, textLength: text.length, text: text.slice(0, 200) })
        process.stderr.write(`threads=${threads} audio=${seconds}s → ${Math.round(engineMs)} ms in whisper.cpp, ${ms} ms round trip, ${text.length} chars\n`)
      }
    } finally {
      await engine.dispose()
    }
  }
  return { model: modelPath, loads, runs }
}

async function main(argv: string[]): Promise<void> {
  const valueFlags = new Set(['--seed', '--threads', '--seconds'])
  const outPath = argv.find((a, i) => !a.startsWith('--') && !valueFlags.has(argv[i - 1] ?? ''))
  if (!outPath) {
    process.stderr.write('usage: npx tsx bench/synthetic-model.ts <out.bin> [--seed N] [--bench [--threads 2,1] [--seconds 3,8] [--reuse]]\n')
    process.exit(2)
  }
  const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined)
  const list = (v: string | undefined, d: number[]) => (v ? v.split(',').map(Number) : d)
  const seed = Number(flag('--seed') ?? 1)
  const resolved = path.resolve(outPath)
  let summary: { path: string; bytes: number; tensors: number; ms: number; reused?: boolean }
  if (argv.includes('--reuse') && fs.existsSync(resolved)) {
    const info = await inspectGgmlModel(resolved)
    summary = { path: resolved, bytes: info.fileBytes, tensors: info.tensors.length, ms: 0, reused: true }
  } else {
    const t0 = performance.now()
    const { bytes, tensors } = await writeSyntheticTinyEn(resolved, { seed })
    summary = { path: resolved, bytes, tensors, ms: Math.round(performance.now() - t0) }
  }
  if (!argv.includes('--bench')) {
    process.stdout.write(JSON.stringify(summary) + '\n')
    return
  }
  const bench = await benchModel(resolved, { threads: list(flag('--threads'), [2, 1]), seconds: list(flag('--seconds'), [3, 8]) })
  process.stdout.write(JSON.stringify({ ...summary, ...bench }, null, 2) + '\n')
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2))
}
