/**
 * The team-sync tables (migration 006): the outbox of what waits to go to the
 * team server, the records already pushed, and the rehearsals pulled from it.
 * Statements are prepared on first use, so a store opened on a schema without
 * these tables still opens; `available()` says whether they are there.
 */
import { randomUUID } from 'node:crypto'
import type BetterSqlite3 from 'better-sqlite3'

export type OutboxKind = 'rehearsal' | 'review' | 'debrief' | 'plan'
export type OutboxState = 'pending' | 'sent' | 'refused'
export type PushedKind = 'review' | 'comment'

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

export interface PulledRehearsal {
  callId: string
  repName: string
  bundleSha256: string
  pulledAt: number
}

/** A record and when it last changed: what decides whether it is shared again. */
export interface Versioned {
  id: string
  updatedAt: number
}

interface OutboxRow {
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

const toItem = (r: OutboxRow): OutboxItem => ({
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

function prepare(db: BetterSqlite3.Database) {
  return {
    selectPending: db.prepare<[string, string], OutboxRow>(`SELECT * FROM sync_outbox WHERE kind = ? AND ref_id = ? AND state = 'pending'`),
    insert: db.prepare<[string, string, string, number, number, number], OutboxRow>(`
      INSERT INTO sync_outbox (kind, ref_id, idempotency_key, next_attempt_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?) RETURNING *`),
    selectDue: db.prepare<[number], OutboxRow>(`SELECT * FROM sync_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id`),
    selectAllPending: db.prepare<[], OutboxRow>(`SELECT * FROM sync_outbox WHERE state = 'pending' ORDER BY id`),
    selectAll: db.prepare<[], OutboxRow>(`SELECT * FROM sync_outbox ORDER BY id`),
    markSent: db.prepare<[number, number, number]>(
      `UPDATE sync_outbox SET state = 'sent', sent_at = ?, updated_at = ?, last_error = NULL, attempts = attempts + 1 WHERE id = ? AND state = 'pending'`,
    ),
    markRetry: db.prepare<[number, string, number, number]>(`
      UPDATE sync_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ? AND state = 'pending'`),
    markRefused: db.prepare<[string, number, number]>(
      `UPDATE sync_outbox SET state = 'refused', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ? AND state = 'pending'`,
    ),
    selectOne: db.prepare<[number], OutboxRow>(`SELECT * FROM sync_outbox WHERE id = ?`),
    lastSent: db.prepare<[string, string], number>(`SELECT max(sent_at) FROM sync_outbox WHERE kind = ? AND ref_id = ? AND state = 'sent'`).pluck(),
    anyFor: db.prepare<[string, string], number>(`SELECT 1 FROM sync_outbox WHERE kind = ? AND ref_id = ? AND state IN ('pending', 'sent') LIMIT 1`).pluck(),
    counts: db.prepare<[], { state: OutboxState; n: number }>(`SELECT state, count(*) AS n FROM sync_outbox GROUP BY state`),
    isPushed: db.prepare<[string], number>(`SELECT 1 FROM sync_pushed WHERE record_id = ?`).pluck(),
    insertPushed: db.prepare<[string, PushedKind, number]>(`INSERT OR IGNORE INTO sync_pushed (record_id, kind, pushed_at) VALUES (?, ?, ?)`),
    upsertPulled: db.prepare<[PulledRehearsal]>(`INSERT OR REPLACE INTO sync_pulled (call_id, rep_name, bundle_sha256, pulled_at)
      VALUES (@callId, @repName, @bundleSha256, @pulledAt)`),
    selectUnpushedReviewCalls: db
      .prepare<[], string>(`SELECT DISTINCT call_id FROM (
          SELECT r.call_id FROM reviews r JOIN sync_pulled p ON p.call_id = r.call_id
          WHERE NOT EXISTS (SELECT 1 FROM sync_pushed s WHERE s.record_id = r.id)
          UNION ALL
          SELECT c.call_id FROM coach_comments c JOIN sync_pulled p ON p.call_id = c.call_id
          WHERE c.role = 'coach' AND NOT EXISTS (SELECT 1 FROM sync_pushed s WHERE s.record_id = c.id))`)
      .pluck(),
    selectRehearsalsToShare: db
      .prepare<[], string>(`SELECT c.id FROM calls c WHERE c.kind = 'rehearsal' AND c.status <> 'recording'
          AND NOT EXISTS (SELECT 1 FROM sync_pulled p WHERE p.call_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM transcript_segments t WHERE t.call_id = c.id AND t.status = 'pending')
          AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.kind = 'rehearsal' AND o.ref_id = c.id AND o.state <> 'refused')
          ORDER BY c.started_at`)
      .pluck(),
    selectOwnDebriefs: db.prepare<[], Versioned>(`SELECT d.call_id AS id, d.updated_at AS updatedAt FROM debriefs d
          WHERE NOT EXISTS (SELECT 1 FROM sync_pulled p WHERE p.call_id = d.call_id)`),
    selectPlans: db.prepare<[], Versioned>(`SELECT id, updated_at AS updatedAt FROM scheduled_calls`),
  }
}

export function createSyncRepository(db: BetterSqlite3.Database) {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_outbox'`).pluck()
  let statements: ReturnType<typeof prepare> | undefined
  const q = () => (statements ??= prepare(db))

  return {
    /** Whether this database has the team-sync tables (schema version 6). */
    available(): boolean {
      return !!hasTable.get()
    },

    /** Queues the thing (one pending row per thing: queuing it again returns the waiting row). */
    enqueue(kind: OutboxKind, refId: string, now: number): OutboxItem {
      const s = q()
      return db
        .transaction(() => {
          const waiting = s.selectPending.get(kind, refId)
          if (waiting) return toItem(waiting)
          // The key travels with every try of this row, so the server can tell a retry from a new write.
          return toItem(s.insert.get(kind, refId, `${kind}:${refId}:${randomUUID()}`, now, now, now)!)
        })
        .immediate()
    },
    /** Pending items whose next try is due (all pending ones with `force`), oldest first. */
    due(now: number, force = false): OutboxItem[] {
      return (force ? q().selectAllPending.all() : q().selectDue.all(now)).map(toItem)
    },
    all(): OutboxItem[] {
      return q().selectAll.all().map(toItem)
    },
    get(id: number): OutboxItem | undefined {
      const r = q().selectOne.get(id)
      return r && toItem(r)
    },
    markSent(id: number, now: number): void {
      q().markSent.run(now, now, id)
    },
    /** One more failed try; the next one waits until `nextAttemptAt`. */
    markRetry(id: number, error: string, nextAttemptAt: number, now: number): void {
      q().markRetry.run(nextAttemptAt, error, now, id)
    },
    markRefused(id: number, error: string, now: number): void {
      q().markRefused.run(error, now, id)
    },
    lastSentAt(kind: OutboxKind, refId: string): number | null {
      return q().lastSent.get(kind, refId) ?? null
    },
    /** Queued or already sent (a refused item may be queued again by hand). */
    has(kind: OutboxKind, refId: string): boolean {
      return !!q().anyFor.get(kind, refId)
    },
    counts(): Record<OutboxState, number> {
      const out: Record<OutboxState, number> = { pending: 0, sent: 0, refused: 0 }
      for (const c of q().counts.all()) out[c.state] = c.n
      return out
    },

    /** Whether this review or comment is on the team server already. */
    isPushed(recordId: string): boolean {
      return !!q().isPushed.get(recordId)
    },
    markPushed(kind: PushedKind, ids: readonly string[], now: number): void {
      const s = q()
      for (const id of ids) s.insertPushed.run(id, kind, now)
    },
    /** A teammate's rehearsal fetched from the server (again: the latest fetch wins). */
    recordPulled(p: PulledRehearsal): void {
      q().upsertPulled.run(p)
    },

    /** Pulled rehearsals that have reviews or coach comments made here and not pushed yet. */
    unpushedReviewCalls(): string[] {
      return q().selectUnpushedReviewCalls.all()
    },
    /** This machine's finished, fully transcribed rehearsals not queued or sent yet, oldest first. */
    rehearsalsToShare(): string[] {
      return q().selectRehearsalsToShare.all()
    },
    /** Debriefs of this machine's own calls (not of pulled rehearsals). */
    ownDebriefs(): Versioned[] {
      return q().selectOwnDebriefs.all()
    },
    plans(): Versioned[] {
      return q().selectPlans.all()
    },
  }
}

export type SyncRepository = ReturnType<typeof createSyncRepository>
