import type BetterSqlite3 from 'better-sqlite3'
import { type Clock, newId } from '../util'
// The vocabulary is the contract's: the CHECK constraints in migrations spell the same words.
import { VERDICTS as REVIEW_VERDICTS } from '../../../contract/vocabulary'
export { REVIEW_VERDICTS }

export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number]

export interface Review {
  id: string
  callId: string
  reviewer: string
  verdict: ReviewVerdict
  summary: string
  createdAt: number
}

export interface NewReview {
  id?: string
  callId: string
  reviewer: string
  verdict: ReviewVerdict
  summary?: string
}

interface ReviewRow {
  id: string
  call_id: string
  reviewer: string
  verdict: ReviewVerdict
  summary: string
  created_at: number
}

const toReview = (r: ReviewRow): Review => ({
  id: r.id,
  callId: r.call_id,
  reviewer: r.reviewer,
  verdict: r.verdict,
  summary: r.summary,
  createdAt: r.created_at,
})

export function createReviewsRepository(db: BetterSqlite3.Database, now: Clock = Date.now) {
  const insert = db.prepare<[ReviewRow], ReviewRow>(`
    INSERT INTO reviews (id, call_id, reviewer, verdict, summary, created_at)
    VALUES (@id, @call_id, @reviewer, @verdict, @summary, @created_at)
    RETURNING *`)
  const selectOne = db.prepare<[string], ReviewRow>(`SELECT * FROM reviews WHERE id = ?`)
  const selectForCall = db.prepare<[string], ReviewRow>(`
    SELECT * FROM reviews WHERE call_id = ? ORDER BY created_at, rowid`)
  const selectLatest = db.prepare<[string], ReviewRow>(`
    SELECT * FROM reviews WHERE call_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`)
  const remove = db.prepare<[string]>(`DELETE FROM reviews WHERE id = ?`)

  const insertExact = db.prepare<[Review]>(`INSERT INTO reviews (id, call_id, reviewer, verdict, summary, created_at)
    VALUES (@id, @callId, @reviewer, @verdict, @summary, @createdAt)`)

  return {
    /** A record made on another machine (a bundle, the team server), stored as given: ids and timestamps included. The caller has checked for collisions. */
    importRecord(r: Review): void {
      insertExact.run(r)
    },

    add(input: NewReview): Review {
      const row = insert.get({
        id: input.id ?? newId(),
        call_id: input.callId,
        reviewer: input.reviewer,
        verdict: input.verdict,
        summary: input.summary ?? '',
        created_at: now(),
      })
      return toReview(row!)
    },

    get(id: string): Review | undefined {
      const row = selectOne.get(id)
      return row && toReview(row)
    },

    /** Oldest first. */
    listForCall(callId: string): Review[] {
      return selectForCall.all(callId).map(toReview)
    },

    /** The verdict that currently stands for the call. */
    latestForCall(callId: string): Review | undefined {
      const row = selectLatest.get(callId)
      return row && toReview(row)
    },

    delete(id: string): boolean {
      return remove.run(id).changes > 0
    },
  }
}

export type ReviewsRepository = ReturnType<typeof createReviewsRepository>
