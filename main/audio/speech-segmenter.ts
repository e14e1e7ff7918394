/**
 * Voice-activity segmenter: cuts the rep's speech into utterances at pauses,
 * streaming, so each utterance can be transcribed as soon as it ends.
 *
 * Method: 10 ms frames; a frame is voiced when its RMS exceeds an adaptive
 * threshold (max of an absolute floor and a multiple of the tracked noise
 * floor, so a noisy room does not read as endless speech). Speech starts after
 * a short run of voiced frames (rejects clicks) and ends after a short
 * hangover of silence. Energy VAD is enough for a close-talking headset mic on
 * the rep's side only; it costs microseconds per frame, so it never delays the
 * live path.
 *
 * Tuned for live prompts: a segment is a phrase, closed at the first clear
 * pause (150 ms) rather than at the end of a whole turn, and continuous speech
 * is cut every 2 s or so, at its quietest moment (a gap between words). Each
 * piece is transcribed while the rep goes on talking, so when they stop only
 * the last few seconds remain for the engine. Whisper gets the earlier words
 * as its prompt, so short pieces keep their context.
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
  /** Utterances shorter than this are dropped (coughs, clicks); not pieces that continue a cut. */
  minSpeechMs: number
  /** Continuous speech is cut into pieces of about this length… */
  maxSegmentMs: number
  /**
   * …but the cut is made this much later, and not at all if the speech ends
   * meanwhile: a last word running just past the maximum stays in its piece
   * instead of becoming a tiny piece of its own that waits for the engine.
   */
  cutGraceMs: number
  /** A cut falls on the quietest frame within this much before the maximum. */
  cutSearchMs: number
  /** Past this length a piece is cut at the first short gap between words… */
  earlyCutMs: number
  /** …a run of unvoiced frames at least this long (shorter than the hangover). */
  earlyCutGapMs: number
}

export const DEFAULT_SEGMENTER_OPTIONS: SegmenterOptions = {
  frameMs: 10,
  minThreshold: 120,
  noiseMultiplier: 3,
  startFrames: 5,
  // Closures inside words (stop consonants) last under ~120 ms; 150 ms of
  // silence is a pause between phrases. On the shared samples it splits
  // utterances only at their punctuation ("Hi, | this is Sam…", "Great. | Can we…").
  hangoverMs: 150,
  minSpeechMs: 200,
  // On a 2-core machine whisper tiny.en needs ~0.8 s for a 2 s piece. When
  // the rep stops just after a cut, the last piece waits for that one, so
  // pieces this short keep the prompt inside the live budget (bench:live:
  // 2.5 s pieces gave a p95 of 1.5–1.7 s, 2 s pieces 1.2–1.35 s).
  maxSegmentMs: 2_000,
  cutGraceMs: 300,
  // Word gaps come every few hundred ms in running speech. The window is also
  // how late a forced cut is made (the piece ends at its quietest frame, up to
  // this long ago), and the next piece waits for the engine that much longer.
  cutSearchMs: 300,
  // Shorter pieces finish sooner, so the piece after them (often the last of
  // the utterance) waits less for the engine; a real gap between words is a
  // cleaner cut than the quietest frame of a forced one. 120 ms is longer than
  // the silent closure inside a word ("wee_k"), so such a cut never splits one.
  earlyCutMs: 1_500,
  earlyCutGapMs: 120,
}

export interface SpeechSpan {
  startMs: number
  endMs: number
  /** The piece was cut out of running speech at this end (the neighbouring piece starts/ends right here). */
  cutBefore?: true
  cutAfter?: true
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
  /** RMS of each frame of the open utterance, to find where to cut it. */
  private levels: number[] = []
  /** The open piece began at a cut, not after silence. */
  private startedAtCut = false
  /** A cut chosen at the maximum length, made at frame `at` unless the speech ends first. */
  private pendingCut: { frame: number; at: number } | undefined
  /** RMS of the last frames before speech, so an utterance's levels include its first frames. */
  private recent: number[] = []

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
      this.recent.push(rms)
      if (this.recent.length > this.opts.startFrames * 3 + 1) this.recent.shift()
      if (voiced) {
        if (this.candidateStart < 0) this.candidateStart = frame
        this.voicedRun++
        if (this.voicedRun >= this.opts.startFrames) {
          this.inSpeech = true
          this.startFrame = this.candidateStart
          this.lastVoicedFrame = frame
          this.silenceRun = 0
          this.levels = this.recent.slice(-(frame - this.candidateStart + 1))
        }
      } else if (this.candidateStart >= 0 && frame - this.candidateStart > this.opts.startFrames * 3) {
        this.candidateStart = -1
        this.voicedRun = 0
      }
      return undefined
    }

    this.levels.push(rms)
    if (voiced) {
      this.lastVoicedFrame = frame
      this.silenceRun = 0
    } else {
      this.silenceRun++
    }
    if (this.silenceRun >= this.hangoverFrames) return this.close(this.lastVoicedFrame)
    if (this.pendingCut) return frame >= this.pendingCut.at ? this.cut(frame, this.pendingCut.frame) : undefined
    const lengthMs = (frame + 1 - this.startFrame) * this.opts.frameMs
    if (lengthMs >= this.opts.maxSegmentMs) {
      // Choose the cut now (the quietest recent frame), make it after the grace period.
      this.pendingCut = { frame: this.quietestRecentFrame(), at: frame + Math.round(this.opts.cutGraceMs / this.opts.frameMs) }
      return this.pendingCut.at <= frame ? this.cut(frame, this.pendingCut.frame) : undefined
    }
    // At a gap the piece keeps the gap heard so far: a word's quiet ending (a fading
    // vowel, a final "s") sits below the voicing threshold and must not be cut off.
    if (lengthMs >= this.opts.earlyCutMs && this.silenceRun * this.opts.frameMs >= this.opts.earlyCutGapMs) return this.cut(frame, frame)
    return undefined
  }

  /** Where to cut running speech: its quietest frame within the search window. */
  private quietestRecentFrame(): number {
    const search = Math.min(this.levels.length - 1, Math.round(this.opts.cutSearchMs / this.opts.frameMs))
    let at = this.levels.length - 1
    for (let i = this.levels.length - 1; i >= this.levels.length - search; i--) {
      if (this.levels[i]! < this.levels[at]!) at = i
    }
    return this.startFrame + at
  }

  /** Ends this piece with frame `cutFrame` (included); the speech goes on in a new piece right after it. */
  private cut(frame: number, cutFrame: number): SpeechSpan | undefined {
    const rest = this.levels.slice(cutFrame - this.startFrame + 1)
    const lastVoiced = this.lastVoicedFrame
    const span = this.close(cutFrame)
    this.inSpeech = true
    this.startFrame = cutFrame + 1
    // A new piece without a voice yet ends up empty and is dropped if the pause goes on.
    this.lastVoicedFrame = Math.max(lastVoiced, cutFrame)
    this.silenceRun = frame - this.lastVoicedFrame
    this.levels = rest
    this.startedAtCut = true
    return span && { ...span, cutAfter: true }
  }

  private close(lastVoiced: number): SpeechSpan | undefined {
    const startMs = this.startFrame * this.opts.frameMs
    const endMs = (lastVoiced + 1) * this.opts.frameMs
    const cutBefore = this.startedAtCut
    this.inSpeech = false
    this.candidateStart = -1
    this.voicedRun = 0
    this.silenceRun = 0
    this.levels = []
    this.startedAtCut = false
    this.pendingCut = undefined
    // A piece that continues running speech is kept however short (it is the end
    // of a word or phrase, not a click); only one with no voice at all is dropped.
    if (endMs - startMs < (cutBefore ? this.opts.frameMs : this.opts.minSpeechMs)) return undefined
    return cutBefore ? { startMs, endMs, cutBefore: true } : { startMs, endMs }
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
