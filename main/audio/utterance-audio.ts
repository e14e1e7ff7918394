/** Cuts one utterance's audio out of a call for Whisper, the same way live and from files. */
import { msToSamples } from './pcm'

/** Audio kept around each utterance: onsets and tails below the VAD threshold still carry words. */
export const UTTERANCE_PAD_MS = 200
/** whisper.cpp skips input shorter than 1 s; shorter utterances are padded with silence. */
export const MIN_TRANSCRIBE_MS = 1100

/** `samples[0]` is call sample `firstSample` (a rolling buffer starts later than the call). */
export function utteranceAudio(samples: Int16Array, firstSample: number, span: { startMs: number; endMs: number }): Int16Array {
  const from = Math.max(0, msToSamples(span.startMs - UTTERANCE_PAD_MS) - firstSample)
  const to = Math.max(from, Math.min(samples.length, msToSamples(span.endMs + UTTERANCE_PAD_MS) - firstSample))
  const pcm = samples.slice(from, to)
  const min = msToSamples(MIN_TRANSCRIBE_MS)
  if (pcm.length >= min) return pcm
  const padded = new Int16Array(min)
  padded.set(pcm)
  return padded
}
