import type BetterSqlite3 from 'better-sqlite3'
import { type Clock, newId, toMsOrNull } from '../util'
// The vocabulary is the contract's: the CHECK constraints in migrations spell the same words.
import { PROFILE_ROLES as COMMENT_ROLES } from '../../../contract/vocabulary'
export { COMMENT_ROLES }

export type CommentRole = (typeof COMMENT_ROLES)[number]

export interface CoachComment {
  id: string
  callId: string
  /** Offset into the call the comment is pinned to; null for a comment on the whole call. */
  atMs: number | null
  author: string
  role: CommentRole
  body: string
  createdAt: number
}

export interface NewCoachComment {
  id?: string
  callId: string
  atMs?: number | null
  author: string
  role: CommentRole
  body: string
}

interface CoachCommentRow {
  id: string
  call_id: string
  at_ms: number | null
  author: string
  role: CommentRole
  body: string
  created_at: number
}

const toComment = (r: CoachCommentRow): CoachComment => ({
  id: r.id,
  callId: r.call_id,
  atMs: r.at_ms,
  author: r.author,
  role: r.role,
  body: r.body,
  createdAt: r.created_at,
})

export function createCoachCommentsRepository(db: BetterSqlite3.Database, now: Clock = Date.now) {
  const insert = db.prepare<[CoachCommentRow], CoachCommentRow>(`
    INSERT INTO coach_comments (id, call_id, at_ms, author, role, body, created_at)
    VALUES (@id, @call_id, @at_ms, @author, @role, @body, @created_at)
    RETURNING *`)
  const selectOne = db.prepare<[string], CoachCommentRow>(`SELECT * FROM coach_comments WHERE id = ?`)
  const selectForCall = db.prepare<[string], CoachCommentRow>(`
    SELECT * FROM coach_comments WHERE call_id = ? ORDER BY created_at, id`)
  const updateBody = db.prepare<[string, string], CoachCommentRow>(`
    UPDATE coach_comments SET body = ? WHERE id = ? RETURNING *`)
  const remove = db.prepare<[string]>(`DELETE FROM coach_comments WHERE id = ?`)

  const insertExact = db.prepare<[CoachComment]>(`INSERT INTO coach_comments (id, call_id, at_ms, author, role, body, created_at)
    VALUES (@id, @callId, @atMs, @author, @role, @body, @createdAt)`)

  return {
    /** A record made on another machine (a bundle, the team server), stored as given: ids and timestamps included. The caller has checked for collisions. */
    importRecord(c: CoachComment): void {
      insertExact.run(c)
    },

    add(input: NewCoachComment): CoachComment {
      const row = insert.get({
        id: input.id ?? newId(),
        call_id: input.callId,
        at_ms: toMsOrNull(input.atMs, 'atMs'),
        author: input.author,
        role: input.role,
        body: input.body,
        created_at: now(),
      })
      return toComment(row!)
    },

    get(id: string): CoachComment | undefined {
      const row = selectOne.get(id)
      return row && toComment(row)
    },

    /** The conversation in the order it was written. */
    listForCall(callId: string): CoachComment[] {
      return selectForCall.all(callId).map(toComment)
    },

    editBody(id: string, body: string): CoachComment | undefined {
      const row = updateBody.get(body, id)
      return row && toComment(row)
    },

    delete(id: string): boolean {
      return remove.run(id).changes > 0
    },
  }
}

export type CoachCommentsRepository = ReturnType<typeof createCoachCommentsRepository>
