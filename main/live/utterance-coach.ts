/**
 * The coach as the live path drives it: one coach segment per utterance. While
 * the utterance grows, its committed words are only peeked at (flags they would
 * raise, shown at once as provisional); when it ends its whole text is pushed,
 * and each provisional flag is confirmed (the pushed text raises it too) or
 * retracted. A later, better text of a past utterance (the final tier) replays
 * the call's texts through a fresh coach and reports the flags gained and lost.
 * Pure: no store, no events (LiveCoach does those).
 */
import { createCoach, type Coach, type CoachSegment, type Flag, type FlagKind } from '../coach'

export interface UtteranceEnd {
  /** Flags of the pushed text, each with the provisional flag it confirms (same kind), if one was shown. */
  flags: Array<{ flag: Flag; confirms: FlagKind | undefined }>
  /** Provisional kinds the whole utterance does not support. */
  retracted: FlagKind[]
}

export interface Reconciled {
  added: Flag[]
  /** Flags (segment index, kind) the new texts no longer raise. */
  removed: Array<{ segmentIndex: number; kind: FlagKind }>
}

const key = (f: { segmentIndex: number; kind: string }) => `${f.segmentIndex}:${f.kind}`

/**
 * A Coach itself (push, flags, classification…), so code that replays stored
 * segments into a call's coach (crash recovery) can feed this one too.
 */
export class UtteranceCoach implements Coach {
  private coach: Coach = createCoach()
  /** Every pushed segment, in order (what the coach has seen). */
  private readonly history: CoachSegment[] = []
  /** Kinds shown provisionally for the open utterance. */
  private shown = new Set<FlagKind>()

  /** Segments pushed so far. */
  get length(): number {
    return this.history.length
  }

  /** The coach's current flags (confirmed ones), in segment order. */
  flags(): Flag[] {
    return this.coach.flags()
  }

  classification(index: number) {
    return this.coach.classification(index)
  }

  classifications() {
    return this.coach.classifications()
  }

  reset(): void {
    this.coach.reset()
    this.history.length = 0
    this.shown = new Set()
  }

  /** The open utterance's committed words so far: flags not shown yet that they raise. */
  grow(segment: CoachSegment): Flag[] {
    if (!segment.text.trim()) return []
    const fresh = this.peek(segment).filter((f) => !this.shown.has(f.kind))
    for (const f of fresh) this.shown.add(f.kind)
    return fresh
  }

  /** The utterance ended with this text: push it, confirm or retract what was shown. */
  end(segment: CoachSegment): UtteranceEnd {
    const shown = this.shown
    this.shown = new Set()
    const flags = this.push(segment)
    const kinds = new Set(flags.map((f) => f.kind))
    return {
      flags: flags.map((flag) => ({ flag, confirms: shown.has(flag.kind) ? flag.kind : undefined })),
      retracted: [...shown].filter((k) => !kinds.has(k)),
    }
  }

  /** An utterance with no words after all (gated, empty): whatever it showed is retracted. */
  abandon(): FlagKind[] {
    const shown = [...this.shown]
    this.shown = new Set()
    return shown
  }

  /** A typed line or a segment with no live history: pushed as is. */
  push(segment: CoachSegment): Flag[] {
    this.history.push({ ...segment })
    return this.coach.push(segment)
  }

  /** A pushed segment's text changed (final tier): replay the call and diff the flags. */
  replaceText(index: number, text: string): Reconciled {
    const seg = this.history[index]
    if (!seg || seg.text === text) return { added: [], removed: [] }
    const before = new Map(this.coach.flags().map((f) => [key(f), f]))
    seg.text = text
    this.coach = createCoach()
    for (const s of this.history) this.coach.push(s)
    const after = new Map(this.coach.flags().map((f) => [key(f), f]))
    return {
      added: [...after].filter(([k]) => !before.has(k)).map(([, f]) => f),
      removed: [...before].filter(([k]) => !after.has(k)).map(([, f]) => ({ segmentIndex: f.segmentIndex, kind: f.kind })),
    }
  }

  /** Flags this segment would raise next, without pushing it. */
  peek(segment: CoachSegment): Flag[] {
    const withPeek = this.coach as Coach & { peek?: (s: CoachSegment) => Flag[] }
    if (typeof withPeek.peek === 'function') return withPeek.peek(segment)
    // Until the coach offers peek: the same answer from a copy fed the same history.
    const copy = createCoach()
    for (const s of this.history) copy.push(s)
    return copy.push(segment)
  }
}
