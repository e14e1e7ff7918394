/** Rehearsals and coach review: who signs, verdicts, comments, attempts and the review queue. */
import { z } from 'zod'
import { PROFILE_ROLES, VERDICTS } from '../vocabulary'
import { EpochMs, Id, NoInput } from './common'
import { CallDetail, CallSummary } from './calls'
import { ScheduledCall } from './schedule'

export const ProfileRole = z.enum(PROFILE_ROLES)
export type ProfileRole = z.infer<typeof ProfileRole>
export const Profile = z.object({ name: z.string().trim().min(1).max(100), role: ProfileRole }).strict()
export type Profile = z.infer<typeof Profile>

export const Verdict = z.enum(VERDICTS)
export type Verdict = z.infer<typeof Verdict>

export const CoachComment = z.object({
  id: Id,
  callId: Id,
  /** Where in the rehearsal it is pinned; null for the whole rehearsal. */
  atMs: z.number().int().nonnegative().nullable(),
  author: z.string(),
  role: ProfileRole,
  body: z.string(),
  createdAt: EpochMs,
})
export type CoachComment = z.infer<typeof CoachComment>

export const Review = z.object({ id: Id, callId: Id, reviewer: z.string(), verdict: Verdict, summary: z.string(), createdAt: EpochMs })
export type Review = z.infer<typeof Review>

/** The coach's key points for the overlay: the latest verdict, its summary and comments, clipped short. */
export const CoachPoints = z.object({
  reviewer: z.string(),
  verdict: Verdict,
  attempt: z.number().int().positive(),
  summary: z.string(),
  comments: z.array(z.object({ atMs: z.number().int().nonnegative().nullable(), body: z.string() })),
})
export type CoachPoints = z.infer<typeof CoachPoints>

export const RehearsalAttempt = z.object({
  call: CallSummary,
  /** 1 for the first rehearsal of the scheduled call. */
  attempt: z.number().int().positive(),
  flagCount: z.number().int().nonnegative(),
  flagsByKind: z.record(z.string(), z.number().int().nonnegative()),
  commentCount: z.number().int().nonnegative(),
  /** The verdict that stands for this attempt. */
  review: Review.nullable(),
})
export type RehearsalAttempt = z.infer<typeof RehearsalAttempt>

/** What the rep sees in the plan: every attempt, and the coach's latest feedback with its comments. */
export const Rehearsals = z.object({
  scheduledCallId: Id,
  attempts: z.array(RehearsalAttempt),
  feedback: z
    .object({ attempt: z.number().int().positive(), callId: Id, review: Review, comments: z.array(CoachComment) })
    .nullable(),
})
export type Rehearsals = z.infer<typeof Rehearsals>

export const ReviewQueueItem = z.object({
  call: CallSummary,
  scheduledCall: ScheduledCall,
  attempt: z.number().int().positive(),
  flagCount: z.number().int().nonnegative(),
  /** The verdict on an earlier attempt of the same call, when this is a retry. */
  previousVerdict: Verdict.nullable(),
})
export type ReviewQueueItem = z.infer<typeof ReviewQueueItem>

/** One rehearsal as the coach (or the rep) reviews it: call, transcript, flags, audio, comments, verdicts. */
export const RehearsalReview = z.object({
  detail: CallDetail,
  scheduledCall: ScheduledCall.nullable(),
  attempt: z.number().int().positive().nullable(),
  comments: z.array(CoachComment),
  /** Oldest first; the last one stands. */
  reviews: z.array(Review),
})
export type RehearsalReview = z.infer<typeof RehearsalReview>

export const rehearsalChannels = {
  /** Every rehearsal of a scheduled call (attempts to compare) and the coach's latest feedback. */
  listRehearsals: { channel: 'rehearsals:list', input: z.object({ scheduledCallId: Id }).strict(), output: Rehearsals },
  /** The coach's queue: rehearsals with no review yet, newer than the last reviewed attempt. */
  listReviewQueue: { channel: 'review:queue', input: NoInput, output: z.array(ReviewQueueItem) },
  getRehearsalReview: { channel: 'review:get', input: z.object({ callId: Id }).strict(), output: RehearsalReview },
  /** Author and role come from the profile in settings, not from the page. */
  addComment: {
    channel: 'review:add-comment',
    input: z
      .object({ callId: Id, atMs: z.number().int().nonnegative().nullable().default(null), body: z.string().trim().min(1).max(4000) })
      .strict(),
    output: CoachComment,
  },
  submitReview: {
    channel: 'review:submit',
    input: z.object({ callId: Id, verdict: Verdict, summary: z.string().trim().min(1).max(4000) }).strict(),
    output: Review,
  },
} as const
