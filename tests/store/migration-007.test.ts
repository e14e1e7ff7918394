import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '../../main/store/migrate'
import { migrations } from '../../main/store/migrations'
import migration007 from '../../main/store/migrations/007-final-tier-due'
import { useTempDir } from './helpers'

const tmp = useTempDir()
let db: BetterSqlite3.Database
const T = 1_700_000_000_000
const upTo6 = migrations.slice(0, 6)

beforeEach(() => {
  db = new BetterSqlite3(tmp.file())
  db.pragma('foreign_keys = ON')
  migrate(db, upTo6)
  db.prepare(`INSERT INTO calls (id, kind, started_at, sample_rate, created_at) VALUES ('c1', 'live', ?, 16000, ?)`).run(T, T)
  const seg = db.prepare(
    `INSERT INTO transcript_segments (uid, call_id, seq, start_ms, end_ms, text, status, source, created_at, updated_at)
     VALUES (?, 'c1', ?, 0, 900, ?, 'done', ?, ?, ?)`,
  )
  seg.run('u1', 0, 'What does your week look like?', 'speech', T, T)
  seg.run('u2', 1, 'Typed line.', 'typed', T, T)
})
afterEach(() => db.close())

describe('migration 007: final tier due', () => {
  it('moves user_version to 7 and marks no existing row due (old speech is not re-decoded)', () => {
    expect(migration007.version).toBe(7)
    migrate(db, [...upTo6, migration007])
    expect(db.pragma('user_version', { simple: true })).toBe(7)
    expect(db.prepare(`SELECT uid, source, final_due FROM transcript_segments ORDER BY seq`).all()).toEqual([
      { uid: 'u1', source: 'speech', final_due: 0 },
      { uid: 'u2', source: 'typed', final_due: 0 },
    ])
  })

  it('accepts only 0 and 1, and finds due rows through its partial index', () => {
    migrate(db, [...upTo6, migration007])
    const set = db.prepare(`UPDATE transcript_segments SET final_due = ? WHERE uid = 'u1'`)
    expect(() => set.run(1)).not.toThrow()
    expect(() => set.run(2)).toThrow(/CHECK/)
    expect(() => set.run(null)).toThrow(/NOT NULL/)
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM transcript_segments WHERE final_due = 1 ORDER BY call_id, seq`).all() as Array<{ detail: string }>
    expect(plan.map((p) => p.detail).join(' ')).toContain('transcript_segments_final_due')
  })
})
