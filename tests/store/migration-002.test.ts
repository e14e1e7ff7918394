import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '../../main/store/migrate'
import migration001 from '../../main/store/migrations/001-initial'
import migration002 from '../../main/store/migrations/002-segment-class'
import { useTempDir } from './helpers'

const tmp = useTempDir()
let db: BetterSqlite3.Database
const T = 1_700_000_000_000

beforeEach(() => {
  db = new BetterSqlite3(tmp.file())
  db.pragma('foreign_keys = ON')
  // A database as version 1 left it, with a transcribed segment in it.
  migrate(db, [migration001])
  db.prepare(`INSERT INTO calls (id, kind, started_at, sample_rate, created_at) VALUES ('c1', 'live', ?, 16000, ?)`).run(T, T)
  db.prepare(
    `INSERT INTO transcript_segments (uid, call_id, seq, start_ms, end_ms, text, status, created_at, updated_at)
     VALUES ('u1', 'c1', 0, 0, 900, 'What does your week look like?', 'done', ?, ?)`,
  ).run(T, T)
})
afterEach(() => db.close())

describe('migration 002: segment class', () => {
  it('moves user_version to 2 and adds a nullable utterance_class, existing rows unclassified', () => {
    migrate(db, [migration001, migration002])
    expect(db.pragma('user_version', { simple: true })).toBe(2)
    const cols = db.pragma('table_info(transcript_segments)') as Array<{ name: string; notnull: number; dflt_value: unknown }>
    const col = cols.find((c) => c.name === 'utterance_class')
    expect(col).toMatchObject({ notnull: 0, dflt_value: null })
    expect(db.prepare(`SELECT text, utterance_class FROM transcript_segments`).get()).toEqual({
      text: 'What does your week look like?',
      utterance_class: null,
    })
  })

  it('accepts only the coach classes', () => {
    migrate(db, [migration001, migration002])
    const set = db.prepare(`UPDATE transcript_segments SET utterance_class = ? WHERE uid = 'u1'`)
    for (const c of ['give', 'probe', 'close', 'other', null]) expect(() => set.run(c)).not.toThrow()
    expect(() => set.run('pitch')).toThrow(/CHECK/)
    expect(() => set.run(1)).toThrow() // STRICT: no type coercion
  })
})
