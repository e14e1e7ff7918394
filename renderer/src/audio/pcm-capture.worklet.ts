/**
 * AudioWorklet: microphone → 16 kHz mono signed 16-bit PCM, in 20 ms frames
 * (short, so the end of an utterance reaches the segmenter without waiting on a
 * half-filled frame).
 * Runs on the audio thread, so the UI never stalls capture. The context is
 * created at 16 kHz (Chromium resamples the mic with its own high-quality
 * resampler); if a platform refuses that rate we decimate here instead.
 */
declare const sampleRate: number
declare function registerProcessor(name: string, ctor: unknown): void
declare class AudioWorkletProcessor {
  readonly port: MessagePort
}

const TARGET_RATE = 16_000
const FRAME_SAMPLES = 320 // 20 ms

class PcmCaptureProcessor extends AudioWorkletProcessor {
  private frame = new Int16Array(FRAME_SAMPLES)
  private filled = 0
  private sumSquares = 0
  private peak = 0
  private readonly step = sampleRate / TARGET_RATE
  private phase = 0

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0]
    if (!channels || channels.length === 0) return true
    const length = channels[0]!.length
    for (let i = 0; i < length; i++) {
      // Downmix: the rep's mic may present as stereo.
      let v = 0
      for (const ch of channels) v += ch[i]!
      v /= channels.length
      this.phase += 1
      if (this.phase < this.step) continue
      this.phase -= this.step
      const s = Math.max(-1, Math.min(1, v))
      this.push(s < 0 ? s * 0x8000 : s * 0x7fff)
    }
    return true
  }

  private push(sample: number): void {
    const int = Math.round(sample)
    this.frame[this.filled++] = int
    this.sumSquares += int * int
    this.peak = Math.max(this.peak, Math.abs(int))
    if (this.filled === FRAME_SAMPLES) {
      const rms = Math.sqrt(this.sumSquares / FRAME_SAMPLES) / 32768
      const buffer = this.frame.buffer
      this.port.postMessage({ pcm: buffer, rms, peak: this.peak / 32768 }, [buffer])
      this.frame = new Int16Array(FRAME_SAMPLES)
      this.filled = 0
      this.sumSquares = 0
      this.peak = 0
    }
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor)
