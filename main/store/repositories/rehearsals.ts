/**
 * Read-only queries over rehearsals (calls of kind 'rehearsal' linked to a
 * scheduled call): the attempts of one scheduled call with their flags by kind
 * and verdict, and the coach's queue of attempts awaiting review. Writes go
 * through the calls, coach-comments and reviews repositories.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { toSummary, type CallSummary, type SummaryRow } from './calls'
import type { ReviewVerdict } from './reviews'

export interface RehearsalAttemptRow extends CallSummary {
  /** 1 for the first rehearsal of the scheduled call, in the order they were started. */
  attempt: number
  flagCount: number
  flagsByKind: Record<string, number>
  commentCount: number
  /** The verdict that stands for this attempt (its latest review), if any. */
  latestReviewId: string | null
}

export interface ReviewQueueRow extends CallSummary {
  attempt: number
  flagCount: number
  /** The verdict on the latest reviewed attempt of the same scheduled call, if any ("try again" → this is the retry). */
  previousVerdict: ReviewVerdict | null
}

interface AttemptSqlRow extends SummaryRow {
  attempt: number
  flag_count: number
  comment_count: number
  latest_review_id: string | null
  previous_verdict?: ReviewVerdict | null
}


// Attempts are numbered among the finished rehearsals of one scheduled call; one still recording is not an attempt yet.
const ATTEMPTS = `
  SELECT c.*, p.name AS prospect_name,
         (SELECT count(*) FROM transcript_segments s WHERE s.call_id = c.id) AS segment_count,
         (SELECT count(*) FROM flags f WHERE f.call_id = c.id) AS flag_count,
         (SELECT count(*) FROM coach_comments k WHERE k.call_id = c.id) AS comment_count,
         (SELECT r.id FROM reviews r WHERE r.call_id = c.id ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1) AS latest_review_id,
         row_number() OVER (PARTITION BY c.scheduled_call_id ORDER BY c.started_at, c.id) AS attempt
  FROM calls c LEFT JOIN prospects p ON p.id = c.prospect_id
  WHERE c.kind = 'rehearsal' AND c.status <> 'recording'`

export function createRehearsalsRepository(db: BetterSqlite3.Database) {
  const selectAttempts = db.prepare<[string], AttemptSqlRow>(`
    ${ATTEMPTS} AND c.scheduled_call_id = ?
    ORDER BY c.started_at, c.id`)
  const selectKinds = db.prepare<[string], { call_id: string; kind: string; n: number }>(`
    SELECT f.call_id, f.kind, count(*) AS n
    FROM calls c JOIN flags f ON f.call_id = c.id
    WHERE c.scheduled_call_id = ? AND c.kind = 'rehearsal'
    GROUP BY f.call_id, f.kind`)
  /*
   * Awaiting review: finished attempts with words in them, for a call still to
   * be made, that have no review and are newer than the last reviewed attempt
   * of the same scheduled call (an older unreviewed attempt is superseded).
   */
  const selectQueue = db.prepare<[], AttemptSqlRow>(`
    WITH attempts AS (${ATTEMPTS} AND c.scheduled_call_id IS NOT NULL),
    last_reviewed AS (
      SELECT a.scheduled_call_id, max(a.started_at) AS started_at
      FROM attempts a WHERE a.latest_review_id IS NOT NULL
      GROUP BY a.scheduled_call_id
    )
    SELECT a.*,
           (SELECT r.verdict FROM attempts b JOIN reviews r ON r.call_id = b.id
            WHERE b.scheduled_call_id = a.scheduled_call_id
            ORDER BY b.started_at DESC, r.created_at DESC, r.rowid DESC LIMIT 1) AS previous_verdict
    FROM attempts a
    JOIN scheduled_calls sc ON sc.id = a.scheduled_call_id AND sc.status = 'scheduled'
    LEFT JOIN last_reviewed lr ON lr.scheduled_call_id = a.scheduled_call_id
    WHERE a.latest_review_id IS NULL
      AND a.segment_count > 0
      AND (lr.started_at IS NULL OR a.started_at > lr.started_at)
    ORDER BY a.started_at, a.id`)

  return {
    /** Every finished rehearsal of a scheduled call, first attempt first, with flags by kind. */
    listAttempts(scheduledCallId: string): RehearsalAttemptRow[] {
      const byCall = new Map<string, Record<string, number>>()
      for (const k of selectKinds.all(scheduledCallId)) {
        const kinds = byCall.get(k.call_id) ?? {}
        kinds[k.kind] = k.n
        byCall.set(k.call_id, kinds)
      }
      return selectAttempts.all(scheduledCallId).map((r) => ({
        ...toSummary(r),
        attempt: r.attempt,
        flagCount: r.flag_count,
        flagsByKind: byCall.get(r.id) ?? {},
        commentCount: r.comment_count,
        latestReviewId: r.latest_review_id,
      }))
    },

    /** The coach's queue, oldest first. */
    listAwaitingReview(): ReviewQueueRow[] {
      return selectQueue.all().map((r) => ({
        ...toSummary(r),
        attempt: r.attempt,
        flagCount: r.flag_count,
        previousVerdict: r.previous_verdict ?? null,
      }))
    },
  }
}

export type RehearsalsRepository = ReturnType<typeof createRehearsalsRepository>
