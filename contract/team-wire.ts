/**
 * The team server's wire format: every request body, params and query, and
 * every reply. The server parses what comes in with these; the desktop sync
 * client parses what comes back with the same schemas.
 */
import { z } from 'zod'
import { CallKind, DebriefNotes, FlagKind, Id, ProfileRole, ScheduledCallStatus, Verdict } from './ipc-contract'
import { TEAM_ROLES } from './vocabulary'

export const API = '/v1'
const ms = z.int().nonnegative()
const name = z.string().trim().min(1).max(100)
const text = z.string().max(20_000)
const count = z.int().nonnegative()
/** Flag kinds known to this build; an unknown kind from a newer desktop is refused, not stored blind. */
export const FlagCounts = z.partialRecord(FlagKind, count)

export const IdParams = z.strictObject({ id: Id })
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,200}$/, 'Idempotency-Key must be 8–200 characters of [A-Za-z0-9_.:-]')

export const ReviewPush = z
  .strictObject({
    reviews: z
      .array(z.strictObject({ id: Id, reviewer: name, verdict: Verdict, summary: z.string().trim().min(1).max(4000), createdAt: ms }))
      .max(50),
    comments: z
      .array(z.strictObject({ id: Id, author: name, atMs: ms.nullable(), body: z.string().trim().min(1).max(4000), createdAt: ms }))
      .max(500),
  })
  .refine((p) => p.reviews.length > 0 || p.comments.length > 0, { message: 'send a verdict or at least one comment' })
export type ReviewPush = z.infer<typeof ReviewPush>

export const DebriefPush = z.strictObject({
  kind: CallKind,
  startedAt: ms,
  durationMs: ms.nullable(),
  flagCount: count,
  flagsByKind: FlagCounts,
  firstGiveMs: ms.nullable(),
  notes: DebriefNotes.strict().nullable(),
  updatedAt: ms,
})
export type DebriefPush = z.infer<typeof DebriefPush>

export const PlanPush = z.strictObject({
  prospectName: z.string().trim().min(1).max(200),
  scheduledAt: ms,
  status: ScheduledCallStatus,
  planNotes: text,
  rehearsalNotes: text,
  updatedAt: ms,
})
export type PlanPush = z.infer<typeof PlanPush>

export const FeedbackQuery = z.strictObject({ after: z.coerce.number().int().nonnegative().default(0), limit: z.coerce.number().int().min(1).max(1000).default(500) })
export const FiguresQuery = z.strictObject({ weeks: z.coerce.number().int().min(1).max(52).default(8), now: z.coerce.number().int().nonnegative().optional() })

// ---------- replies

export const Me = z.object({ userId: Id, name: z.string(), role: z.enum(TEAM_ROLES), team: z.string() })
export type Me = z.infer<typeof Me>

export const PutResult = z.object({ id: Id, duplicate: z.boolean(), version: z.int().positive().optional() })
export type PutResult = z.infer<typeof PutResult>

export const TeamRehearsal = z.object({
  id: Id,
  repId: Id,
  repName: z.string(),
  scheduledCallId: Id.nullable(),
  prospectName: z.string().nullable(),
  attempt: z.int().positive().nullable(),
  startedAt: ms,
  endedAt: ms,
  durationMs: ms.nullable(),
  segmentCount: count,
  flagCount: count,
  flagsByKind: z.record(z.string(), count),
  firstGiveMs: ms.nullable(),
  hasAudio: z.boolean(),
  bundleBytes: count,
  bundleSha256: z.string().regex(/^[0-9a-f]{64}$/),
  reviewCount: count,
  latestVerdict: Verdict.nullable(),
  /** The verdict on an earlier attempt of the same scheduled call (a retry), in the queue. */
  previousVerdict: Verdict.nullable(),
})
export type TeamRehearsal = z.infer<typeof TeamRehearsal>
export const TeamRehearsals = z.object({ rehearsals: z.array(TeamRehearsal) })

export const WireReview = z.object({
  id: Id,
  callId: Id,
  reviewer: z.string(),
  verdict: Verdict,
  summary: z.string(),
  createdAt: ms,
  seq: z.int().positive(),
})
export const WireComment = z.object({
  id: Id,
  callId: Id,
  atMs: ms.nullable(),
  author: z.string(),
  role: ProfileRole,
  body: z.string(),
  createdAt: ms,
  seq: z.int().positive(),
})
export const FeedbackPage = z.object({ reviews: z.array(WireReview), comments: z.array(WireComment), cursor: ms })
export type FeedbackPage = z.infer<typeof FeedbackPage>

export const ReviewPushResult = z.object({ addedReviews: count, addedComments: count, duplicate: z.boolean() })

export const SharedDebrief = DebriefPush.extend({ callId: Id, repName: z.string() })
export const SharedPlan = PlanPush.extend({ scheduledCallId: Id, repName: z.string() })

export const TeamWeek = z.object({
  /** Monday 00:00 UTC of the week, epoch ms. */
  weekStart: ms,
  calls: count,
  flagsPerCallByKind: z.record(z.string(), z.number().nonnegative()),
  rehearsals: count,
  rehearsalsReviewed: count,
  /** Median over the week's calls and rehearsals that had a give. */
  medianFirstGiveMs: ms.nullable(),
})
export type TeamWeek = z.infer<typeof TeamWeek>
export const TeamFigures = z.object({ team: z.string(), weeks: z.array(TeamWeek) })
export type TeamFigures = z.infer<typeof TeamFigures>

export const ErrorReply = z.object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.string()).optional() }) })
