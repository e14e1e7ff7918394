/**
 * Voice-activity segmenter: cuts the rep's speech into utterances at pauses,
 * streaming, so each utterance can be transcribed as soon as it ends.
 *
 * Method: every 32 ms frame (512 samples) gets a speech probability from
 * Silero VAD (trained weights, `silero-vad.ts`; an energy detector only if the
 * model cannot load). Hysteresis: speech starts at a frame ≥ `startThreshold`
 * (the span reaches back over the frames just before it that are ≥
 * `endThreshold`, so a soft onset is kept), goes on while frames stay ≥
 * `endThreshold`, and ends after `hangoverMs` below it. An utterance with less
 * than `minSpeechMs` of frames ≥ `startThreshold` is dropped: breaths, clicks
 * and noise bursts never become spans, and silence yields none at all, so
 * neither reaches Whisper. Energy alone could not do this: on real voice the
 * pauses are as loud as a quiet word, and noise reads as speech.
 *
 * Long speech is cut into pieces of about `maxSegmentMs` (the live path
 * decodes pieces while the rep goes on talking). The cut is chosen once the
 * piece is `maxSegmentMs + cutGraceMs` long (a last word running just past the
 * maximum stays in its piece if the speech ends meanwhile), at the frame with
 * the lowest speech probability within `cutSearchMs` before the maximum and the
 * grace after it (quietest frame on a tie): a pause between words whenever the
 * window has one, not the middle of a word. A cut never lands on a pause that
 * turns out to end the utterance: while the frames after the chosen cut are
 * still below `endThreshold` the cut waits, and if the hangover completes the
 * piece simply ends at the pause.
 *
 * Streaming API (what the live path relies on):
 * - `push(samples)` feeds any number of int16 samples (chunk size does not
 *   matter: frames are counted from sample 0 of the stream, so a stream gives
 *   exactly the spans of `segmentSamples` on the whole file) and returns the
 *   spans that closed inside them, in order, contiguous where cut.
 * - `flush()` closes an open span at the end of the stream (`endsAtPause` true).
 * - Each `SpeechSpan` carries `startMs`/`endMs` (multiples of 32 ms),
 *   `endsAtPause` (false exactly when the speech goes on in the next span,
 *   which then starts at this `endMs` with `cutBefore`), `speechProb` (one
 *   probability per 32 ms frame of the span) and `speechMass` (Σ probability ×
 *   32 ms, in ms: the expected amount of speech in the span).
 * - Between pushes, `speaking`, `open` (the span being heard: its start, how far
 *   its speech has been heard, its probabilities so far), `trailingSilenceMs`
 *   and `positionMs` tell what is in progress, e.g. to decode a growing
 *   utterance before it closes.
 * - The model loads on the first segmenter of the process (~0.2 s, blocking);
 *   `warmUpVad()` at startup moves that cost out of the first call.
 */
export { VAD_FRAME_MS, VAD_FRAME_SAMPLES } from './silero-vad'
import { createFrameVad, VAD_FRAME_MS, VAD_FRAME_SAMPLES, type FrameVad, type VadBackend } from './silero-vad'

export interface SegmenterOptions {
  /** A frame at or above this probability starts speech… */
  startThreshold: number
  /** …and speech goes on while frames stay at or above this one (hysteresis). */
  endThreshold: number
  /** Time below `endThreshold` that ends an utterance (the end-of-speech delay). */
  hangoverMs: number
  /** Utterances with less speech (frames ≥ `startThreshold`) are dropped; not pieces that continue a cut. */
  minSpeechMs: number
  /** Continuous speech is cut into pieces of about this length… */
  maxSegmentMs: number
  /**
   * …but the cut is made this much later, and not at all if the speech ends
   * meanwhile: a last word running just past the maximum stays in its piece.
   */
  cutGraceMs: number
  /** The cut falls on the least speech-like frame from this much before the maximum to the end of the grace. */
  cutSearchMs: number
  /** How far before the first speech frame a span may reach over frames ≥ `endThreshold` (a soft onset). */
  onsetLookbackMs: number
  /** Frame classifier: Silero (default; falls back to energy, logged, if the model cannot load) or energy. */
  vad: VadBackend
}

export const DEFAULT_SEGMENTER_OPTIONS: SegmenterOptions = {
  // Silero's own defaults (threshold 0.5, negative threshold threshold − 0.15).
  startThreshold: 0.5,
  endThreshold: 0.35,
  // Word gaps in running speech keep the probability low for up to ~130 ms
  // (jfk.wav "ask | not"); 160 ms below the end threshold is a pause between
  // phrases. It is also the end-of-speech delay of the live path.
  hangoverMs: 160,
  // A short word ("Great.", "Yes.") is ≥ 250 ms of speech; breaths and clicks
  // that brush the threshold last a frame or three.
  minSpeechMs: 160,
  // On a 2-core machine whisper tiny.en needs ~0.8 s for a 2 s piece. When the
  // rep stops just after a cut, the last piece waits for that one, so pieces
  // this short keep the prompt inside the live budget.
  maxSegmentMs: 2_000,
  cutGraceMs: 288,
  cutSearchMs: 480,
  onsetLookbackMs: 160,
  vad: 'silero',
}

/**
 * Loads the VAD model now (once per process) and runs one silent frame on a
 * throwaway stream (ONNX's first run allocates), so the first call's first
 * frames pay neither; says which backend streams will get.
 */
export function warmUpVad(vad: VadBackend = DEFAULT_SEGMENTER_OPTIONS.vad): VadBackend {
  const stream = createFrameVad(vad)
  stream.probability(new Int16Array(VAD_FRAME_SAMPLES))
  return stream.backend
}

export interface SpeechSpan {
  startMs: number
  endMs: number
  /** The piece was cut out of running speech at this end (the neighbouring piece starts/ends right here). */
  cutBefore?: true
  cutAfter?: true
  /**
   * True when the speech stopped here (a pause of `hangoverMs`, or the end of
   * the stream); false when the span was cut out of running speech and the
   * next span continues it (`!endsAtPause === !!cutAfter`).
   */
  endsAtPause: boolean
  /** Speech probability of each 32 ms frame of the span: frame i covers `startMs + 32 i` … `+ 32`. */
  speechProb: Float32Array
  /** Σ probability × 32 ms over the span's frames, in ms: how much of the span is speech. */
  speechMass: number
}

/** The span being heard (not closed yet). */
export interface OpenSpan {
  startMs: number
  /** End of the last frame ≥ `endThreshold` so far. */
  speechEndMs: number
  cutBefore: boolean
  /** Probabilities of its frames so far, including a trailing run below `endThreshold`. */
  speechProb: Float32Array
}

interface Frame {
  prob: number
  /** Level around the frame's start (16 ms centred on the boundary with the previous frame). */
  edgeRms: number
}

/** Samples each side of a frame boundary whose level says whether a cut there would split a sound. */
const EDGE_SAMPLES = 128

export class SpeechSegmenter {
  private readonly opts: SegmenterOptions
  private readonly vad: FrameVad
  private readonly hangoverFrames: number
  private readonly minSpeechFrames: number
  private readonly maxFrames: number
  private readonly graceFrames: number
  private readonly searchFrames: number
  private readonly lookbackFrames: number
  private carry = new Int16Array(0)
  /** The previous frame's last samples, for the level at the next boundary. */
  private tail = new Int16Array(EDGE_SAMPLES)
  private frameIndex = 0
  private inSpeech = false
  private startFrame = 0
  private lastSpeechFrame = -1
  private silenceRun = 0
  /** Frames ≥ startThreshold in the open span (for minSpeechMs). */
  private strongFrames = 0
  /** Frames of the open span, from startFrame. */
  private frames: Frame[] = []
  /** The open piece began at a cut, not after silence. */
  private startedAtCut = false
  /** A cut chosen at the end of the grace, made as soon as the speech goes on after it. */
  private chosenCut: number | undefined
  /** Frames heard before speech, so a span can reach back over a soft onset. */
  private recent: Frame[] = []
  /** The first frame a new span may claim (after the previous span). */
  private floorFrame = 0
  private lastProb = 0

  /**
   * `startMs`: the stream's first sample is at this call time (rounded down to
   * a whole frame, so frames keep the call's 32 ms grid); spans are in call time.
   */
  constructor(options: Partial<SegmenterOptions> = {}, startMs = 0) {
    this.opts = { ...DEFAULT_SEGMENTER_OPTIONS, ...options }
    this.frameIndex = Math.max(0, Math.floor(startMs / VAD_FRAME_MS))
    this.floorFrame = this.frameIndex
    const frames = (ms: number) => Math.max(0, Math.round(ms / VAD_FRAME_MS))
    this.hangoverFrames = Math.max(1, frames(this.opts.hangoverMs))
    this.minSpeechFrames = Math.max(1, frames(this.opts.minSpeechMs))
    this.maxFrames = Math.max(2, frames(this.opts.maxSegmentMs))
    this.graceFrames = frames(this.opts.cutGraceMs)
    this.searchFrames = Math.min(this.maxFrames - 1, frames(this.opts.cutSearchMs))
    this.lookbackFrames = frames(this.opts.onsetLookbackMs)
    this.vad = createFrameVad(this.opts.vad)
  }

  /** Which classifier this stream uses ('energy' only when Silero could not load, or when asked for). */
  get backend(): VadBackend {
    return this.vad.backend
  }

  /** Time covered so far, in ms (whole frames). */
  get positionMs(): number {
    return this.frameIndex * VAD_FRAME_MS
  }

  get speaking(): boolean {
    return this.inSpeech
  }

  /**
   * How long the open span has been below `endThreshold` (0 while speech is
   * heard, or when nothing is open): a speculative endpoint can act before the
   * hangover completes.
   */
  get trailingSilenceMs(): number {
    return this.inSpeech ? this.silenceRun * VAD_FRAME_MS : 0
  }

  /** Speech probability of the last frame heard. */
  get lastProbability(): number {
    return this.lastProb
  }

  /** The span being heard, if any. */
  get open(): OpenSpan | undefined {
    if (!this.inSpeech) return undefined
    return {
      startMs: this.startFrame * VAD_FRAME_MS,
      speechEndMs: (this.lastSpeechFrame + 1) * VAD_FRAME_MS,
      cutBefore: this.startedAtCut,
      speechProb: Float32Array.from(this.frames, (f) => f.prob),
    }
  }

  /** Feeds samples; returns the spans that closed inside them. */
  push(samples: Int16Array): SpeechSpan[] {
    const spans: SpeechSpan[] = []
    let data = samples
    if (this.carry.length) {
      data = new Int16Array(this.carry.length + samples.length)
      data.set(this.carry)
      data.set(samples, this.carry.length)
    }
    let offset = 0
    for (; offset + VAD_FRAME_SAMPLES <= data.length; offset += VAD_FRAME_SAMPLES) {
      const frame = data.subarray(offset, offset + VAD_FRAME_SAMPLES)
      const span = this.processFrame({ prob: this.vad.probability(frame), edgeRms: edgeRms(this.tail, frame) })
      this.tail.set(frame.subarray(VAD_FRAME_SAMPLES - EDGE_SAMPLES))
      if (span) spans.push(span)
    }
    this.carry = data.slice(offset)
    return spans
  }

  /** Ends the stream: closes a span still open. */
  flush(): SpeechSpan[] {
    if (!this.inSpeech) return []
    const span = this.close(this.lastSpeechFrame)
    return span ? [span] : []
  }

  private processFrame(f: Frame): SpeechSpan | undefined {
    const frame = this.frameIndex++
    this.lastProb = f.prob
    const { startThreshold, endThreshold } = this.opts

    if (!this.inSpeech) {
      this.recent.push(f)
      if (this.recent.length > this.lookbackFrames + 1) this.recent.shift()
      if (f.prob < startThreshold) return undefined
      // Reach back over the soft onset just before the trigger, never into the previous span.
      let back = 0
      while (
        back < this.recent.length - 1 &&
        frame - back - 1 >= this.floorFrame &&
        this.recent[this.recent.length - 2 - back]!.prob >= endThreshold
      ) {
        back++
      }
      this.inSpeech = true
      this.startFrame = frame - back
      this.frames = this.recent.slice(this.recent.length - 1 - back)
      this.recent = []
      this.lastSpeechFrame = frame
      this.silenceRun = 0
      this.strongFrames = 1
      this.chosenCut = undefined
      return undefined
    }

    this.frames.push(f)
    if (f.prob >= endThreshold) {
      this.lastSpeechFrame = frame
      this.silenceRun = 0
      if (f.prob >= startThreshold) this.strongFrames++
    } else {
      this.silenceRun++
    }
    if (this.silenceRun >= this.hangoverFrames) return this.close(this.lastSpeechFrame)

    if (this.chosenCut === undefined && frame + 1 - this.startFrame >= this.maxFrames + this.graceFrames) {
      this.chosenCut = this.leastSpeechLikeFrame()
    }
    // Cut once the speech is heard going on after the chosen frame; while it is
    // still quiet there the pause may yet end the utterance (then no cut at all).
    if (this.chosenCut !== undefined && this.lastSpeechFrame > this.chosenCut) return this.cut(this.chosenCut)
    return undefined
  }

  /**
   * Where to cut running speech (the last frame of the piece): the frame
   * boundary around the maximum length whose neighbours are least speech-like,
   * then the quietest. A real pause (probability below the end threshold) wins
   * over any boundary inside speech; inside speech Silero stays near 1 across
   * short word gaps, and the level at the boundary finds the gap.
   */
  private leastSpeechLikeFrame(): number {
    const from = Math.max(1, this.maxFrames - this.searchFrames)
    // The next piece must start on a frame already heard.
    const to = this.frames.length - 1
    let loudest = 1
    for (let i = from; i <= to; i++) loudest = Math.max(loudest, this.frames[i]!.edgeRms)
    let at = to
    let best = Infinity
    for (let i = from; i <= to; i++) {
      const score = (this.frames[i - 1]!.prob + this.frames[i]!.prob) / 2 + (0.5 * this.frames[i]!.edgeRms) / loudest
      if (score < best) {
        best = score
        at = i
      }
    }
    return this.startFrame + at - 1
  }

  /** Ends this piece with frame `cutFrame` (included); the speech goes on in a new piece right after it. */
  private cut(cutFrame: number): SpeechSpan | undefined {
    const rest = this.frames.slice(cutFrame - this.startFrame + 1)
    const lastSpeech = this.lastSpeechFrame
    const silenceRun = this.silenceRun
    const span = this.close(cutFrame, true)
    this.inSpeech = true
    this.startFrame = cutFrame + 1
    this.lastSpeechFrame = lastSpeech
    this.silenceRun = silenceRun
    this.frames = rest
    this.strongFrames = rest.filter((f) => f.prob >= this.opts.startThreshold).length
    this.startedAtCut = true
    return span
  }

  private close(lastFrame: number, cutAfter = false): SpeechSpan | undefined {
    const startMs = this.startFrame * VAD_FRAME_MS
    const endMs = (lastFrame + 1) * VAD_FRAME_MS
    const cutBefore = this.startedAtCut
    const frames = this.frames.slice(0, lastFrame + 1 - this.startFrame)
    const strong = this.strongFrames
    this.inSpeech = false
    this.silenceRun = 0
    this.frames = []
    this.recent = []
    this.strongFrames = 0
    this.startedAtCut = false
    this.chosenCut = undefined
    this.floorFrame = lastFrame + 1
    // A piece that continues running speech is kept however short (it is the end
    // of a phrase, not a click); a span after a pause needs real speech in it.
    if (frames.length === 0 || (!cutBefore && !cutAfter && strong < this.minSpeechFrames)) return undefined
    const speechProb = Float32Array.from(frames, (f) => f.prob)
    let mass = 0
    for (const p of speechProb) mass += p * VAD_FRAME_MS
    const span: SpeechSpan = { startMs, endMs, endsAtPause: !cutAfter, speechProb, speechMass: Math.round(mass) }
    if (cutBefore) span.cutBefore = true
    if (cutAfter) span.cutAfter = true
    return span
  }
}

function edgeRms(tail: Int16Array, frame: Int16Array): number {
  let sum = 0
  for (let i = 0; i < EDGE_SAMPLES; i++) sum += tail[i]! * tail[i]! + frame[i]! * frame[i]!
  return Math.sqrt(sum / (2 * EDGE_SAMPLES))
}

/** Audio heard before `fromMs` so the model's recurrent state has settled (state left fresh changes spans). */
const WARMUP_MS = 10_000

/**
 * Whole-file convenience for the CLI, crash recovery and tests. With `fromMs`,
 * only the spans that start at or after it (times stay file times): the VAD
 * costs ~0.12 ms per 32 ms frame, so a 2-hour call takes ~27 s in full, and
 * recovery only needs its last minutes. The pass starts 10 s earlier on the
 * same 32 ms grid, so the model's state has settled, and gives the full
 * pass's spans there (checked on the shared samples, not guaranteed: the state
 * remembers further back than that).
 */
export function segmentSamples(samples: Int16Array, options?: Partial<SegmenterOptions>, fromMs = 0): SpeechSpan[] {
  const startFrame = Math.max(0, Math.floor((fromMs - WARMUP_MS) / VAD_FRAME_MS))
  const seg = new SpeechSegmenter(options, startFrame * VAD_FRAME_MS)
  const spans = [...seg.push(startFrame ? samples.subarray(startFrame * VAD_FRAME_SAMPLES) : samples), ...seg.flush()]
  return fromMs > 0 ? spans.filter((s) => s.startMs >= fromMs) : spans
}
