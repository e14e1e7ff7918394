/** The sync outbox table (migration 006): what waits to go to the team server. */
import { randomUUID } from 'node:crypto'
import type { Database } from '../store'

export type OutboxKind = 'rehearsal' | 'review' | 'debrief' | 'plan'
export type OutboxState = 'pending' | 'sent' | 'refused'

export interface OutboxItem {
  id: number
  kind: OutboxKind
  refId: string
  idempotencyKey: string
  state: OutboxState
  attempts: number
  nextAttemptAt: number
  lastError: string | null
  createdAt: number
  updatedAt: number
  sentAt: number | null
}

interface Row {
  id: number
  kind: OutboxKind
  ref_id: string
  idempotency_key: string
  state: OutboxState
  attempts: number
  next_attempt_at: number
  last_error: string | null
  created_at: number
  updated_at: number
  sent_at: number | null
}

const toItem = (r: Row): OutboxItem => ({
  id: r.id,
  kind: r.kind,
  refId: r.ref_id,
  idempotencyKey: r.idempotency_key,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sentAt: r.sent_at,
})

/** 1 s, 2 s, 4 s … up to 5 minutes between tries of one item. */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 300_000)
}

export class TeamSyncSchemaMissing extends Error {
  constructor() {
    super('Team sync needs database schema version 6 (the sync outbox); this database does not have it yet.')
  }
}

export function createOutbox(db: Database) {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_outbox'`).pluck().get()
  if (!hasTable) throw new TeamSyncSchemaMissing()
  const selectPending = db.prepare<[string, string], Row>(`SELECT * FROM sync_outbox WHERE kind = ? AND ref_id = ? AND state = 'pending'`)
  const insert = db.prepare<[string, string, string, number, number, number], Row>(`
    INSERT INTO sync_outbox (kind, ref_id, idempotency_key, next_attempt_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?) RETURNING *`)
  const selectDue = db.prepare<[number], Row>(`SELECT * FROM sync_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id`)
  const selectAllPending = db.prepare<[], Row>(`SELECT * FROM sync_outbox WHERE state = 'pending' ORDER BY id`)
  const selectAll = db.prepare<[], Row>(`SELECT * FROM sync_outbox ORDER BY id`)
  const markSent = db.prepare<[number, number, number]>(`UPDATE sync_outbox SET state = 'sent', sent_at = ?, updated_at = ?, last_error = NULL, attempts = attempts + 1 WHERE id = ? AND state = 'pending'`)
  const markRetry = db.prepare<[number, string, number, number]>(`
    UPDATE sync_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ? AND state = 'pending'`)
  const markRefused = db.prepare<[string, number, number]>(`UPDATE sync_outbox SET state = 'refused', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ? AND state = 'pending'`)
  const selectOne = db.prepare<[number], Row>(`SELECT * FROM sync_outbox WHERE id = ?`)
  const lastSent = db.prepare<[string, string], number>(`SELECT max(sent_at) FROM sync_outbox WHERE kind = ? AND ref_id = ? AND state = 'sent'`).pluck()
  const anyFor = db.prepare<[string, string], number>(`SELECT 1 FROM sync_outbox WHERE kind = ? AND ref_id = ? AND state IN ('pending', 'sent') LIMIT 1`).pluck()
  const counts = db.prepare<[], { state: OutboxState; n: number }>(`SELECT state, count(*) AS n FROM sync_outbox GROUP BY state`)

  return {
    /** Queues the thing (one pending row per thing: queuing it again returns the waiting row). */
    enqueue(kind: OutboxKind, refId: string, now: number): OutboxItem {
      return db.transaction(() => {
        const waiting = selectPending.get(kind, refId)
        if (waiting) return toItem(waiting)
        // The key travels with every try of this row, so the server can tell a retry from a new write.
        return toItem(insert.get(kind, refId, `${kind}:${refId}:${randomUUID()}`, now, now, now)!)
      }).immediate()
    },
    due(now: number, force = false): OutboxItem[] {
      return (force ? selectAllPending.all() : selectDue.all(now)).map(toItem)
    },
    all(): OutboxItem[] {
      return selectAll.all().map(toItem)
    },
    get(id: number): OutboxItem | undefined {
      const r = selectOne.get(id)
      return r && toItem(r)
    },
    sent(id: number, now: number): void {
      markSent.run(now, now, id)
    },
    retryLater(id: number, error: string, now: number): void {
      const item = selectOne.get(id)
      if (!item) return
      markRetry.run(now + backoffMs(item.attempts + 1), error, now, id)
    },
    refused(id: number, error: string, now: number): void {
      markRefused.run(error, now, id)
    },
    lastSentAt(kind: OutboxKind, refId: string): number | null {
      return lastSent.get(kind, refId) ?? null
    },
    /** Queued or already sent (a refused item may be queued again by hand). */
    has(kind: OutboxKind, refId: string): boolean {
      return !!anyFor.get(kind, refId)
    },
    counts(): Record<OutboxState, number> {
      const out: Record<OutboxState, number> = { pending: 0, sent: 0, refused: 0 }
      for (const c of counts.all()) out[c.state] = c.n
      return out
    },
  }
}

export type Outbox = ReturnType<typeof createOutbox>
