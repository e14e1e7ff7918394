/**
 * The coach's review inside a rehearsal's debrief: the verdict that stands,
 * its summary and the overall comments in one block, and each comment made at
 * a moment shown under the transcript line it is pinned to. The data is the
 * review screen's own (getRehearsalReview), not a second query.
 */
import { useMemo } from 'react'
import type { CallSummary, CoachComment, Review, Segment } from '../../../contract/ipc-contract'
import { useRehearsalReview } from '../data/queries'
import { when } from '../after-call/labels'
import { formatClock } from '../hooks'
import { VERDICT_LABEL } from './labels'
import './rehearsal.css'

export type CoachReview = { review: Review | null; comments: CoachComment[] }

/** Null for a live call, and until a rehearsal has stopped (it cannot be reviewed while running). */
export function useCoachReview(call: CallSummary | undefined): { data: CoachReview | null; error: unknown } {
  const reviewable = call?.kind === 'rehearsal' && call.status !== 'recording'
  // The review screen's own query (same key): the debrief is the rep's view, so it keeps the coach's words only.
  const review = useRehearsalReview(call?.id, reviewable)
  const data = useMemo<CoachReview | null>(
    () => (review.data ? { review: review.data.reviews.at(-1) ?? null, comments: review.data.comments.filter((c) => c.role === 'coach') } : null),
    [review.data],
  )
  return reviewable ? { data, error: review.error } : { data: null, error: null }
}

/**
 * The line a comment at `atMs` belongs to: the last one started at or before it, as the
 * review screen highlights it (one line's end can equal the next one's start), else the
 * first. Every comment lands on exactly one line.
 */
export function lineFor(segments: Segment[], atMs: number): number | undefined {
  return ([...segments].reverse().find((s) => s.startMs <= atMs) ?? segments[0])?.id
}

export function CoachReviewBlock({ data, onPlay, showTimed }: { data: CoachReview; onPlay?: (ms: number) => void; showTimed: boolean }) {
  const { review } = data
  // Timed comments sit at their lines in the transcript; without one, they are listed here too.
  const listed = data.comments.filter((c) => c.atMs === null || showTimed)
  const atLines = data.comments.length - listed.length
  return (
    <div className={`coach-feedback ${review?.verdict ?? 'none'}`} data-testid="debrief-coach">
      <div className="cf-head">
        {review ? (
          <>
            <span className={`verdict-pill ${review.verdict}`}>{VERDICT_LABEL[review.verdict]}</span>
            <span>
              <strong>{review.reviewer}</strong> · {when(review.createdAt)}
            </span>
          </>
        ) : (
          <span className="muted">{data.comments.length ? 'Coach comments · no verdict yet' : 'Your coach has not reviewed this rehearsal yet.'}</span>
        )}
      </div>
      {review && <p className="cf-summary">{review.summary}</p>}
      {listed.length > 0 && (
        <ul className="comment-list compact">
          {listed.map((c) => (
            <li key={c.id} data-testid="debrief-overall-comment">
              {c.atMs === null ? (
                <span className="time">overall</span>
              ) : onPlay ? (
                <button className="time link" onClick={() => onPlay(c.atMs!)} title="Play this moment">
                  {formatClock(c.atMs)}
                </button>
              ) : (
                <span className="time">{formatClock(c.atMs)}</span>
              )}
              <span className="comment-body">{c.body}</span>
            </li>
          ))}
        </ul>
      )}
      {atLines > 0 && (
        <p className="muted small cf-more">
          {atLines} comment{atLines > 1 ? 's' : ''} at {atLines > 1 ? 'their moments' : 'its moment'} in the transcript below.
        </p>
      )}
    </div>
  )
}

/** A coach's comment under the transcript line it was made at. */
export function CoachCommentChip({ comment }: { comment: CoachComment }) {
  return (
    <div className="coach-chip" data-testid="debrief-comment" title={`${comment.author} (coach) at ${formatClock(comment.atMs ?? 0)}`}>
      ✎ {comment.body}
      <span className="muted"> · {comment.author}</span>
    </div>
  )
}
