import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '../../main/store/migrate'
import migration001 from '../../main/store/migrations/001-initial'
import migration002 from '../../main/store/migrations/002-segment-class'
import migration006 from '../../main/store/migrations/006-team-sync'
import type { Migration } from '../../main/store/migrations'
import { useTempDir } from './helpers'

const tmp = useTempDir()
let db: BetterSqlite3.Database
const T = 1_700_000_000_000

// Versions 3-5 belong to other work; use each one that is there, else a no-op stand-in, so 006 runs as the 6th.
const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../main/store/migrations')
async function versionOrStandIn(n: number): Promise<Migration> {
  const file = fs.readdirSync(migrationsDir).find((f) => new RegExp(`^00${n}-.*\\.ts$`).test(f))
  return file
    ? ((await import(path.join(migrationsDir, file))) as { default: Migration }).default
    : { version: n, name: 'stand-in', up: () => undefined }
}
const upTo5 = [migration001, migration002, await versionOrStandIn(3), await versionOrStandIn(4), await versionOrStandIn(5)]
const upTo6 = [...upTo5, migration006]

beforeEach(() => {
  db = new BetterSqlite3(tmp.file())
  db.pragma('foreign_keys = ON')
  migrate(db, upTo5)
  db.prepare(`INSERT INTO calls (id, kind, status, started_at, ended_at, sample_rate, created_at) VALUES ('c1', 'rehearsal', 'completed', ?, ?, 16000, ?)`).run(T, T + 1000, T)
})
afterEach(() => db.close())

const enqueue = (kind: string, ref: string, key: string, state = 'pending', sentAt: number | null = null) =>
  db
    .prepare(`INSERT INTO sync_outbox (kind, ref_id, idempotency_key, state, next_attempt_at, created_at, updated_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(kind, ref, key, state, T, T, T, sentAt)

describe('migration 006: team sync outbox', () => {
  it('moves user_version to 6 and leaves existing rows alone', () => {
    const before = db.prepare('SELECT * FROM calls').all()
    migrate(db, upTo6)
    expect(db.pragma('user_version', { simple: true })).toBe(6)
    expect(db.prepare('SELECT * FROM calls').all()).toEqual(before)
    expect(db.prepare(`SELECT count(*) AS n FROM sync_outbox`).get()).toEqual({ n: 0 })
  })

  it('keeps one pending row per thing, any number of sent ones, and unique idempotency keys', () => {
    migrate(db, upTo6)
    enqueue('rehearsal', 'c1', 'key-00000001')
    expect(() => enqueue('rehearsal', 'c1', 'key-00000002')).toThrow(/UNIQUE/)
    db.prepare(`UPDATE sync_outbox SET state = 'sent', sent_at = ? WHERE idempotency_key = 'key-00000001'`).run(T)
    expect(() => enqueue('rehearsal', 'c1', 'key-00000002')).not.toThrow()
    expect(() => enqueue('debrief', 'c1', 'key-00000002')).toThrow(/UNIQUE/)
  })

  it('checks kinds, states and that only sent rows have a send time', () => {
    migrate(db, upTo6)
    expect(() => enqueue('call', 'c1', 'key-00000003')).toThrow(/CHECK/)
    expect(() => enqueue('plan', 'c1', 'key-00000004', 'lost')).toThrow(/CHECK/)
    expect(() => enqueue('plan', 'c1', 'key-00000005', 'sent', null)).toThrow(/CHECK/)
    expect(() => enqueue('plan', 'c1', 'key-00000006', 'pending', T)).toThrow(/CHECK/)
    expect(() => enqueue('plan', 'c1', 'short')).toThrow(/CHECK/)
    expect(() => db.prepare(`UPDATE sync_outbox SET attempts = 'x'`).run()).not.toThrow() // no rows yet
    enqueue('plan', 'c1', 'key-00000007')
    expect(() => db.prepare(`UPDATE sync_outbox SET attempts = 'x'`).run()).toThrow() // STRICT
  })

  it('a pulled rehearsal record goes with its call', () => {
    migrate(db, upTo6)
    db.prepare(`INSERT INTO sync_pulled (call_id, rep_name, bundle_sha256, pulled_at) VALUES ('c1', 'Sam', ?, ?)`).run('a'.repeat(64), T)
    expect(() => db.prepare(`INSERT INTO sync_pulled (call_id, rep_name, bundle_sha256, pulled_at) VALUES ('nope', 'Sam', ?, ?)`).run('a'.repeat(64), T)).toThrow(/FOREIGN KEY/)
    db.prepare(`DELETE FROM calls WHERE id = 'c1'`).run()
    expect(db.prepare(`SELECT count(*) AS n FROM sync_pulled`).get()).toEqual({ n: 0 })
  })
})
