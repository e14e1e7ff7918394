/**
 * Live decoding parameters for one utterance, chosen for latency without
 * dropping words. Pure, so the policy is testable without a model.
 */
import { SAMPLE_RATE } from '../audio/pcm'

/** Whisper's encoder sees 50 frames per second of audio, 1500 for its full 30 s window. */
const ENCODER_FRAMES_PER_SECOND = 50
const FULL_AUDIO_CTX = 1500
/** Room past the last sample so the encoder sees the utterance end with some silence, as in training. */
const AUDIO_CTX_MARGIN = 64
/** Below this the encoder output degrades (repetitions on very short clips) for almost no time saved. */
const MIN_AUDIO_CTX = 192
/**
 * Conversational English runs ~150–200 words a minute, ~4–5 tokens a second
 * with punctuation. 5 a second plus slack allows ~290 words a minute on a 3 s
 * piece (the longest the segmenter makes), so the cap only stops a decoder
 * that is looping, never real words.
 */
const TOKENS_PER_SECOND = 5
const TOKEN_SLACK = 4

export interface DecodeParams {
  audioCtx: number
  maxTokens: number
}

export function decodeParamsFor(sampleCount: number): DecodeParams {
  const seconds = sampleCount / SAMPLE_RATE
  const audioCtx = Math.min(FULL_AUDIO_CTX, Math.max(MIN_AUDIO_CTX, Math.ceil(seconds * ENCODER_FRAMES_PER_SECOND) + AUDIO_CTX_MARGIN))
  return { audioCtx, maxTokens: Math.ceil(seconds * TOKENS_PER_SECOND) + TOKEN_SLACK }
}

/** Earlier words of the same call, as Whisper's prompt: short utterances transcribe better with their context. */
export function promptFrom(previousText: string, maxChars = 200): string {
  const text = previousText.trim()
  if (text.length <= maxChars) return text
  const cut = text.slice(text.length - maxChars)
  // Start on a word boundary so the prompt does not begin with half a word.
  const space = cut.indexOf(' ')
  return space >= 0 ? cut.slice(space + 1) : cut
}

/**
 * Threads for the next utterance. ggml's worker threads wait for each other
 * by spinning, so when other programs already keep the cores busy a second
 * thread mostly waits for CPU time: on a loaded 2-core machine a 3 s piece took
 * 22 s with 2 threads against ~2 s with 1 (bench:live during a test run).
 * `othersLoad` is the load other programs put on the machine (cores' worth,
 * see EngineLoadMeter); platforms without a load average (Windows) give 0.
 */
export function threadsFor(configured: number, othersLoad: number, cores: number): number {
  if (configured <= 1) return 1
  const spare = cores - Math.max(0, othersLoad)
  // A little background work (an idle browser, the dialer) still leaves room for all threads.
  if (spare >= configured - 0.75) return configured
  return Math.max(1, Math.min(configured, Math.floor(spare + 0.25)))
}

/**
 * The 1-minute load average minus this engine's own part of it, so the
 * engine's bursts (its spinning threads count as load) do not make it back off.
 * Its own part is its CPU use, averaged the way the kernel averages load.
 */
export class EngineLoadMeter {
  private ownLoad = 0
  private last: { at: number; cpuMs: number }

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly cpuMs: () => number = () => {
      const u = process.cpuUsage()
      return (u.user + u.system) / 1000
    },
  ) {
    this.last = { at: this.now(), cpuMs: this.cpuMs() }
  }

  othersLoad(loadAverage: number): number {
    const at = this.now()
    const cpuMs = this.cpuMs()
    const wall = at - this.last.at
    if (wall > 0) {
      const recent = (cpuMs - this.last.cpuMs) / wall
      const keep = Math.exp(-wall / 60_000)
      this.ownLoad = this.ownLoad * keep + recent * (1 - keep)
    }
    this.last = { at, cpuMs }
    return Math.max(0, loadAverage - this.ownLoad)
  }
}
