/**
 * Live decoding parameters for one utterance, chosen for latency without
 * dropping words. Pure, so the policy is testable without a model.
 */
import { SAMPLE_RATE } from '../audio/pcm'

/** Whisper's encoder sees 50 frames per second of audio, 1500 for its full 30 s window. */
const ENCODER_FRAMES_PER_SECOND = 50
export const FULL_AUDIO_CTX = 1500
/** Room past the last sample so the encoder sees the utterance end with some silence, as in training. */
const AUDIO_CTX_MARGIN = 64
/**
 * The live tier's smallest encoder window. Stock Whisper was trained on 30 s
 * windows only; sized to a 2 s piece (the old 192) tiny.en loops and garbles
 * (published LibriSpeech WER 4.7 % → 226 %), and users of whisper.cpp report
 * 512 failing in many cases. 768 (15 s) keeps more than half the trained
 * context for the cost measured by bench/audio-ctx.bench.ts (see README).
 */
export const LIVE_AUDIO_CTX = liveAudioCtxFromEnv(process.env.CALLDESK_LIVE_AUDIO_CTX) ?? 768

/** CALLDESK_LIVE_AUDIO_CTX (256–1500) overrides the live floor, for scripts/eval-real-weights.ts to compare settings. */
export function liveAudioCtxFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 256 || n > FULL_AUDIO_CTX) throw new Error(`CALLDESK_LIVE_AUDIO_CTX must be a whole number from 256 to 1500, not "${value}"`)
  return n
}
/**
 * Conversational English runs ~150–200 words a minute, ~4–5 tokens a second
 * with punctuation. 5 a second plus slack allows ~300 words a minute, so the
 * cap only stops a decoder that is looping, never real words.
 */
const TOKENS_PER_SECOND = 5
const TOKEN_SLACK = 4

/** 'live': one greedy pass while the rep talks. 'final': the transcript kept, decoded once the turn is over. */
export type DecodeTier = 'live' | 'final'

export interface DecodeParams {
  /** Encoder frames; 0 is whisper.cpp's default, the full 1500. */
  audioCtx: number
  maxTokens: number
  /** whisper.cpp's temperature fallback step: 0 decodes once, greedily. */
  temperatureInc: number
}

/**
 * `speechMs`: how long the voice in the clip lasts, when known. The clip
 * itself is longer (silence around the words, and short clips padded to
 * whisper.cpp's 1 s minimum), and silence holds no tokens.
 */
export function decodeParamsFor(sampleCount: number, speechMs?: number, tier: DecodeTier = 'live'): DecodeParams {
  const seconds = sampleCount / SAMPLE_RATE
  const spoken = speechMs !== undefined ? Math.min(seconds, Math.max(0, speechMs) / 1000) : seconds
  const maxTokens = Math.ceil(spoken * TOKENS_PER_SECOND) + TOKEN_SLACK
  if (tier === 'final') {
    // Whisper as trained: the full window, and whisper.cpp's fallback (re-decode at a higher
    // temperature when the text loops or is unlikely). Time matters less: the rep is listening.
    return { audioCtx: 0, maxTokens: Math.min(224, maxTokens * 2), temperatureInc: 0.2 }
  }
  const fit = Math.ceil(seconds * ENCODER_FRAMES_PER_SECOND) + AUDIO_CTX_MARGIN
  return { audioCtx: Math.min(FULL_AUDIO_CTX, Math.max(LIVE_AUDIO_CTX, fit)), maxTokens, temperatureInc: 0 }
}

/**
 * Earlier words of the same call, as Whisper's prompt: short utterances transcribe
 * better with their context. About 20 words is enough to carry a sentence over a
 * cut; every prompt token costs decoder time (165 chars: +150 ms on 2 cores).
 */
export function promptFrom(previousText: string, maxChars = 100): string {
  const text = previousText.trim()
  if (text.length <= maxChars) return text
  const cut = text.slice(text.length - maxChars)
  // Start on a word boundary so the prompt does not begin with half a word.
  const space = cut.indexOf(' ')
  return space >= 0 ? cut.slice(space + 1) : cut
}
