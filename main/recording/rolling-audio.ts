/** The last N ms of a call's audio, so a closed utterance can be cut out without reading the WAV back. */
import { msToSamples } from '../audio/pcm'

export class RollingAudio {
  private buf: Int16Array
  private length = 0
  /** Call-relative index of buf[0]. */
  private first = 0

  constructor(private readonly keepMs: number) {
    this.buf = new Int16Array(msToSamples(keepMs) * 2)
  }

  get startSample(): number {
    return this.first
  }

  get samples(): Int16Array {
    return this.buf.subarray(0, this.length)
  }

  append(samples: Int16Array): void {
    const keep = msToSamples(this.keepMs)
    if (this.length + samples.length > this.buf.length) {
      // Drop the oldest audio, keeping at least `keepMs`; copying half the buffer now and then is cheap.
      const drop = Math.max(0, this.length + samples.length - keep)
      const retained = this.buf.subarray(Math.min(drop, this.length), this.length)
      const next = this.buf.length >= keep + samples.length ? this.buf : new Int16Array(keep + samples.length)
      next.set(retained, 0)
      this.first += Math.min(drop, this.length)
      this.length = retained.length
      this.buf = next
    }
    this.buf.set(samples, this.length)
    this.length += samples.length
  }
}
