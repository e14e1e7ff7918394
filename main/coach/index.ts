/**
 * Call Desk coach engine — pure TypeScript, no Electron, no I/O.
 * See README.md in this folder for the method.
 */
export { createCoach, analyzeCall, classifyUtterance, CONFIDENT_AT, DEFAULT_OPTIONS, type UtteranceClassification } from './coach'
export { splitClauses } from './clauses'
export { normalize } from './normalize'
export { PROMPTS } from './rules'
export {
  FLAG_KINDS,
  FLAG_TIERS,
  type FlagTier,
  PROMPT_MAX_LENGTH,
  UTTERANCE_CLASSES,
  type CallAnalysis,
  type Classification,
  type Coach,
  type CoachOptions,
  type CoachSegment,
  type Flag,
  type FlagKind,
  type UtteranceClass,
} from './types'
