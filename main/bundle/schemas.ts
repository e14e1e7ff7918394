/**
 * Zod schemas for every JSON entry. Objects are strict (an unknown key is an
 * error, not silently dropped) and every string and array is bounded, so a
 * valid entry is also a reasonable one. Shapes mirror the repositories' types
 * (camelCase), except that segments travel by `uid` and flags point at a
 * segment by `segmentUid`: local integer row ids mean nothing on another machine.
 */
import { z } from 'zod'
import { Flag as ContractFlag, FlagKind, Id } from '../../contract/ipc-contract'
import {
  CALL_STATUSES,
  FLAG_TIERS,
  NOTE_KINDS,
  PROFILE_ROLES,
  PROSPECT_STATUSES,
  SCHEDULED_CALL_STATUSES,
  SEGMENT_SOURCES,
  SEGMENT_STATUSES,
  SEGMENT_TIERS,
  UTTERANCE_CLASSES,
  VERDICTS,
} from '../../contract/vocabulary'

export const REHEARSAL_FORMAT = 'calldesk-rehearsal'
export const REVIEW_FORMAT = 'calldesk-review'
export const BUNDLE_VERSION = 1

/**
 * Ids are the contract's: a UUID. Anything looser would commit here and then
 * fail every list the renderer asks for (their replies are checked against the
 * contract), so the bundle schemas take their rules from the contract itself.
 * A UUID is also safe as a file name stem (the audio is stored as `<id>.wav`).
 */
export const idSchema = Id
const ms = z.int().nonnegative()
const shortText = z.string().max(1_000)
const longText = z.string().max(200_000)

// Format and version are checked first, on their own, so a future bundle gets
// "made by a newer Call Desk" rather than a schema error about its new fields.
export const manifestHeaderSchema = z.object({
  format: z.string().max(100),
  version: z.int(),
})

export const rehearsalManifestSchema = z.strictObject({
  format: z.literal(REHEARSAL_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  exportedAt: ms,
  callId: idSchema,
  hasAudio: z.boolean(),
})
export type RehearsalManifest = z.infer<typeof rehearsalManifestSchema>

export const reviewManifestSchema = z.strictObject({
  format: z.literal(REVIEW_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  exportedAt: ms,
  /** The rehearsal reviewed; `callStartedAt` guards against an id that happens to match another call. */
  callId: idSchema,
  callStartedAt: ms,
  reviewer: shortText.min(1),
})
export type ReviewManifest = z.infer<typeof reviewManifestSchema>

export const callSchema = z
  .strictObject({
    id: idSchema,
    kind: z.literal('rehearsal'),
    prospectId: idSchema.nullable(),
    scheduledCallId: idSchema.nullable(),
    // A call still recording is not exported; its end is always known.
    status: z.enum(CALL_STATUSES).exclude(['recording']),
    startedAt: ms,
    endedAt: ms,
    durationMs: ms.nullable(),
    /** The rep's file name; informative only, the importer picks the local name. */
    audioPath: shortText.nullable(),
    sampleRate: z.int().positive().max(384_000),
    deviceLabel: shortText.nullable(),
    createdAt: ms,
  })
  .refine((c) => c.endedAt >= c.startedAt, { message: 'endedAt must not be before startedAt', path: ['endedAt'] })
export type BundleCall = z.infer<typeof callSchema>

export const prospectSchema = z.strictObject({
  id: idSchema,
  name: shortText.refine((s) => s.trim().length > 0, 'must not be blank'),
  company: shortText.nullable(),
  title: shortText.nullable(),
  phone: shortText.nullable(),
  email: shortText.nullable(),
  status: z.enum(PROSPECT_STATUSES),
  statusReason: shortText.nullable(),
  createdAt: ms,
  updatedAt: ms,
})
export type BundleProspect = z.infer<typeof prospectSchema>

export const scheduledCallSchema = z.strictObject({
  id: idSchema,
  prospectId: idSchema,
  scheduledAt: ms,
  status: z.enum(SCHEDULED_CALL_STATUSES),
  planNotes: longText,
  rehearsalNotes: longText,
  createdAt: ms,
  updatedAt: ms,
})
export type BundleScheduledCall = z.infer<typeof scheduledCallSchema>

export const contextSchema = z.strictObject({
  // At most the call's prospect and its scheduled call's prospect.
  prospects: z.array(prospectSchema).max(2),
  scheduledCalls: z.array(scheduledCallSchema).max(1),
})

export const segmentSchema = z
  .strictObject({
    uid: idSchema,
    callId: idSchema,
    seq: z.int().nonnegative(),
    startMs: ms,
    endMs: ms,
    text: longText,
    // Pending segments are not exported (the exporter waits for transcription).
    status: z.enum(SEGMENT_STATUSES).exclude(['pending']),
    source: z.enum(SEGMENT_SOURCES),
    error: shortText.nullable(),
    // The rep's coach reading travels with the line, so the coach's debrief figures match the rep's.
    utteranceClass: z.enum(UTTERANCE_CLASSES).nullable().default(null),
    // Live or full-context text (bundles from before the two tiers carry none).
    textTier: z.enum(SEGMENT_TIERS).default('provisional'),
    createdAt: ms,
    updatedAt: ms,
  })
  .refine((s) => s.endMs >= s.startMs, { message: 'endMs must not be before startMs', path: ['endMs'] })
export type BundleSegment = z.infer<typeof segmentSchema>

export const flagSchema = z.strictObject({
  id: idSchema,
  callId: idSchema,
  segmentUid: idSchema.nullable(),
  kind: FlagKind,
  evidence: longText,
  /** The overlay's one line: the contract's limit (60 characters). */
  prompt: ContractFlag.shape.prompt,
  explanation: longText,
  atMs: ms,
  dismissedAt: ms.nullable(),
  // Shown live, then withdrawn by the coach: kept so the coach sees what the rep saw.
  retractedAt: ms.nullable().default(null),
  // The coach's certainty and tier (migration 003); bundles from before it held only flags shown live.
  confidence: z.number().min(0).max(1).default(1),
  tier: z.enum(FLAG_TIERS).default('confident'),
  createdAt: ms,
})
export type BundleFlag = z.infer<typeof flagSchema>

export const noteSchema = z
  .strictObject({
    id: idSchema,
    prospectId: idSchema.nullable(),
    scheduledCallId: idSchema.nullable(),
    callId: idSchema.nullable(),
    kind: z.enum(NOTE_KINDS),
    body: longText,
    createdAt: ms,
    updatedAt: ms,
  })
  .refine((n) => n.prospectId !== null || n.scheduledCallId !== null || n.callId !== null, {
    message: 'a note must belong to a prospect, a scheduled call or a call',
  })
export type BundleNote = z.infer<typeof noteSchema>

export const commentSchema = z.strictObject({
  id: idSchema,
  callId: idSchema,
  atMs: ms.nullable(),
  author: shortText,
  role: z.enum(PROFILE_ROLES),
  body: longText.refine((s) => s.trim().length > 0, 'must not be blank'),
  createdAt: ms,
})
export type BundleComment = z.infer<typeof commentSchema>

export const reviewSchema = z.strictObject({
  id: idSchema,
  callId: idSchema,
  reviewer: shortText,
  verdict: z.enum(VERDICTS),
  summary: longText,
  createdAt: ms,
})
export type BundleReview = z.infer<typeof reviewSchema>

const MAX_ROWS = 20_000
export const segmentsSchema = z.array(segmentSchema).max(MAX_ROWS)
export const flagsSchema = z.array(flagSchema).max(MAX_ROWS)
export const notesSchema = z.array(noteSchema).max(1_000)
export const commentsSchema = z.array(commentSchema).max(MAX_ROWS)
export const reviewsSchema = z.array(reviewSchema).max(1_000)
