import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  parseWav,
  readCallAudio,
  readCallAudioRange,
  repairWavHeader,
  WAV_HEADER_BYTES,
  WavFormatError,
  wavHeader,
  WavWriter,
} from '../../main/audio/wav-file'
import { useTempDir } from '../store/helpers'

/** Deterministic int16 samples whose byte pattern shows any shift or reorder. */
function samplesFrom(start: number, count: number): Int16Array {
  const out = new Int16Array(count)
  for (let i = 0; i < count; i++) out[i] = (((start + i) * 7919) % 65536) - 32768
  return out
}

const bytesOf = (s: Int16Array) => new Uint8Array(s.buffer, s.byteOffset, s.byteLength)

/** Reads the two size fields a WAV header carries. */
function headerSizes(file: Buffer): { riff: number; data: number } {
  return { riff: file.readUInt32LE(4), data: file.readUInt32LE(40) }
}

function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.write(id, 0, 'ascii')
  head.writeUInt32LE(body.byteLength, 4)
  return Buffer.concat([head, body, body.byteLength % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])
}

function fmtBody(opts: { format?: number; channels?: number; sampleRate?: number; bits?: number } = {}): Buffer {
  const { format = 1, channels = 1, sampleRate = 16_000, bits = 16 } = opts
  const b = Buffer.alloc(16)
  b.writeUInt16LE(format, 0)
  b.writeUInt16LE(channels, 2)
  b.writeUInt32LE(sampleRate, 4)
  b.writeUInt32LE((sampleRate * channels * bits) / 8, 8)
  b.writeUInt16LE((channels * bits) / 8, 12)
  b.writeUInt16LE(bits, 14)
  return b
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE', 'ascii'), ...chunks])
  const head = Buffer.alloc(8)
  head.write('RIFF', 0, 'ascii')
  head.writeUInt32LE(body.byteLength, 4)
  return Buffer.concat([head, body])
}

describe('WavWriter', () => {
  const tmp = useTempDir()

  it('refuses to overwrite an existing file and leaves it untouched', async () => {
    const file = path.join(tmp.dir(), 'call.wav')
    fs.writeFileSync(file, 'precious earlier recording')
    await expect(WavWriter.create(file)).rejects.toMatchObject({ code: 'EEXIST' })
    expect(fs.readFileSync(file, 'utf8')).toBe('precious earlier recording')
  })

  it('creates a valid, empty WAV straight away', async () => {
    const file = path.join(tmp.dir(), 'call.wav')
    const writer = await WavWriter.create(file)
    try {
      const buf = fs.readFileSync(file)
      expect(buf.byteLength).toBe(WAV_HEADER_BYTES)
      const wav = parseWav(buf, file)
      expect(wav).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16, dataOffset: 44, dataBytes: 0 })
      expect(wav.samples.length).toBe(0)
    } finally {
      await writer.close()
    }
  })

  it('keeps header sizes matching the file after every flush', async () => {
    const file = path.join(tmp.dir(), 'call.wav')
    const writer = await WavWriter.create(file)
    const all: number[] = []
    let next = 0
    // Frames of varying sizes, some as views at an offset inside a larger buffer.
    for (const sizes of [[160], [320, 1], [7, 4000, 2], [1600]]) {
      for (const n of sizes) {
        const backing = new Int16Array(n + 5)
        backing.set(samplesFrom(next, n), 3)
        const view = new Uint8Array(backing.buffer, 6, n * 2)
        writer.append(view)
        all.push(...samplesFrom(next, n))
        next += n
      }
      // Accepted but not yet on disk.
      expect(writer.dataBytes).toBe(all.length * 2)
      await writer.flush()
      const buf = fs.readFileSync(file)
      expect(buf.byteLength).toBe(WAV_HEADER_BYTES + all.length * 2)
      expect(headerSizes(buf)).toEqual({ riff: buf.byteLength - 8, data: buf.byteLength - WAV_HEADER_BYTES })
      const wav = parseWav(buf, file)
      expect(wav.dataBytes).toBe(all.length * 2)
      expect(Array.from(wav.samples)).toEqual(all)
    }
    await writer.close()
  })

  it('keeps order when flushes overlap without being awaited', async () => {
    const file = path.join(tmp.dir(), 'call.wav')
    const writer = await WavWriter.create(file)
    const flushes: Promise<void>[] = []
    for (let i = 0; i < 20; i++) {
      writer.append(bytesOf(samplesFrom(i * 100, 100)))
      flushes.push(writer.flush())
    }
    await Promise.all(flushes)
    const wav = parseWav(fs.readFileSync(file), file)
    expect(Array.from(wav.samples)).toEqual(Array.from(samplesFrom(0, 2000)))
    await writer.close()
  })

  it('close flushes what is pending and returns dataBytes and durationMs', async () => {
    const file = path.join(tmp.dir(), 'call.wav')
    const writer = await WavWriter.create(file)
    writer.append(bytesOf(samplesFrom(0, 16_000)))
    await writer.flush()
    writer.append(bytesOf(samplesFrom(16_000, 8_000))) // never flushed explicitly
    const result = await writer.close()
    expect(result).toEqual({ dataBytes: 48_000, durationMs: 1500 })
    const buf = fs.readFileSync(file)
    expect(buf.byteLength).toBe(44 + 48_000)
    expect(headerSizes(buf)).toEqual({ riff: 36 + 48_000, data: 48_000 })
    // Closing again is harmless and reports the same.
    expect(await writer.close()).toEqual(result)
  })

  it('throws on append after close, naming the file', async () => {
    const file = path.join(tmp.dir(), 'call.wav')
    const writer = await WavWriter.create(file)
    await writer.close()
    expect(() => writer.append(new Uint8Array(2))).toThrow(file)
    expect(fs.statSync(file).size).toBe(WAV_HEADER_BYTES)
  })
})

describe('parseWav', () => {
  const pcm = samplesFrom(0, 50)
  const pcmBytes = Buffer.from(bytesOf(pcm))

  it('walks past a LIST chunk (odd size, padded) before the data chunk', () => {
    const list = chunk('LIST', Buffer.from('INFOx', 'ascii')) // 5-byte body + pad byte
    const buf = riff(chunk('fmt ', fmtBody()), list, chunk('data', pcmBytes))
    const wav = parseWav(buf)
    expect(wav.dataOffset).toBe(12 + 24 + 14 + 8)
    expect(wav.dataBytes).toBe(100)
    expect(Array.from(wav.samples)).toEqual(Array.from(pcm))
  })

  it('accepts a LIST chunk between RIFF header and fmt', () => {
    const buf = riff(chunk('LIST', Buffer.alloc(26, 1)), chunk('fmt ', fmtBody()), chunk('data', pcmBytes))
    expect(Array.from(parseWav(buf).samples)).toEqual(Array.from(pcm))
  })

  it('reports sample rate and channels from the fmt chunk', () => {
    const wav = parseWav(riff(chunk('fmt ', fmtBody({ sampleRate: 44_100, channels: 2 })), chunk('data', pcmBytes)))
    expect(wav).toMatchObject({ sampleRate: 44_100, channels: 2, dataBytes: 100 })
  })

  const bad: Array<[string, Buffer, RegExp]> = [
    ['not RIFF', Buffer.concat([Buffer.from('RIFX\0\0\0\0WAVE'), chunk('fmt ', fmtBody())]), /not a RIFF\/WAVE file/],
    ['RIFF but not WAVE', Buffer.from('RIFF\0\0\0\0AVI LIST'), /not a RIFF\/WAVE file/],
    ['shorter than 12 bytes', Buffer.from('RIFF'), /not a RIFF\/WAVE file/],
    ['float (non-PCM) format', riff(chunk('fmt ', fmtBody({ format: 3, bits: 32 })), chunk('data', pcmBytes)), /format 3 is not PCM/],
    ['8-bit PCM', riff(chunk('fmt ', fmtBody({ bits: 8 })), chunk('data', pcmBytes)), /8-bit audio is not supported/],
    ['missing data chunk', riff(chunk('fmt ', fmtBody()), chunk('LIST', Buffer.alloc(10))), /no data chunk/],
    ['data before fmt', riff(chunk('data', pcmBytes), chunk('fmt ', fmtBody())), /data chunk comes before the fmt chunk/],
    ['truncated fmt chunk', riff(chunk('fmt ', Buffer.alloc(8))), /fmt chunk is truncated/],
  ]
  for (const [what, buf, reason] of bad) {
    it(`rejects ${what} with a WavFormatError naming the path`, () => {
      const where = '/recordings/some call.wav'
      let caught: unknown
      try {
        parseWav(buf, where)
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(WavFormatError)
      const err = caught as WavFormatError
      expect(err.path).toBe(where)
      expect(err.message).toContain(where)
      expect(err.message).toMatch(reason)
    })
  }

  it('takes the bytes present when the header data size is 0 (crash before the first flush)', () => {
    const buf = Buffer.concat([wavHeader(0), pcmBytes])
    const wav = parseWav(buf)
    expect(wav.dataBytes).toBe(100)
    expect(Array.from(wav.samples)).toEqual(Array.from(pcm))
  })

  it('takes the bytes present when the header data size is larger than the file', () => {
    const buf = Buffer.concat([wavHeader(1_000_000), pcmBytes])
    const wav = parseWav(buf)
    expect(wav.dataBytes).toBe(100)
    expect(Array.from(wav.samples)).toEqual(Array.from(pcm))
  })

  it('drops a trailing half sample, and a half frame in stereo', () => {
    expect(parseWav(Buffer.concat([wavHeader(0), pcmBytes, Buffer.from([7])])).dataBytes).toBe(100)
    const stereo = riff(chunk('fmt ', fmtBody({ channels: 2 })), chunk('data', pcmBytes.subarray(0, 98)))
    const wav = parseWav(stereo)
    expect(wav.dataBytes).toBe(96)
    expect(wav.samples.length).toBe(48)
  })

  it('stops at the declared data size when more chunks follow', () => {
    const buf = riff(chunk('fmt ', fmtBody()), chunk('data', pcmBytes), chunk('LIST', Buffer.alloc(20, 0x55)))
    expect(Array.from(parseWav(buf).samples)).toEqual(Array.from(pcm))
  })

  it('returns samples that do not alias the input buffer', () => {
    const buf = Buffer.concat([wavHeader(100), pcmBytes])
    const wav = parseWav(buf)
    buf.fill(0)
    expect(Array.from(wav.samples)).toEqual(Array.from(pcm))
  })
})

describe('readCallAudio', () => {
  const tmp = useTempDir()
  const data = Buffer.from(bytesOf(samplesFrom(0, 400)))

  it('reads a 16 kHz mono file', async () => {
    const file = path.join(tmp.dir(), 'ok.wav')
    await fsp.writeFile(file, Buffer.concat([wavHeader(data.byteLength), data]))
    expect(Array.from(await readCallAudio(file))).toEqual(Array.from(samplesFrom(0, 400)))
  })

  it('rejects 44.1 kHz audio, saying 16 kHz mono is needed', async () => {
    const file = path.join(tmp.dir(), 'cd.wav')
    await fsp.writeFile(file, Buffer.concat([wavHeader(data.byteLength, 44_100), data]))
    const err = await readCallAudio(file).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(WavFormatError)
    expect((err as Error).message).toContain('16 kHz mono')
    expect((err as Error).message).toContain('44100 Hz')
    expect((err as Error).message).toContain(file)
  })

  it('rejects stereo audio, saying 16 kHz mono is needed', async () => {
    const file = path.join(tmp.dir(), 'stereo.wav')
    await fsp.writeFile(file, Buffer.concat([wavHeader(data.byteLength, 16_000, 2), data]))
    await expect(readCallAudio(file)).rejects.toThrow(/2 channel\(s\); Call Desk needs 16 kHz mono/)
  })

  it('rejects a file that is not a WAV with the path in the message', async () => {
    const file = path.join(tmp.dir(), 'notes.txt.wav')
    await fsp.writeFile(file, 'hello, this is not audio at all')
    await expect(readCallAudio(file)).rejects.toThrow(file)
  })
})

describe('readCallAudioRange', () => {
  const tmp = useTempDir()

  it('reads a range of a recording that is still being written, up to its last flush only', async () => {
    const file = path.join(tmp.dir(), 'live.wav')
    const w = await WavWriter.create(file)
    w.append(bytesOf(samplesFrom(0, 16_000)))
    await w.flush()
    w.append(bytesOf(samplesFrom(16_000, 8_000))) // not flushed: not on disk yet
    expect(Array.from(await readCallAudioRange(file, 1000, 1400))).toEqual(Array.from(samplesFrom(1000, 400)))
    // Past the flushed audio the range is clamped, not padded or failed.
    const tail = await readCallAudioRange(file, 15_900, 20_000)
    expect(Array.from(tail)).toEqual(Array.from(samplesFrom(15_900, 100)))
    expect((await readCallAudioRange(file, 30_000, 31_000)).length).toBe(0)
    await w.close()
    expect(Array.from(await readCallAudioRange(file, 15_900, 16_100))).toEqual(Array.from(samplesFrom(15_900, 200)))
  })

  it('finds the data after a LIST chunk, and clamps negative and reversed bounds', async () => {
    const file = path.join(tmp.dir(), 'list.wav')
    const data = Buffer.from(bytesOf(samplesFrom(0, 300)))
    await fsp.writeFile(file, riff(chunk('LIST', Buffer.from('INFOISFT\x05\0\0\0sox!!', 'latin1')), chunk('fmt ', fmtBody()), chunk('data', data)))
    expect(Array.from(await readCallAudioRange(file, -50, 10))).toEqual(Array.from(samplesFrom(0, 10)))
    expect((await readCallAudioRange(file, 200, 100)).length).toBe(0)
  })

  it('rejects what is not 16 kHz mono PCM, naming the file', async () => {
    const file = path.join(tmp.dir(), 'cd.wav')
    await fsp.writeFile(file, Buffer.concat([wavHeader(800, 44_100), Buffer.alloc(800)]))
    await expect(readCallAudioRange(file, 0, 10)).rejects.toThrow(/44100 Hz with 1 channel\(s\); Call Desk needs 16 kHz mono/)
    const junk = path.join(tmp.dir(), 'junk.wav')
    await fsp.writeFile(junk, 'not audio')
    await expect(readCallAudioRange(junk, 0, 10)).rejects.toThrow(junk)
  })
})

describe('repairWavHeader', () => {
  const tmp = useTempDir()

  it('fixes a file whose header sizes are still 0', () => {
    const file = path.join(tmp.dir(), 'crashed.wav')
    const data = Buffer.from(bytesOf(samplesFrom(0, 8000)))
    fs.writeFileSync(file, Buffer.concat([wavHeader(0), data]))
    expect(repairWavHeader(file)).toEqual({ dataBytes: 16_000, durationMs: 500 })
    const buf = fs.readFileSync(file)
    expect(buf.byteLength).toBe(44 + 16_000)
    expect(headerSizes(buf)).toEqual({ riff: 36 + 16_000, data: 16_000 })
    expect(buf.subarray(0, 44).equals(wavHeader(16_000))).toBe(true)
    expect(Array.from(parseWav(buf).samples)).toEqual(Array.from(samplesFrom(0, 8000)))
  })

  it('replaces stale sizes from an earlier flush with the bytes on disk', () => {
    const file = path.join(tmp.dir(), 'stale.wav')
    const data = Buffer.from(bytesOf(samplesFrom(0, 300)))
    fs.writeFileSync(file, Buffer.concat([wavHeader(100), data]))
    expect(repairWavHeader(file).dataBytes).toBe(600)
    expect(headerSizes(fs.readFileSync(file))).toEqual({ riff: 636, data: 600 })
  })

  it('drops an odd trailing byte from the file', () => {
    const file = path.join(tmp.dir(), 'odd.wav')
    const data = Buffer.from(bytesOf(samplesFrom(0, 1600)))
    fs.writeFileSync(file, Buffer.concat([wavHeader(0), data, Buffer.from([0x42])]))
    expect(repairWavHeader(file)).toEqual({ dataBytes: 3200, durationMs: 100 })
    const buf = fs.readFileSync(file)
    expect(buf.byteLength).toBe(44 + 3200)
    expect(headerSizes(buf)).toEqual({ riff: 36 + 3200, data: 3200 })
    expect(Array.from(parseWav(buf).samples)).toEqual(Array.from(samplesFrom(0, 1600)))
  })

  for (const size of [0, 1, 20, 43]) {
    it(`rewrites a ${size}-byte file as an empty valid WAV`, () => {
      const file = path.join(tmp.dir(), `short-${size}.wav`)
      fs.writeFileSync(file, Buffer.alloc(size, 0xab))
      expect(repairWavHeader(file)).toEqual({ dataBytes: 0, durationMs: 0 })
      const buf = fs.readFileSync(file)
      expect(buf.equals(wavHeader(0))).toBe(true)
      const wav = parseWav(buf, file)
      expect(wav.dataBytes).toBe(0)
    })
  }

  it('leaves a header-only file as an empty valid WAV', () => {
    const file = path.join(tmp.dir(), 'empty.wav')
    fs.writeFileSync(file, wavHeader(0))
    expect(repairWavHeader(file)).toEqual({ dataBytes: 0, durationMs: 0 })
    expect(fs.readFileSync(file).equals(wavHeader(0))).toBe(true)
  })

  it('repairs a file WavWriter left open (flushed, never closed)', async () => {
    const file = path.join(tmp.dir(), 'open.wav')
    const writer = await WavWriter.create(file)
    writer.append(bytesOf(samplesFrom(0, 1000)))
    await writer.flush()
    // Simulate the crash: audio after the last header update reached the disk.
    fs.appendFileSync(file, Buffer.from(bytesOf(samplesFrom(1000, 500))))
    expect(repairWavHeader(file).dataBytes).toBe(3000)
    expect(Array.from(parseWav(fs.readFileSync(file)).samples)).toEqual(Array.from(samplesFrom(0, 1500)))
    await writer.close()
  })
})

describe('WavWriter when the disk fails', () => {
  it('reports the failed write on flush, on the next append and on close', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-wavfail-'))
    const writer = await WavWriter.create(path.join(dir, 'a.wav'))
    // Pull the file out from under the writer, as a vanished disk would.
    await (writer as unknown as { fh: { close(): Promise<void> } }).fh.close()
    writer.append(new Uint8Array(320))
    await expect(writer.flush()).rejects.toThrow(/Could not write the recording .*a\.wav/)
    expect(() => writer.append(new Uint8Array(320))).toThrow(/Could not write the recording/)
    await expect(writer.close()).rejects.toThrow(/Could not write the recording/)
  })
})
