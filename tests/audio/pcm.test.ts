import { describe, expect, it } from 'vitest'
import { bytesToMs, bytesToSamples, msToSamples, samplesToMs } from '../../main/audio/pcm'

/** Little-endian int16 values laid out from byte `offset` of a fresh ArrayBuffer. */
function bytesAt(offset: number, values: number[], trailing = 0): Uint8Array {
  const buf = new ArrayBuffer(offset + values.length * 2 + trailing)
  const dv = new DataView(buf)
  values.forEach((v, i) => dv.setInt16(offset + i * 2, v, true))
  return new Uint8Array(buf, offset, values.length * 2 + trailing)
}

const VALUES = [0, 1, -1, 0x1234, -0x1234, 32767, -32768, 258]

describe('bytesToSamples', () => {
  it('views aligned bytes without copying', () => {
    const bytes = bytesAt(4, VALUES)
    const samples = bytesToSamples(bytes)
    expect(Array.from(samples)).toEqual(VALUES)
    expect(samples.buffer).toBe(bytes.buffer)
    expect(samples.byteOffset).toBe(4)
  })

  it('decodes a view at an odd byteOffset (copying it)', () => {
    const bytes = bytesAt(3, VALUES)
    expect(bytes.byteOffset % 2).toBe(1)
    const samples = bytesToSamples(bytes)
    expect(samples.length).toBe(VALUES.length)
    expect(Array.from(samples)).toEqual(VALUES)
    // A copy: later changes to the source do not show through.
    bytes.fill(0)
    expect(Array.from(samples)).toEqual(VALUES)
  })

  it('drops a trailing odd byte, aligned or not', () => {
    expect(Array.from(bytesToSamples(bytesAt(0, VALUES, 1)))).toEqual(VALUES)
    expect(Array.from(bytesToSamples(bytesAt(1, VALUES, 1)))).toEqual(VALUES)
    expect(bytesToSamples(bytesAt(1, [], 1)).length).toBe(0)
  })

  it('decodes a Node Buffer at an odd byteOffset', () => {
    const backing = Buffer.from(bytesAt(1, VALUES).buffer) // 17 bytes: 1 pad + 16 data
    const view = backing.subarray(1)
    expect(view.byteOffset % 2).toBe(1)
    expect(Array.from(bytesToSamples(view))).toEqual(VALUES)
  })
})

describe('time conversions', () => {
  it('converts between ms, samples and bytes at 16 kHz', () => {
    expect(msToSamples(1000)).toBe(16_000)
    expect(msToSamples(10)).toBe(160)
    expect(samplesToMs(16_000)).toBe(1000)
    expect(samplesToMs(8)).toBe(1) // 0.5 ms rounds up
    expect(bytesToMs(32_000)).toBe(1000)
    expect(bytesToMs(32_001)).toBe(1000) // half a sample is not audio
    expect(bytesToMs(733_928)).toBe(22_935)
  })
})
