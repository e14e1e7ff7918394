/** Reading a file the user named without trusting its size: never more than `maxBytes` reach memory. */
import fs from 'node:fs'

/** 512 MiB of 16 kHz mono 16-bit PCM is over 4 hours, as for bundles. */
export const MAX_WAV_BYTES = 512 * 1024 * 1024

/**
 * Reads at most `maxBytes` bytes. Throws RangeError when the file holds more
 * (it may have grown since it was stat'ed), unless `truncate` asks for the head only.
 */
export function readLimited(file: string, maxBytes: number, truncate = false): Buffer {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(Math.min(maxBytes, fs.fstatSync(fd).size) + 1)
    let got = 0
    while (got < buf.byteLength) {
      const n = fs.readSync(fd, buf, got, buf.byteLength - got, null)
      if (n === 0) break
      got += n
    }
    if (got > maxBytes) {
      if (!truncate) throw new RangeError(`${file} holds more than ${maxBytes} bytes`)
      return buf.subarray(0, maxBytes)
    }
    return buf.subarray(0, got)
  } finally {
    fs.closeSync(fd)
  }
}
