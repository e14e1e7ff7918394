/**
 * The words main and the renderer share: every enumeration the contract, the
 * coach, the store and the screens agree on, written once. Plain data and zod
 * only, so every layer may import it.
 */

/** Coaching flag ids, in the order flags of one segment are reported. */
export const FLAG_KINDS = [
  'asking-before-giving',
  'closing-too-early',
  'empty-check-in',
  'credentials-not-value',
  'slow-hook',
  'talking-too-long',
  'jargon',
  'features-not-results',
  'no-escape-path',
] as const
export type FlagKind = (typeof FLAG_KINDS)[number]

/** 'confident' flags go to the live overlay; 'possible' ones only to the debrief. */
export const FLAG_TIERS = ['confident', 'possible'] as const
export type FlagTier = (typeof FLAG_TIERS)[number]
