/** Public types of the coach engine. Pure data; no Electron, no I/O. */

// The flag and utterance-class vocabulary is the contract's: the coach, the store and the screens use the same words.
import { FLAG_KINDS, FLAG_TIERS, UTTERANCE_CLASSES, type FlagKind, type FlagTier, type UtteranceClass } from '../../contract/vocabulary'
export { FLAG_KINDS, FLAG_TIERS, UTTERANCE_CLASSES, type FlagKind, type FlagTier, type UtteranceClass }

/** Overlay prompts never exceed this many characters. */
export const PROMPT_MAX_LENGTH = 60

/** One transcript segment of the rep's side, in call order. Times are ms from the start of the recording. */
export interface CoachSegment {
  text: string
  startMs?: number | null
  endMs?: number | null
}

export interface Flag {
  kind: FlagKind
  /** 0-based position of the segment in the call (order of push). */
  segmentIndex: number
  /** The words that triggered the flag, verbatim from the transcript (a clause may run over several pieces). */
  evidence: string
  /** How sure the coach is, 0..1 (the clause classifier's probability, or the pattern's strength). */
  confidence: number
  /** 'confident' (confidence at or above the precision-first threshold): shown live; else 'possible': debrief only. */
  tier: FlagTier
  /** One line for the live overlay: an action, at most PROMPT_MAX_LENGTH characters. */
  prompt: string
  /** For the debrief: what happened, why it matters, what to do instead. */
  explanation: string
  startMs: number | null
  endMs: number | null
}

export interface Classification {
  segmentIndex: number
  class: UtteranceClass
  /** Softmax probability of the chosen class. */
  confidence: number
  scores: Record<UtteranceClass, number>
  /** The words that most supported the chosen class ('' when nothing specific did). */
  evidence: string
  /** Names of the cue features that fired. */
  cues: string[]
}

export interface CoachOptions {
  /** A continuous stretch of rep speech longer than this is a monologue (default 60 000 ms). */
  monologueMs?: number
  /** A silence at least this long between two rep segments is room for the buyer (default 2 000 ms). */
  turnGapMs?: number
  /** No giving utterance by this long after the first segment starts is a slow hook (default 30 000 ms). */
  slowHookMs?: number
  /** Speaking rate used to estimate a segment's length when its end time is unknown (default 150). */
  wordsPerMinute?: number
  /** Flags at or above this confidence are 'confident' (shown live); below, 'possible' (default CONFIDENT_AT). */
  confidentAt?: number
}

export interface Coach {
  /** Feed the next segment; returns the flags it raised (possibly none). */
  push(segment: CoachSegment): Flag[]
  /**
   * The flags pushing this segment would raise now, without changing anything
   * (for the provisional text of an utterance still being transcribed).
   */
  peek(segment: CoachSegment): Flag[]
  /** All flags so far, in segment order. */
  flags(): Flag[]
  /** Classification of every segment so far, in segment order. */
  classifications(): Classification[]
  /** Classification of the segment pushed at this 0-based index (no copy of the rest). */
  classification(index: number): Classification | undefined
  /** Forget everything (start a new call). */
  reset(): void
}

export interface CallAnalysis {
  classifications: Classification[]
  flags: Flag[]
}

/** A linear classifier over the clause features: the shape of the generated weights.ts (kept here so weights and classifier do not import each other). */
export interface LinearModel {
  classes: readonly UtteranceClass[]
  features: readonly string[]
  /** weights[class][feature] */
  weights: readonly (readonly number[])[]
  bias: readonly number[]
  /** Hashed word / word-pair weights (lexical.ts), when the model has them. */
  lexical?: LexicalWeights
}

/** Sparse lexical weights: only the buckets training gave a weight worth keeping. */
export interface LexicalWeights {
  /** lexical.ts LEXICAL_SCHEME at training time. */
  scheme: string
  buckets: number
  /** lexicalBuckets of a fixed probe text at training time: catches a hashing change the scheme name missed. */
  check: readonly number[]
  /** When set, the words' summed score s per class counts as cap * tanh(s / cap): words refine the cues, they cannot outvote them without bound. */
  cap?: number
  /** [bucket, weight per class (in `classes` order)…], buckets ascending. */
  rows: readonly (readonly number[])[]
}
