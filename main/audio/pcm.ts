/** The one recording format Call Desk keeps: 16 kHz, mono, signed 16-bit little-endian PCM. */
export const SAMPLE_RATE = 16_000
export const BYTES_PER_SAMPLE = 2

export const msToSamples = (ms: number) => Math.round((ms * SAMPLE_RATE) / 1000)
export const samplesToMs = (samples: number) => Math.round((samples * 1000) / SAMPLE_RATE)
export const bytesToMs = (bytes: number) => samplesToMs(Math.floor(bytes / BYTES_PER_SAMPLE))

/** A little-endian Int16 view over bytes (copies only when the bytes are unaligned). */
export function bytesToSamples(bytes: Uint8Array): Int16Array {
  const usable = bytes.byteLength - (bytes.byteLength % 2)
  if (bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, usable / 2)
  // Uint8Array's slice copies; Buffer#slice would share memory and start at the buffer's byte 0.
  return new Int16Array(Uint8Array.prototype.slice.call(bytes, 0, usable).buffer)
}
