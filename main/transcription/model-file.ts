/**
 * Reads a whisper.cpp ggml model file's structure without loading it into
 * whisper. Loading a broken file into the native engine gives either an
 * unhelpful "failed to load" or, for a truncated file, a crash in the engine
 * process; walking the headers first lets the app tell the rep exactly what is
 * wrong and what to do.
 *
 * Layout (little-endian, as whisper.cpp's whisper_model_load reads it):
 *   uint32 magic 'ggml' (0x67676d6c)
 *   int32 × 11 hparams
 *   int32 n_mel, int32 n_fft, n_mel*n_fft float32 (mel filters)
 *   int32 n_vocab, then n_vocab × (uint32 len, len bytes)
 *   tensors until EOF: int32 n_dims, int32 name_len, int32 ttype,
 *     n_dims × int32 ne, name bytes, tensor data
 */
import { createReadStream } from 'node:fs'
import { open, stat, type FileHandle } from 'node:fs/promises'
import { createHash } from 'node:crypto'

export const GGML_MAGIC = 0x67676d6c

export type ModelFileErrorCode =
  | 'missing'
  | 'not-a-file'
  | 'empty'
  | 'not-a-model'
  | 'truncated'
  | 'unreadable'
  /** A valid Whisper file whose sha256 matches no official model (import only). */
  | 'not-official'

/** A model file problem the rep can act on: `message` names the file and says what to do. */
export class ModelFileError extends Error {
  override readonly name = 'ModelFileError'
  constructor(
    readonly code: ModelFileErrorCode,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** Field names as whisper.cpp prints them, so they can be compared with its load log. */
export interface WhisperHparams {
  n_vocab: number
  n_audio_ctx: number
  n_audio_state: number
  n_audio_head: number
  n_audio_layer: number
  n_text_ctx: number
  n_text_state: number
  n_text_head: number
  n_text_layer: number
  n_mels: number
  /** As stored: may carry the quantisation version × 1000 (see ModelInfo.ftype). */
  ftype: number
}

export type ModelTypeLabel = 'tiny' | 'base' | 'small' | 'medium' | 'large' | 'unknown'

export interface ModelInfo {
  path: string
  bytes: number
  hparams: WhisperHparams
  /** 0 for whisper.cpp's weightless test model. */
  tensorCount: number
  typeLabel: ModelTypeLabel
  /** Weight format with the quantisation version stripped (hparams.ftype % 1000). */
  ftype: number
  /** e.g. 'f16', 'q5_1'. */
  ftypeLabel: string
  multilingual: boolean
  /** Entries in the file's vocabulary section (may be fewer than hparams.n_vocab). */
  vocabSize: number
}

// ggml_type → [bytes per block, elements per block]. Only types a whisper.cpp
// model can contain; anything else in a tensor header means the file is not one.
const GGML_TYPE_SIZES: Record<number, readonly [number, number, string]> = {
  0: [4, 1, 'f32'],
  1: [2, 1, 'f16'],
  2: [18, 32, 'q4_0'], // fp16 d + 16 bytes of nibbles
  3: [20, 32, 'q4_1'], // fp16 d, m + 16
  6: [22, 32, 'q5_0'], // fp16 d + 4 bytes high bits + 16
  7: [24, 32, 'q5_1'], // fp16 d, m + 4 + 16
  8: [34, 32, 'q8_0'], // fp16 d + 32
  9: [36, 32, 'q8_1'], // fp16 d, s + 32
  10: [84, 256, 'q2_K'],
  11: [110, 256, 'q3_K'],
  12: [144, 256, 'q4_K'],
  13: [176, 256, 'q5_K'],
  14: [210, 256, 'q6_K'],
  15: [292, 256, 'q8_K'],
  30: [2, 1, 'bf16'],
}

// ggml_ftype (hparams.ftype) → label.
const FTYPE_LABELS: Record<number, string> = {
  0: 'f32',
  1: 'f16',
  2: 'q4_0',
  3: 'q4_1',
  4: 'q4_1 (some f16)',
  7: 'q8_0',
  8: 'q5_0',
  9: 'q5_1',
  10: 'q2_K',
  11: 'q3_K',
  12: 'q4_K',
  13: 'q5_K',
  14: 'q6_K',
  24: 'bf16',
}

const TYPE_BY_LAYERS: Record<number, ModelTypeLabel> = { 4: 'tiny', 6: 'base', 12: 'small', 24: 'medium', 32: 'large' }

// Sanity bounds. Real models are far inside them (large-v3: n_vocab 51866,
// n_audio_state 1280, n_mels 128); a random or foreign file trips them at once
// instead of making us walk (or allocate for) billions of "entries".
const LIMITS = {
  n_vocab: 100_000,
  ctx: 65_536,
  state: 16_384,
  head: 1_024,
  layer: 1_024,
  n_mels: 1_024,
  n_fft: 8_192,
  tokenBytes: 4_096,
  nameBytes: 256,
  tensors: 100_000,
  elements: 2 ** 31 - 1, // whisper.cpp multiplies ne into an int32
}

const HINT_CHOOSE = 'Choose a ggml-*.bin file from whisper.cpp, or download the default model.'
const HINT_REDOWNLOAD = 'the file is incomplete — download it again'

/** Map a Node fs error to the rep-facing error for `path`. */
export function fileErrorFromNode(err: unknown, path: string): ModelFileError {
  if (err instanceof ModelFileError) return err
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ModelFileError('missing', path, `The speech model file "${path}" does not exist. ${HINT_CHOOSE}`, { cause: err })
  }
  if (code === 'EISDIR') {
    return new ModelFileError('not-a-file', path, `"${path}" is a folder, not a model file. ${HINT_CHOOSE}`, { cause: err })
  }
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error | undefined)?.message ?? String(err)
  return new ModelFileError(
    'unreadable',
    path,
    `Could not read the speech model file "${path}" (${why}). Check that the file is readable and not in use, or choose another ggml-*.bin file.`,
    { cause: err },
  )
}

function notAModel(path: string, why: string): ModelFileError {
  return new ModelFileError('not-a-model', path, `"${path}" is not a Whisper model (${why}). ${HINT_CHOOSE}`)
}

/** A guess at what a file with the wrong magic is, so the message is more than "bad magic". */
function describeForeignFile(head: Buffer): string {
  const ascii = head.subarray(0, 4).toString('latin1')
  if (ascii === 'GGUF') return 'bad magic: this is a GGUF file, e.g. a llama.cpp model, not a whisper.cpp model'
  if (ascii === 'RIFF') return 'bad magic: it looks like an audio (WAV) file'
  if (head[0] === 0x50 && head[1] === 0x4b) return 'bad magic: it looks like a zip archive; unzip it first'
  if (ascii.startsWith('<') || ascii.startsWith('{')) return 'bad magic: it looks like a web page or text, probably a failed download'
  return 'bad magic'
}

/**
 * Buffered, bounds-checked reads over a file handle. Reading the ~52k vocab
 * entries one syscall each would take seconds; a 64 KiB window makes it a
 * handful, and tensor data is skipped by moving `pos` without reading.
 */
class HeaderReader {
  pos = 0
  private buf = Buffer.alloc(64 * 1024)
  private bufStart = 0
  private bufLen = 0

  constructor(
    private readonly fh: FileHandle,
    readonly size: number,
    private readonly path: string,
  ) {}

  /** Throws 'truncated' unless `n` more bytes exist after pos. */
  require(n: number, what: string): void {
    const need = this.pos + n
    if (need > this.size) {
      throw new ModelFileError(
        'truncated',
        this.path,
        `"${this.path}" ends at byte ${this.size} but ${what} needs bytes up to ${need}: ${HINT_REDOWNLOAD}.`,
      )
    }
  }

  async bytes(n: number, what: string): Promise<Buffer> {
    this.require(n, what)
    if (n > this.buf.length) this.buf = Buffer.alloc(n)
    if (this.pos < this.bufStart || this.pos + n > this.bufStart + this.bufLen) {
      this.bufStart = this.pos
      this.bufLen = 0
      const want = Math.min(this.buf.length, this.size - this.pos)
      while (this.bufLen < want) {
        const { bytesRead } = await this.fh.read(this.buf, this.bufLen, want - this.bufLen, this.bufStart + this.bufLen)
        if (bytesRead === 0) break // file shrank under us; caught by the check below
        this.bufLen += bytesRead
      }
      if (this.bufLen < n) {
        throw new ModelFileError('truncated', this.path, `"${this.path}" changed size while it was being read: ${HINT_REDOWNLOAD}.`)
      }
    }
    const off = this.pos - this.bufStart
    this.pos += n
    return this.buf.subarray(off, off + n)
  }

  async int32(what: string): Promise<number> {
    return (await this.bytes(4, what)).readInt32LE(0)
  }

  async uint32(what: string): Promise<number> {
    return (await this.bytes(4, what)).readUInt32LE(0)
  }

  skip(n: number, what: string): void {
    this.require(n, what)
    this.pos += n
  }
}

/**
 * Walks a whisper.cpp model file's headers (never its weights) and reports
 * what it is. Throws ModelFileError with a rep-facing message on any problem.
 */
export async function inspectModelFile(path: string): Promise<ModelInfo> {
  let size: number
  try {
    const st = await stat(path)
    if (!st.isFile()) {
      const what = st.isDirectory() ? 'a folder' : 'not a regular file'
      throw new ModelFileError('not-a-file', path, `"${path}" is ${what}, not a model file. ${HINT_CHOOSE}`)
    }
    size = st.size
  } catch (err) {
    throw fileErrorFromNode(err, path)
  }
  if (size === 0) {
    throw new ModelFileError(
      'empty',
      path,
      `"${path}" is empty (0 bytes), probably from a failed download. Download the model again or choose another ggml-*.bin file.`,
    )
  }

  let fh: FileHandle
  try {
    fh = await open(path, 'r')
  } catch (err) {
    throw fileErrorFromNode(err, path)
  }
  try {
    return await walk(new HeaderReader(fh, size, path), path, size)
  } catch (err) {
    throw fileErrorFromNode(err, path)
  } finally {
    await fh.close().catch(() => undefined)
  }
}

async function walk(r: HeaderReader, path: string, size: number): Promise<ModelInfo> {
  if (size < 4) throw notAModel(path, `only ${size} byte${size === 1 ? '' : 's'} long`)
  const head = await r.bytes(4, 'the file header')
  if (head.readUInt32LE(0) !== GGML_MAGIC) throw notAModel(path, describeForeignFile(Buffer.from(head)))

  // Past the magic a short file is an incomplete model, not a foreign file.
  const fields = [
    'n_vocab', 'n_audio_ctx', 'n_audio_state', 'n_audio_head', 'n_audio_layer',
    'n_text_ctx', 'n_text_state', 'n_text_head', 'n_text_layer', 'n_mels', 'ftype',
  ] as const
  r.require(fields.length * 4, 'the model header')
  const hp = {} as WhisperHparams
  for (const f of fields) hp[f] = await r.int32('the model header')

  const bounds: Array<[keyof WhisperHparams, number]> = [
    ['n_vocab', LIMITS.n_vocab],
    ['n_audio_ctx', LIMITS.ctx],
    ['n_audio_state', LIMITS.state],
    ['n_audio_head', LIMITS.head],
    ['n_audio_layer', LIMITS.layer],
    ['n_text_ctx', LIMITS.ctx],
    ['n_text_state', LIMITS.state],
    ['n_text_head', LIMITS.head],
    ['n_text_layer', LIMITS.layer],
    ['n_mels', LIMITS.n_mels],
  ]
  for (const [k, max] of bounds) {
    if (hp[k] < 1 || hp[k] > max) throw notAModel(path, `implausible ${k} = ${hp[k]}`)
  }
  if (hp.ftype < 0) throw notAModel(path, `implausible ftype = ${hp.ftype}`)
  const ftype = hp.ftype % 1000 // whisper.cpp stores the quantisation version as ftype / 1000
  if (ftype > 40) throw notAModel(path, `unknown weight format (ftype ${hp.ftype})`)

  const nMel = await r.int32('the mel filter header')
  const nFft = await r.int32('the mel filter header')
  if (nMel < 1 || nMel > LIMITS.n_mels || nFft < 1 || nFft > LIMITS.n_fft) {
    throw notAModel(path, `implausible mel filter size ${nMel}×${nFft}`)
  }
  r.skip(nMel * nFft * 4, 'the mel filters')

  const vocabSize = await r.int32('the vocabulary')
  if (vocabSize < 0 || vocabSize > LIMITS.n_vocab) throw notAModel(path, `implausible vocabulary size ${vocabSize}`)
  for (let i = 0; i < vocabSize; i++) {
    const len = await r.uint32('the vocabulary')
    if (len > LIMITS.tokenBytes) throw notAModel(path, `vocabulary entry ${i} is ${len} bytes long`)
    r.skip(len, 'the vocabulary')
  }

  let tensorCount = 0
  // whisper.cpp reads tensors until EOF, so a clean end is exactly at a tensor boundary.
  while (r.pos < size) {
    if (tensorCount >= LIMITS.tensors) throw notAModel(path, `more than ${LIMITS.tensors} tensors`)
    const at = `tensor #${tensorCount + 1}'s header`
    const nDims = await r.int32(at)
    const nameLen = await r.int32(at)
    const ttype = await r.int32(at)
    if (nDims < 1 || nDims > 4) throw notAModel(path, `tensor #${tensorCount + 1} has ${nDims} dimensions`)
    if (nameLen < 1 || nameLen > LIMITS.nameBytes) throw notAModel(path, `tensor #${tensorCount + 1} has a ${nameLen}-byte name`)
    const typeSize = GGML_TYPE_SIZES[ttype]
    if (!typeSize) throw notAModel(path, `tensor #${tensorCount + 1} has unknown type ${ttype}`)
    const ne: number[] = []
    for (let d = 0; d < nDims; d++) ne.push(await r.int32(at))
    const nameBuf = await r.bytes(nameLen, at)
    const name = nameBuf.toString('latin1')
    if (!/^[\x20-\x7e]+$/.test(name)) throw notAModel(path, `tensor #${tensorCount + 1} has a garbled name`)

    let elements = 1
    for (const n of ne) {
      if (n < 1) throw notAModel(path, `tensor '${name}' has shape [${ne.join(', ')}]`)
      elements *= n
    }
    if (elements > LIMITS.elements) throw notAModel(path, `tensor '${name}' is implausibly large`)
    const [blockBytes, blockElems] = typeSize
    if (ne[0]! % blockElems !== 0) {
      throw notAModel(path, `tensor '${name}' has ${ne[0]} columns, not a multiple of its ${typeSize[2]} block size`)
    }
    r.skip((elements / blockElems) * blockBytes, `tensor '${name}'`)
    tensorCount++
  }

  return {
    path,
    bytes: size,
    hparams: hp,
    tensorCount,
    typeLabel: TYPE_BY_LAYERS[hp.n_audio_layer] ?? 'unknown',
    ftype,
    ftypeLabel: FTYPE_LABELS[ftype] ?? `ftype ${ftype}`,
    // The English-only vocabulary has 51864 tokens; multilingual ones have more.
    multilingual: hp.n_vocab >= 51865,
    vocabSize,
  }
}

/** Streaming sha256 (lowercase hex) of a file; `onProgress(bytesRead, totalBytes)` as chunks are hashed. */
export async function sha256File(path: string, onProgress?: (bytesRead: number, totalBytes: number) => void): Promise<string> {
  let total: number
  try {
    total = (await stat(path)).size
  } catch (err) {
    throw fileErrorFromNode(err, path)
  }
  const hash = createHash('sha256')
  let done = 0
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const buf = chunk as Buffer
      hash.update(buf)
      done += buf.length
      onProgress?.(done, total)
    }
  } catch (err) {
    throw fileErrorFromNode(err, path)
  }
  return hash.digest('hex')
}
