/**
 * Rehearsal feedback: the attempts of a scheduled call, the coach's latest
 * review with its comments (for the plan), and the same review clipped to a
 * few short lines for the overlay, read mid-call.
 */
import type { CoachComment, CoachPoints, Rehearsals, Review } from '../../contract/ipc-contract'
import { toCallSummaryDto, type CoachComment as StoredComment, type Review as StoredReview, type Store } from '../store'

export const OVERLAY_MAX_COMMENTS = 4
const OVERLAY_COMMENT_CHARS = 90
const OVERLAY_SUMMARY_CHARS = 160

export const toCommentDto = (c: StoredComment): CoachComment => ({
  id: c.id,
  callId: c.callId,
  atMs: c.atMs,
  author: c.author,
  role: c.role,
  body: c.body,
  createdAt: c.createdAt,
})

export const toReviewDto = (r: StoredReview): Review => ({
  id: r.id,
  callId: r.callId,
  reviewer: r.reviewer,
  verdict: r.verdict,
  summary: r.summary,
  createdAt: r.createdAt,
})

/** Whole-rehearsal comments first, then in the order of the moments they are pinned to. */
export function byMoment(a: { atMs: number | null; createdAt: number }, b: { atMs: number | null; createdAt: number }): number {
  return (a.atMs ?? -1) - (b.atMs ?? -1) || a.createdAt - b.createdAt
}

export function loadRehearsals(store: Store, scheduledCallId: string): Rehearsals {
  const rows = store.rehearsals.listAttempts(scheduledCallId)
  const attempts = rows.map((r) => {
    const review = r.latestReviewId ? store.reviews.get(r.latestReviewId) : undefined
    return {
      call: toCallSummaryDto(r),
      attempt: r.attempt,
      flagCount: r.flagCount,
      flagsByKind: r.flagsByKind,
      commentCount: r.commentCount,
      review: review ? toReviewDto(review) : null,
    }
  })
  // The feedback that stands is the most recently written review, whichever attempt it is on.
  const latest = attempts.filter((a) => a.review).sort((a, b) => b.review!.createdAt - a.review!.createdAt)[0]
  const feedback = latest
    ? {
        attempt: latest.attempt,
        callId: latest.call.id,
        review: latest.review!,
        comments: store.coachComments
          .listForCall(latest.call.id)
          .filter((c) => c.role === 'coach')
          .sort(byMoment)
          .map(toCommentDto),
      }
    : null
  return { scheduledCallId, attempts, feedback }
}

function clip(text: string, max: number): string {
  const t = text.trim().replace(/\s+/g, ' ')
  return t.length > max ? t.slice(0, max - 1).trimEnd() + '…' : t
}

/** The coach's key points for the overlay, or null when no rehearsal of this call was reviewed. */
export function coachPointsFor(store: Store, scheduledCallId: string): CoachPoints | null {
  const { feedback } = loadRehearsals(store, scheduledCallId)
  if (!feedback) return null
  const { review } = feedback
  return {
    reviewer: review.reviewer,
    verdict: review.verdict,
    attempt: feedback.attempt,
    summary: clip(review.summary, OVERLAY_SUMMARY_CHARS),
    comments: feedback.comments
      .filter((c) => c.author === review.reviewer)
      .slice(0, OVERLAY_MAX_COMMENTS)
      .map((c) => ({ atMs: c.atMs, body: clip(c.body, OVERLAY_COMMENT_CHARS) })),
  }
}
