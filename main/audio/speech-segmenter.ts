/**
 * Voice-activity segmenter: cuts the rep's speech into utterances at pauses,
 * streaming, so each utterance can be transcribed as soon as it ends.
 *
 * Method: 10 ms frames; a frame is voiced when its RMS exceeds an adaptive
 * threshold (max of an absolute floor and a multiple of the tracked noise
 * floor, so a noisy room does not read as endless speech). Speech starts after
 * a short run of voiced frames (rejects clicks) and ends after a hangover of
 * silence longer than the pauses inside a sentence. Energy VAD is enough for a
 * close-talking headset mic on the rep's side only; it costs microseconds per
 * frame, so it never delays the live path.
 */
import { SAMPLE_RATE, samplesToMs } from './pcm'

export interface SegmenterOptions {
  /** Frame length in ms. */
  frameMs: number
  /** Absolute RMS floor for a voiced frame (int16 scale). */
  minThreshold: number
  /** A voiced frame must also be this many times louder than the noise floor. */
  noiseMultiplier: number
  /** Voiced frames needed to start an utterance. */
  startFrames: number
  /** Silence that ends an utterance (the end-of-speech delay). */
  hangoverMs: number
  /** Utterances shorter than this are dropped (coughs, clicks). */
  minSpeechMs: number
  /** Long monologues are cut here so Whisper's 30 s window is never exceeded. */
  maxSegmentMs: number
}

export const DEFAULT_SEGMENTER_OPTIONS: SegmenterOptions = {
  frameMs: 10,
  minThreshold: 120,
  noiseMultiplier: 3,
  startFrames: 5,
  // Pauses inside a sentence stay under ~0.6 s in conversational speech.
  hangoverMs: 650,
  minSpeechMs: 200,
  maxSegmentMs: 25_000,
}

export interface SpeechSpan {
  startMs: number
  endMs: number
}

export class SpeechSegmenter {
  private readonly opts: SegmenterOptions
  private readonly frameSamples: number
  private readonly hangoverFrames: number
  private carry = new Int16Array(0)
  private frameIndex = 0
  private noiseFloor: number
  private inSpeech = false
  private candidateStart = -1
  private voicedRun = 0
  private startFrame = 0
  private lastVoicedFrame = -1
  private silenceRun = 0

  constructor(options: Partial<SegmenterOptions> = {}) {
    this.opts = { ...DEFAULT_SEGMENTER_OPTIONS, ...options }
    this.frameSamples = Math.round((SAMPLE_RATE * this.opts.frameMs) / 1000)
    this.hangoverFrames = Math.ceil(this.opts.hangoverMs / this.opts.frameMs)
    this.noiseFloor = this.opts.minThreshold / this.opts.noiseMultiplier
  }

  /** Time covered so far, in ms. */
  get positionMs(): number {
    return samplesToMs(this.frameIndex * this.frameSamples)
  }

  get speaking(): boolean {
    return this.inSpeech
  }

  /** Feeds samples; returns the utterances that ended inside them. */
  push(samples: Int16Array): SpeechSpan[] {
    const spans: SpeechSpan[] = []
    let data = samples
    if (this.carry.length) {
      data = new Int16Array(this.carry.length + samples.length)
      data.set(this.carry)
      data.set(samples, this.carry.length)
    }
    let offset = 0
    for (; offset + this.frameSamples <= data.length; offset += this.frameSamples) {
      const span = this.processFrame(frameRms(data, offset, this.frameSamples))
      if (span) spans.push(span)
    }
    this.carry = data.slice(offset)
    return spans
  }

  /** Ends the stream: closes an utterance still open. */
  flush(): SpeechSpan[] {
    if (!this.inSpeech) return []
    const span = this.close(this.lastVoicedFrame)
    return span ? [span] : []
  }

  private processFrame(rms: number): SpeechSpan | undefined {
    const frame = this.frameIndex++
    const threshold = Math.max(this.opts.minThreshold, this.noiseFloor * this.opts.noiseMultiplier)
    const voiced = rms > threshold
    if (!voiced && !this.inSpeech) {
      // Track the room's noise slowly, only from frames we believe are not speech.
      this.noiseFloor = this.noiseFloor * 0.98 + rms * 0.02
    }

    if (!this.inSpeech) {
      if (voiced) {
        if (this.candidateStart < 0) this.candidateStart = frame
        this.voicedRun++
        if (this.voicedRun >= this.opts.startFrames) {
          this.inSpeech = true
          this.startFrame = this.candidateStart
          this.lastVoicedFrame = frame
          this.silenceRun = 0
        }
      } else if (this.candidateStart >= 0 && frame - this.candidateStart > this.opts.startFrames * 3) {
        this.candidateStart = -1
        this.voicedRun = 0
      }
      return undefined
    }

    if (voiced) {
      this.lastVoicedFrame = frame
      this.silenceRun = 0
    } else {
      this.silenceRun++
    }
    if (this.silenceRun >= this.hangoverFrames) return this.close(this.lastVoicedFrame)
    if ((frame + 1 - this.startFrame) * this.opts.frameMs >= this.opts.maxSegmentMs) {
      const span = this.close(frame)
      // The monologue goes on: the next utterance starts right here.
      this.inSpeech = true
      this.startFrame = frame + 1
      this.lastVoicedFrame = frame
      return span
    }
    return undefined
  }

  private close(lastVoiced: number): SpeechSpan | undefined {
    const startMs = this.startFrame * this.opts.frameMs
    const endMs = (lastVoiced + 1) * this.opts.frameMs
    this.inSpeech = false
    this.candidateStart = -1
    this.voicedRun = 0
    this.silenceRun = 0
    return endMs - startMs >= this.opts.minSpeechMs ? { startMs, endMs } : undefined
  }
}

function frameRms(data: Int16Array, offset: number, length: number): number {
  let sum = 0
  for (let i = offset; i < offset + length; i++) {
    const v = data[i] as number
    sum += v * v
  }
  return Math.sqrt(sum / length)
}

/** Whole-file convenience for the CLI and tests. */
export function segmentSamples(samples: Int16Array, options?: Partial<SegmenterOptions>): SpeechSpan[] {
  const seg = new SpeechSegmenter(options)
  return [...seg.push(samples), ...seg.flush()]
}
