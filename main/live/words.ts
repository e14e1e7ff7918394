/** Words with their times in the call, as the live path passes them between decoder, agreement and coach. */

export interface DecodedWord {
  /** As the recogniser wrote it, punctuation included ("Hi," "week?"). */
  text: string
  /** Call-relative ms. */
  startMs: number
  endMs: number
  /** The recogniser's probability for the word (its least likely token); 1 when unknown. */
  p: number
}

/** What two decodes must agree on: the word without case or punctuation. */
export function wordKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '')
}

export function joinWords(words: readonly Pick<DecodedWord, 'text'>[]): string {
  return words
    .map((w) => w.text.trim())
    .filter(Boolean)
    .join(' ')
}
