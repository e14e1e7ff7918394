/** Cuts one utterance's audio out of a call for Whisper, the same way live and from files. */
import { msToSamples } from './pcm'
import { DEFAULT_SEGMENTER_OPTIONS, type SpeechSpan } from './speech-segmenter'

/** Audio kept around each utterance: onsets and tails below the VAD threshold still carry words. */
export const UTTERANCE_PAD_MS = 200
/**
 * After the voice only as much as the segmenter has heard when it closes the
 * utterance (its hangover), so a live segment gets exactly the audio the same
 * span gets from the file.
 */
export const UTTERANCE_TAIL_MS = Math.min(UTTERANCE_PAD_MS, DEFAULT_SEGMENTER_OPTIONS.hangoverMs)
/** whisper.cpp skips input shorter than 1 s; shorter utterances are padded with silence. */
export const MIN_TRANSCRIBE_MS = 1100
/** Whisper hears at most 30 s; a longer utterance is decoded in parts that end at its cuts. */
export const MAX_DECODE_MS = 28_000

/** Spans joined where the segmenter cut running speech, split before any part passes MAX_DECODE_MS. */
export function utterancesOf(spans: readonly SpeechSpan[]): SpeechSpan[][] {
  const out: SpeechSpan[][] = []
  for (const span of spans) {
    const last = out[out.length - 1]
    const joins = span.cutBefore && last && last[last.length - 1]!.endMs === span.startMs && span.endMs - last[0]!.startMs <= MAX_DECODE_MS
    if (joins) last.push(span)
    else out.push([span])
  }
  return out
}

/**
 * `samples[0]` is call sample `firstSample` (a rolling buffer starts later than the call).
 * No padding at an end where the piece was cut out of running speech: that audio
 * belongs to the neighbouring piece, and Whisper would write its words twice.
 */
export function utteranceAudio(
  samples: Int16Array,
  firstSample: number,
  span: { startMs: number; endMs: number; cutBefore?: boolean; cutAfter?: boolean },
): Int16Array {
  const before = span.cutBefore ? 0 : UTTERANCE_PAD_MS
  const after = span.cutAfter ? 0 : UTTERANCE_TAIL_MS
  const from = Math.max(0, msToSamples(span.startMs - before) - firstSample)
  const to = Math.max(from, Math.min(samples.length, msToSamples(span.endMs + after) - firstSample))
  const pcm = samples.slice(from, to)
  const min = msToSamples(MIN_TRANSCRIBE_MS)
  if (pcm.length >= min) return pcm
  const padded = new Int16Array(min)
  padded.set(pcm)
  return padded
}
