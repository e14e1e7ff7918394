import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '../../main/store/migrate'
import migration001 from '../../main/store/migrations/001-initial'
import migration002 from '../../main/store/migrations/002-segment-class'
import migration004 from '../../main/store/migrations/004-live-tiers'
import type { Migration } from '../../main/store/migrations'
import { useTempDir } from './helpers'

const tmp = useTempDir()
let db: BetterSqlite3.Database
const T = 1_700_000_000_000

// Version 3 belongs to the coach; use it when it is there, else a no-op stand-in so 004 runs as the 4th.
const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../main/store/migrations')
const file003 = fs.readdirSync(migrationsDir).find((f) => /^003-.*\.ts$/.test(f))
const migration003: Migration = file003
  ? ((await import(path.join(migrationsDir, file003))) as { default: Migration }).default
  : { version: 3, name: 'stand-in', up: () => undefined }
const upTo3 = [migration001, migration002, migration003]
const upTo4 = [...upTo3, migration004]

beforeEach(() => {
  db = new BetterSqlite3(tmp.file())
  db.pragma('foreign_keys = ON')
  migrate(db, upTo3)
  db.prepare(`INSERT INTO calls (id, kind, started_at, sample_rate, created_at) VALUES ('c1', 'live', ?, 16000, ?)`).run(T, T)
  const seg = db.prepare(
    `INSERT INTO transcript_segments (uid, call_id, seq, start_ms, end_ms, text, status, source, created_at, updated_at)
     VALUES (?, 'c1', ?, 0, 900, ?, 'done', ?, ?, ?)`,
  )
  seg.run('u1', 0, 'What does your week look like?', 'speech', T, T)
  seg.run('u2', 1, 'Typed line.', 'typed', T, T)
  db.prepare(
    `INSERT INTO flags (id, call_id, segment_id, kind, evidence, prompt, explanation, at_ms, created_at)
     VALUES ('f1', 'c1', 1, 'asking-before-giving', '', '', '', 900, ?)`,
  ).run(T)
})
afterEach(() => db.close())

describe('migration 004: live tiers', () => {
  it('moves user_version to 4; speech text stays provisional, typed text is final, flags are not retracted', () => {
    migrate(db, upTo4)
    expect(db.pragma('user_version', { simple: true })).toBe(4)
    expect(db.prepare(`SELECT uid, text_tier FROM transcript_segments ORDER BY seq`).all()).toEqual([
      { uid: 'u1', text_tier: 'provisional' },
      { uid: 'u2', text_tier: 'final' },
    ])
    expect(db.prepare(`SELECT id, retracted_at FROM flags`).all()).toEqual([{ id: 'f1', retracted_at: null }])
  })

  it('accepts only the two tiers and a non-negative retraction time', () => {
    migrate(db, upTo4)
    const tier = db.prepare(`UPDATE transcript_segments SET text_tier = ? WHERE uid = 'u1'`)
    for (const t of ['provisional', 'final']) expect(() => tier.run(t)).not.toThrow()
    expect(() => tier.run('draft')).toThrow(/CHECK/)
    expect(() => tier.run(null)).toThrow(/NOT NULL/)
    const retract = db.prepare(`UPDATE flags SET retracted_at = ? WHERE id = 'f1'`)
    expect(() => retract.run(T)).not.toThrow()
    expect(() => retract.run(-1)).toThrow(/CHECK/)
    expect(() => retract.run('soon')).toThrow() // STRICT
  })
})
