/**
 * WAV files written incrementally so a crash loses at most the last flush:
 * the header's sizes are rewritten on every flush, so the file on disk is a
 * valid WAV at all times, and `repairWavHeader` fixes one left mid-write.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import nodePath from 'node:path'
import { fsyncDir, writeAll, writeAllSync } from '../fs/durable'
import { BYTES_PER_SAMPLE, SAMPLE_RATE, bytesToMs } from './pcm'

export const WAV_HEADER_BYTES = 44

export function wavHeader(dataBytes: number, sampleRate = SAMPLE_RATE, channels = 1, bitsPerSample = 16): Buffer {
  const h = Buffer.alloc(WAV_HEADER_BYTES)
  const blockAlign = (channels * bitsPerSample) / 8
  h.write('RIFF', 0, 'ascii')
  h.writeUInt32LE(36 + dataBytes, 4)
  h.write('WAVE', 8, 'ascii')
  h.write('fmt ', 12, 'ascii')
  h.writeUInt32LE(16, 16)
  h.writeUInt16LE(1, 20) // PCM
  h.writeUInt16LE(channels, 22)
  h.writeUInt32LE(sampleRate, 24)
  h.writeUInt32LE(sampleRate * blockAlign, 28)
  h.writeUInt16LE(blockAlign, 32)
  h.writeUInt16LE(bitsPerSample, 34)
  h.write('data', 36, 'ascii')
  h.writeUInt32LE(dataBytes, 40)
  return h
}

export class WavWriter {
  private pending: Buffer[] = []
  private pendingBytes = 0
  private flushedBytes = 0
  private chain: Promise<void> = Promise.resolve()
  private closed = false
  /** The first write error: later appends fail loudly instead of writing holes into the file. */
  private error: Error | undefined

  private constructor(
    readonly path: string,
    private readonly fh: fsp.FileHandle,
  ) {}

  /** Creates the file; refuses to overwrite an existing recording. */
  static async create(path: string): Promise<WavWriter> {
    const fh = await fsp.open(path, 'wx', 0o600)
    try {
      await writeAll(fh, wavHeader(0), 0)
      await fh.datasync()
    } catch (error) {
      await fh.close()
      throw error
    }
    // The new name must survive a power loss too, or the call row would point at nothing.
    fsyncDir(nodePath.dirname(path))
    return new WavWriter(path, fh)
  }

  /** Bytes accepted so far (flushed or not). */
  get dataBytes(): number {
    return this.flushedBytes + this.pendingBytes
  }

  get durationMs(): number {
    return bytesToMs(this.dataBytes)
  }

  append(pcm: Uint8Array): void {
    if (this.closed) throw new Error(`Recording ${this.path} is already closed`)
    if (this.error) throw this.error
    // A copy: the caller may reuse its frame buffer before the next flush.
    this.pending.push(Buffer.from(pcm))
    this.pendingBytes += pcm.byteLength
  }

  /** Writes pending audio, then the header sizes, then syncs: the file is valid after each flush. */
  flush(): Promise<void> {
    if (this.pendingBytes === 0) return this.chain
    const chunk = Buffer.concat(this.pending, this.pendingBytes)
    const offset = WAV_HEADER_BYTES + this.flushedBytes
    this.pending = []
    this.flushedBytes += this.pendingBytes
    this.pendingBytes = 0
    const total = this.flushedBytes
    this.chain = this.chain.then(async () => {
      // A short write (file-size limit, full disk) is retried until it fails; the
      // header only ever counts audio that is really in the file.
      await writeAll(this.fh, chunk, offset)
      const sizes = Buffer.alloc(4)
      sizes.writeUInt32LE(36 + total, 0)
      await writeAll(this.fh, sizes, 4)
      sizes.writeUInt32LE(total, 0)
      await writeAll(this.fh, sizes, 40)
      await this.fh.datasync()
    }).catch((err: Error) => {
      this.error ??= new Error(`Could not write the recording ${this.path}: ${err.message}`)
      throw this.error
    })
    return this.chain
  }

  /** Flushes and closes; the file handle is closed even when the last write failed (then it throws). */
  async close(): Promise<{ dataBytes: number; durationMs: number }> {
    if (!this.closed) {
      this.closed = true
      try {
        if (!this.error) await this.flush()
      } finally {
        await this.fh.close()
      }
    }
    if (this.error) throw this.error
    return { dataBytes: this.flushedBytes, durationMs: bytesToMs(this.flushedBytes) }
  }
}

export interface WavAudio {
  sampleRate: number
  channels: number
  bitsPerSample: number
  /** Byte offset of the data chunk's first sample. */
  dataOffset: number
  dataBytes: number
  samples: Int16Array
}

export class WavFormatError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path} is not a usable recording: ${reason}`)
    this.name = 'WavFormatError'
  }
}

interface WavLayout {
  sampleRate: number
  channels: number
  /** Byte offset of the data chunk's first sample. */
  dataOffset: number
  /** Whole samples (all channels) the file really holds. */
  dataBytes: number
}

/**
 * Finds the data chunk of a PCM WAV (walking chunks, since sox and espeak add
 * LIST chunks). `buf` holds at least the chunks before the data; `fileBytes`
 * is the whole file's size, which bounds the data a crash left behind.
 */
function parseWavLayout(buf: Buffer, path: string, fileBytes: number): WavLayout {
  if (buf.byteLength < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new WavFormatError(path, 'it is not a RIFF/WAVE file')
  }
  let pos = 12
  let fmt: { format: number; channels: number; sampleRate: number; bitsPerSample: number } | undefined
  while (pos + 8 <= buf.byteLength) {
    const id = buf.toString('ascii', pos, pos + 4)
    const size = buf.readUInt32LE(pos + 4)
    const body = pos + 8
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buf.byteLength) throw new WavFormatError(path, 'its fmt chunk is truncated')
      fmt = {
        format: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        bitsPerSample: buf.readUInt16LE(body + 14),
      }
    } else if (id === 'data') {
      if (!fmt) throw new WavFormatError(path, 'the data chunk comes before the fmt chunk')
      if (fmt.format !== 1 && fmt.format !== 0xfffe) throw new WavFormatError(path, `format ${fmt.format} is not PCM`)
      if (fmt.bitsPerSample !== 16) throw new WavFormatError(path, `${fmt.bitsPerSample}-bit audio is not supported (need 16-bit)`)
      if (fmt.channels < 1) throw new WavFormatError(path, 'it has no channels')
      // A header left at 0 or beyond EOF by a crash: take what is actually there.
      const available = Math.max(0, fileBytes - body)
      const dataBytes = Math.min(size === 0 ? available : size, available)
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, dataOffset: body, dataBytes: dataBytes - (dataBytes % (fmt.channels * BYTES_PER_SAMPLE)) }
    }
    pos = body + size + (size % 2)
  }
  throw new WavFormatError(path, 'it has no data chunk')
}

/** Parses a PCM WAV held in memory. */
export function parseWav(buf: Buffer, path = 'WAV data'): WavAudio {
  const layout = parseWavLayout(buf, path, buf.byteLength)
  const copy = buf.subarray(layout.dataOffset, layout.dataOffset + layout.dataBytes)
  const samples = new Int16Array(copy.buffer.slice(copy.byteOffset, copy.byteOffset + layout.dataBytes))
  return { ...layout, bitsPerSample: 16, samples }
}

const callAudioOnly = (path: string, wav: { sampleRate: number; channels: number }) => {
  if (wav.sampleRate !== SAMPLE_RATE || wav.channels !== 1) {
    throw new WavFormatError(path, `it is ${wav.sampleRate} Hz with ${wav.channels} channel(s); Call Desk needs 16 kHz mono`)
  }
}

/** Chunks before the data are small; this much of the file's start is read to find them. */
const LAYOUT_PROBE_BYTES = 64 * 1024

/**
 * Samples [fromSample, toSample) of a 16 kHz mono recording, read from disk
 * without loading the rest: the final tier of a long call needs a few seconds
 * of it at a time, and may read while the call still records (every flush
 * leaves a valid file). Clamped to the audio the file holds.
 */
export async function readCallAudioRange(path: string, fromSample: number, toSample: number): Promise<Int16Array> {
  const fh = await fsp.open(path, 'r')
  try {
    const { size } = await fh.stat()
    const probe = Buffer.alloc(Math.min(size, LAYOUT_PROBE_BYTES))
    await fh.read(probe, 0, probe.byteLength, 0)
    const layout = parseWavLayout(probe, path, size)
    callAudioOnly(path, layout)
    const total = layout.dataBytes / BYTES_PER_SAMPLE
    const from = Math.min(total, Math.max(0, Math.floor(fromSample)))
    const to = Math.min(total, Math.max(from, Math.floor(toSample)))
    const out = new Int16Array(to - from)
    const bytes = Buffer.from(out.buffer)
    let done = 0
    while (done < bytes.byteLength) {
      const { bytesRead } = await fh.read(bytes, done, bytes.byteLength - done, layout.dataOffset + from * BYTES_PER_SAMPLE + done)
      if (bytesRead === 0) break // the file shrank under us: what was read is all there is
      done += bytesRead
    }
    return out.subarray(0, Math.floor(done / BYTES_PER_SAMPLE))
  } finally {
    await fh.close()
  }
}

export async function readWav(path: string): Promise<WavAudio> {
  return parseWav(await fsp.readFile(path), path)
}

/** Reads a 16 kHz mono recording and fails clearly if it is anything else. */
export async function readCallAudio(path: string): Promise<Int16Array> {
  const wav = await readWav(path)
  callAudioOnly(path, wav)
  return wav.samples
}

/**
 * Makes a WAV left open by a crash valid again: sizes come from the bytes on
 * disk (a trailing half sample is dropped). Returns the audio kept.
 */
export function repairWavHeader(path: string): { dataBytes: number; durationMs: number } {
  const fd = fs.openSync(path, 'r+')
  try {
    const size = fs.fstatSync(fd).size
    if (size < WAV_HEADER_BYTES) {
      fs.ftruncateSync(fd, 0)
      writeAllSync(fd, wavHeader(0), 0)
      fs.fsyncSync(fd)
      return { dataBytes: 0, durationMs: 0 }
    }
    let dataBytes = size - WAV_HEADER_BYTES
    if (dataBytes % 2) {
      dataBytes -= 1
      fs.ftruncateSync(fd, WAV_HEADER_BYTES + dataBytes)
    }
    writeAllSync(fd, wavHeader(dataBytes), 0)
    fs.fsyncSync(fd)
    return { dataBytes, durationMs: bytesToMs(dataBytes) }
  } finally {
    fs.closeSync(fd)
  }
}
