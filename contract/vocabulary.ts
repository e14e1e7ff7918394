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

/** What one rep utterance does in the conversation (the coach's reading, stored with each line). */
export const UTTERANCE_CLASSES = ['give', 'probe', 'close', 'other'] as const
export type UtteranceClass = (typeof UTTERANCE_CLASSES)[number]

/** 'confident' flags go to the live overlay; 'possible' ones only to the debrief. */
export const FLAG_TIERS = ['confident', 'possible'] as const
export type FlagTier = (typeof FLAG_TIERS)[number]

// ---------- calls and their lines ----------

/** A real call, or a rehearsal of one (out loud or typed). */
export const CALL_KINDS = ['live', 'rehearsal'] as const
export const CALL_STATUSES = ['recording', 'completed', 'interrupted', 'failed'] as const
/** How a call was made, as the call list tells them apart. */
export const CALL_MODES = ['call', 'rehearsal', 'script-check'] as const
export const SEGMENT_STATUSES = ['pending', 'done', 'failed'] as const
export const SEGMENT_SOURCES = ['speech', 'typed'] as const
/** 'provisional': decoded live; 'final': re-decoded at full context after the turn. */
export const SEGMENT_TIERS = ['provisional', 'final'] as const

// ---------- after the call ----------

export const PROSPECT_STATUSES = ['active', 'not-now', 'dead'] as const
export const SCHEDULED_CALL_STATUSES = ['scheduled', 'done', 'cancelled'] as const
export const NOTE_KINDS = ['general', 'recap', 'plan', 'rehearsal'] as const

// ---------- people and review ----------

/** Who uses Call Desk on this computer (the profile). */
export const PROFILE_ROLES = ['rep', 'coach'] as const
/** Who a team server token belongs to: the profile's roles and a manager. */
export const TEAM_ROLES = ['rep', 'coach', 'manager'] as const
export const VERDICTS = ['ready', 'try-again'] as const
/** What a rep shares with the team. */
export const SHARE_KINDS = ['rehearsal', 'debrief', 'plan'] as const

// ---------- export ----------

export const EXPORT_SUBJECTS = ['call', 'debrief'] as const
export const EXPORT_FORMATS = ['markdown', 'json'] as const
export const EXPORT_MIME_TYPES = ['text/markdown', 'application/json'] as const

// ---------- speech model and engine ----------

export const MODEL_STATES = ['ready', 'missing', 'invalid', 'downloading'] as const
/** Where the model path came from. */
export const MODEL_SOURCES = ['settings', 'env', 'app-data'] as const
export const ENGINE_STATES = ['idle', 'loading', 'ready', 'transcribing', 'error'] as const

// ---------- overlay, shortcuts, errors ----------

export const OVERLAY_SIZES = ['small', 'default', 'large'] as const
export const SHORTCUT_ACTIONS = ['toggle-call'] as const
/** What an IPC refusal says it is; the renderer picks its message by this. */
export const ERROR_CODES = ['validation', 'not-found', 'conflict', 'model', 'forbidden', 'internal'] as const
