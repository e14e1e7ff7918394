/**
 * What Whisper writes that nobody said, stopped before it reaches the coach,
 * the overlay or the prompt of the next decode. Whisper was trained on
 * subtitles: on silence, breath or noise it writes the captions that ended
 * videos ("Thank you.", "Thanks for watching!"), a lone "you", or non-speech
 * tags; a decoder that lost its place repeats a phrase until the token cap.
 * The checks use what is known about the window: the recogniser's token
 * probabilities and how much voice the VAD heard in it.
 */
import { joinWords, wordKey, type DecodedWord } from './words'

export type GateReason = 'no-speech' | 'silence-phrase' | 'repetition' | 'low-confidence' | 'too-many-words'

export interface GateOptions {
  /** Less voice than this in the window (ms of speech the VAD heard) can hold no words. */
  minSpeechMs: number
  /** More words per second of voice than this is not speech (fast talkers reach ~5). */
  maxWordsPerSecond: number
  /** Below this mean word probability the decode is a guess. */
  minMeanP: number
  /** An n-gram (n ≤ 4) repeated this many times in a row is a decoder loop. */
  maxRepeats: number
  /**
   * A known silence phrase is dropped only with less voice than this per word:
   * Whisper invents them on breath and noise, but a rep who says "Thank you."
   * or "Okay." out loud is heard saying it.
   */
  silencePhraseMsPerWord: number
}

export const DEFAULT_GATE: GateOptions = { minSpeechMs: 120, maxWordsPerSecond: 7, minMeanP: 0.3, maxRepeats: 3, silencePhraseMsPerWord: 150 }

/**
 * Whole outputs Whisper is known to invent on silence and noise (whisper.cpp,
 * faster-whisper and openai/whisper issue threads). Matched on the whole
 * output only: "thank you" inside a real sentence is kept.
 */
export const SILENCE_PHRASES = new Set(
  [
    'you',
    'thank you',
    'thank you very much',
    'thanks',
    'thanks for watching',
    'thank you for watching',
    'thanks for watching and see you next time',
    'please subscribe',
    'subscribe to my channel',
    'like and subscribe',
    'bye',
    'bye bye',
    'okay',
    'so',
    'the end',
    'subtitles by the amaraorg community',
    'transcribed by',
  ].map((p) => p.replace(/\s+/g, '')),
)

/** Tags and symbols for sounds, not words: [BLANK_AUDIO], (music), *sigh*, ♪. */
const NON_SPEECH = /^(\[.*\]|\(.*\)|\*.*\*|[♪♫#…-]+)$/

export interface GateVerdict {
  ok: boolean
  reason?: GateReason
  /** The words that may go on (non-speech tags removed). */
  words: DecodedWord[]
}

export function gateDecode(decoded: readonly DecodedWord[], speechMs: number, options: Partial<GateOptions> = {}): GateVerdict {
  const opts = { ...DEFAULT_GATE, ...options }
  const words = stripNonSpeech(decoded)
  if (!words.length) return { ok: true, words }
  const no = (reason: GateReason): GateVerdict => ({ ok: false, reason, words: [] })
  if (speechMs < opts.minSpeechMs) return no('no-speech')
  if (SILENCE_PHRASES.has(words.map((w) => wordKey(w.text)).join('')) && speechMs < words.length * opts.silencePhraseMsPerWord) return no('silence-phrase')
  if (hasLoop(words.map((w) => wordKey(w.text)), opts.maxRepeats)) return no('repetition')
  const meanP = words.reduce((s, w) => s + w.p, 0) / words.length
  if (meanP < opts.minMeanP) return no('low-confidence')
  // Slack of two words: a window starts just before its last committed word, which it hears again.
  if (words.length > 2 + (speechMs / 1000) * opts.maxWordsPerSecond) return no('too-many-words')
  return { ok: true, words }
}

/** Drops tags like [BLANK_AUDIO] or (laughs) that Whisper writes for sounds; a tag split over several words goes whole. */
export function stripNonSpeech(words: readonly DecodedWord[]): DecodedWord[] {
  const out: DecodedWord[] = []
  let open: ']' | ')' | undefined
  for (const w of words) {
    const t = w.text.trim()
    if (open) {
      if (t.endsWith(open)) open = undefined
      continue
    }
    if ((t.startsWith('[') && !t.endsWith(']')) || (t.startsWith('(') && !t.endsWith(')'))) {
      open = t.startsWith('[') ? ']' : ')'
      continue
    }
    if (NON_SPEECH.test(t) || !wordKey(t)) continue
    out.push(w)
  }
  return out
}

function hasLoop(keys: readonly string[], maxRepeats: number): boolean {
  for (let n = 1; n <= 4; n++) {
    // A word said three times ("no, no, no") is speech; four times, or a phrase three times, is a loop.
    const need = n === 1 ? maxRepeats + 1 : maxRepeats
    for (let i = 0; i + n * need <= keys.length; i++) {
      let reps = 1
      while (i + (reps + 1) * n <= keys.length && keys.slice(i + reps * n, i + (reps + 1) * n).join(' ') === keys.slice(i, i + n).join(' ')) reps++
      if (reps >= need) return true
    }
  }
  return false
}

export const gatedText = (v: GateVerdict) => joinWords(v.words)
