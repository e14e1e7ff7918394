import BetterSqlite3 from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '../../main/store/migrate'
import migration001 from '../../main/store/migrations/001-initial'
import migration002 from '../../main/store/migrations/002-segment-class'
import migration003 from '../../main/store/migrations/003-flag-confidence'
import { createFlagsRepository } from '../../main/store/repositories/flags'
import { migrations } from '../../main/store/migrations'
import { useTempDir } from './helpers'

const tmp = useTempDir()
let db: BetterSqlite3.Database
const T = 1_700_000_000_000

beforeEach(() => {
  db = new BetterSqlite3(tmp.file())
  db.pragma('foreign_keys = ON')
  migrate(db, [migration001, migration002])
  db.prepare(`INSERT INTO calls (id, kind, started_at, sample_rate, created_at) VALUES ('c1', 'live', ?, 16000, ?)`).run(T, T)
  db.prepare(
    `INSERT INTO flags (id, call_id, segment_id, kind, evidence, prompt, explanation, at_ms, created_at)
     VALUES ('old', 'c1', NULL, 'asking-before-giving', 'what is your budget', 'p', 'e', 900, ?)`,
  ).run(T)
})

describe('migration 003: flag confidence and tier', () => {
  it('is the third migration in the list', () => {
    expect(migrations[2]).toBe(migration003)
  })

  it('keeps earlier flags, as confident with confidence 1 (they were all shown live)', () => {
    migrate(db, [migration001, migration002, migration003])
    const row = db.prepare(`SELECT confidence, tier, evidence FROM flags WHERE id = 'old'`).get()
    expect(row).toEqual({ confidence: 1, tier: 'confident', evidence: 'what is your budget' })
  })

  it('rejects a tier or confidence out of range', () => {
    migrate(db, [migration001, migration002, migration003])
    const bad = (confidence: number, tier: string) => () =>
      db.prepare(
        `INSERT INTO flags (id, call_id, kind, at_ms, confidence, tier, created_at) VALUES (?, 'c1', 'jargon', 0, ?, ?, ?)`,
      ).run(`x${confidence}${tier}`, confidence, tier, T)
    expect(bad(1.5, 'confident')).toThrow(/CHECK/)
    expect(bad(0.5, 'maybe')).toThrow(/CHECK/)
    expect(bad(0.5, 'possible')).not.toThrow()
  })

  it('the flags repository stores and reads them back', () => {
    migrate(db, migrations)
    const flags = createFlagsRepository(db, () => T)
    const f = flags.add({ callId: 'c1', kind: 'no-escape-path', evidence: 'sign today', atMs: 10, confidence: 0.42, tier: 'possible' })
    expect(f.confidence).toBeCloseTo(0.42)
    expect(f.tier).toBe('possible')
    expect(flags.add({ callId: 'c1', kind: 'jargon', atMs: 11 }).tier).toBe('confident')
    expect(() => flags.add({ callId: 'c1', kind: 'jargon', atMs: 12, confidence: 2 })).toThrow(/0\.\.1/)
  })
})
