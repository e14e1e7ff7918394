/**
 * An oracle recogniser: the words of a known script, with known times, for
 * any window of the call, so the live path can be measured without real
 * Whisper weights. Words wholly inside the window come out exact; a word the
 * window cuts comes out the way a recogniser garbles a cut word: dropped when
 * little of it is heard, else truncated to the part heard ("campaigns" cut
 * half-way → "campa"), with its time clipped to the window.
 */
import type { DecodedWord } from '../../main/live/words'

export interface ScriptWord {
  text: string
  startMs: number
  endMs: number
}

export interface OracleOptions {
  /** Less than this share of a cut word heard: the word is dropped. */
  dropBelow: number
  /** At least this share heard: the recogniser gets it anyway. */
  wholeAbove: number
}

export const DEFAULT_ORACLE: OracleOptions = { dropBelow: 0.3, wholeAbove: 0.9 }

export function oracleWords(script: readonly ScriptWord[], startMs: number, endMs: number, options: Partial<OracleOptions> = {}): DecodedWord[] {
  const opts = { ...DEFAULT_ORACLE, ...options }
  const out: DecodedWord[] = []
  for (const w of script) {
    if (w.endMs <= startMs || w.startMs >= endMs) continue
    const from = Math.max(startMs, w.startMs)
    const to = Math.min(endMs, w.endMs)
    const share = (to - from) / Math.max(1, w.endMs - w.startMs)
    if (share >= opts.wholeAbove || (from === w.startMs && to === w.endMs)) {
      out.push({ text: w.text, startMs: w.startMs, endMs: w.endMs, p: 0.9 })
      continue
    }
    if (share < opts.dropBelow) continue
    out.push({ text: garble(w.text, share, from > w.startMs), startMs: from, endMs: to, p: 0.4 })
  }
  return out
}

/**
 * About how many tokens Whisper writes for these words (GPT-2 BPE, its
 * vocabulary): one for a common word with its leading space, one more per ~5
 * letters past the sixth, one per punctuation mark. A real model stops there
 * (end of text); the synthetic one never does.
 */
export function scriptTokenCount(words: readonly { text: string }[]): number {
  let n = 0
  for (const w of words) {
    const letters = w.text.replace(/[^\p{L}\p{N}']/gu, '').length
    n += 1 + Math.floor(Math.max(0, letters - 6) / 5) + (w.text.match(/[^\p{L}\p{N}'\s]/gu)?.length ?? 0)
  }
  return n
}

/** The part of the word heard: its start when cut at the end of the window, its end when cut at the start. */
export function garble(text: string, share: number, heardEnd: boolean): string {
  const letters = text.replace(/[^\p{L}\p{N}']/gu, '')
  const keep = Math.max(1, Math.min(letters.length - 1, Math.round(letters.length * share)))
  return heardEnd ? letters.slice(letters.length - keep) : letters.slice(0, keep)
}

/** Word times for lines spoken at a steady rate (the property test; the bench measures them from espeak-ng). */
export function timedScript(lines: readonly string[], opts: { msPerChar?: number; wordGapMs?: number; lineGapMs?: number; startMs?: number } = {}) {
  const msPerChar = opts.msPerChar ?? 60
  const wordGap = opts.wordGapMs ?? 70
  const lineGap = opts.lineGapMs ?? 900
  let t = opts.startMs ?? 500
  return lines.map((line) => {
    const words: ScriptWord[] = []
    for (const text of line.split(/\s+/).filter(Boolean)) {
      const len = Math.max(120, text.length * msPerChar)
      words.push({ text, startMs: t, endMs: t + len })
      t += len + wordGap
    }
    t += lineGap - wordGap
    return { text: line, words, startMs: words[0]?.startMs ?? t, endMs: words[words.length - 1]?.endMs ?? t }
  })
}
