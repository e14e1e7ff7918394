/**
 * One utterance's words, committed as the rep speaks (LocalAgreement-2, as in
 * whisper_streaming): the utterance is decoded again after every cut, each time
 * from a little before the last committed word to the newest audio, and a word
 * is committed once two successive decodes agree on it. A cut lands anywhere,
 * inside a word too: the word at the cut comes out garbled in one decode and
 * whole in the next, so it is committed only from the decode that saw all of
 * it. When the utterance ends, the last decode covers every uncommitted word
 * whole, and commits them all. Nothing is lost at a cut (every word is inside
 * some later window) and nothing is doubled (a word already committed is
 * recognised by its time, or by its text at the seam, and skipped).
 */
import { joinWords, wordKey, type DecodedWord } from './words'

export interface AgreementOptions {
  /**
   * The next window starts this long before the last committed word ends, so
   * the decoder hears the seam; words ending there are the committed ones.
   */
  overlapMs: number
  /**
   * A word starting before the committed end plus this may be a committed word
   * heard again with shifted times. 0: only words overlapping the committed
   * end in time, so a word said twice ("yeah, yeah") is kept.
   */
  seamSlackMs: number
  /**
   * A word ending this close to a window's cut may be the cut one, heard in
   * part: it waits for a window that hears past it, even when two decodes agree
   * (two cuts can land in the same word).
   */
  edgeGuardMs: number
}

export const DEFAULT_AGREEMENT: AgreementOptions = { overlapMs: 300, seamSlackMs: 0, edgeGuardMs: 120 }

export class UtteranceAssembler {
  private readonly opts: AgreementOptions
  private readonly committed: DecodedWord[] = []
  /** The latest decode's words past the committed ones, waiting for a second decode to agree. */
  private pending: DecodedWord[] = []

  constructor(
    readonly startMs: number,
    options: Partial<AgreementOptions> = {},
  ) {
    this.opts = { ...DEFAULT_AGREEMENT, ...options }
  }

  get words(): readonly DecodedWord[] {
    return this.committed
  }

  get text(): string {
    return joinWords(this.committed)
  }

  /** Words of the latest decode not committed yet (shown greyed, never coached). */
  get tentative(): readonly DecodedWord[] {
    return this.pending
  }

  get committedEndMs(): number {
    return this.committed.length ? this.committed[this.committed.length - 1]!.endMs : this.startMs
  }

  /** Where the next decode window begins. */
  windowStartMs(): number {
    return this.committed.length ? Math.max(this.startMs, this.committedEndMs - this.opts.overlapMs) : this.startMs
  }

  /** A decode of the growing utterance, cut at `windowEndMs`; returns the words it committed. */
  provisional(words: readonly DecodedWord[], windowEndMs: number): DecodedWord[] {
    const fresh = this.fresh(words)
    const limit = windowEndMs - this.opts.edgeGuardMs
    let n = 0
    while (
      n < fresh.length &&
      n < this.pending.length &&
      fresh[n]!.endMs <= limit &&
      wordKey(fresh[n]!.text) === wordKey(this.pending[n]!.text)
    )
      n++
    const agreed = fresh.slice(0, n)
    this.committed.push(...agreed)
    this.pending = fresh.slice(n)
    return agreed
  }

  /** The decode at the utterance's end: every word in it is whole, so all of them are committed. */
  final(words: readonly DecodedWord[]): DecodedWord[] {
    const fresh = this.fresh(words)
    this.committed.push(...fresh)
    this.pending = []
    return fresh
  }

  /** A decode that was gated out (hallucination, low confidence) says nothing: forget its tentative words. */
  discard(): void {
    this.pending = []
  }

  /** The decode's words after the committed ones. */
  private fresh(words: readonly DecodedWord[]): DecodedWord[] {
    const end = this.committedEndMs
    if (!this.committed.length) return words.filter((w) => wordKey(w.text))
    // By time: a word centred before the committed end was heard (whole or garbled) last time.
    let out = words.filter((w) => wordKey(w.text) && (w.startMs + w.endMs) / 2 > end)
    // By text at the seam: the last committed words heard again with shifted times.
    const maxK = Math.min(5, this.committed.length, out.length)
    for (let k = maxK; k >= 1; k--) {
      if (out[k - 1]!.startMs >= end + this.opts.seamSlackMs) continue
      const tail = this.committed.slice(-k).map((w) => wordKey(w.text))
      if (out.slice(0, k).every((w, i) => wordKey(w.text) === tail[i])) {
        out = out.slice(k)
        break
      }
    }
    return out
  }
}
