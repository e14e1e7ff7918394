import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '../../main/store/migrate'
import migration001 from '../../main/store/migrations/001-initial'
import { useTempDir } from './helpers'

const tmp = useTempDir()
let db: BetterSqlite3.Database

beforeEach(() => {
  db = new BetterSqlite3(tmp.file())
  db.pragma('foreign_keys = ON')
  migrate(db, [migration001])
})
afterEach(() => db.close())

const T = 1_700_000_000_000
const columns = (table: string) =>
  (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name)
const indexNames = () =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[]).sort()
const fks = (table: string) =>
  (db.pragma(`foreign_key_list(${table})`) as { table: string; from: string; to: string; on_delete: string }[])
    .map((f) => `${f.from}->${f.table}.${f.to} ${f.on_delete}`)
    .sort()
const plan = (sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ')

function seedProspect(id = 'p1') {
  db.prepare(`INSERT INTO prospects (id, name, created_at, updated_at) VALUES (?, 'Dana', ?, ?)`).run(id, T, T)
}
function seedScheduled(id = 's1', prospectId = 'p1') {
  db.prepare(`INSERT INTO scheduled_calls (id, prospect_id, scheduled_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(
    id, prospectId, T, T, T,
  )
}
function seedCall(id = 'c1', extra: { prospect_id?: string | null; scheduled_call_id?: string | null } = {}) {
  db.prepare(
    `INSERT INTO calls (id, kind, prospect_id, scheduled_call_id, started_at, audio_path, sample_rate, created_at)
     VALUES (?, 'live', ?, ?, ?, ?, 16000, ?)`,
  ).run(id, extra.prospect_id ?? null, extra.scheduled_call_id ?? null, T, `${id}.wav`, T)
}
function seedSegment(callId = 'c1', seq = 0, uid = `u-${callId}-${seq}`): number {
  return Number(
    db
      .prepare(
        `INSERT INTO transcript_segments (uid, call_id, seq, start_ms, end_ms, created_at, updated_at)
         VALUES (?, ?, ?, 0, 100, ?, ?)`,
      )
      .run(uid, callId, seq, T, T).lastInsertRowid,
  )
}
const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number

describe('migration 001 (initial)', () => {
  it('sets user_version to 1', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(1)
  })

  it('creates every table with the designed columns, all STRICT', () => {
    expect(columns('prospects')).toEqual([
      'id', 'name', 'company', 'title', 'phone', 'email', 'status', 'status_reason', 'created_at', 'updated_at',
    ])
    expect(columns('scheduled_calls')).toEqual([
      'id', 'prospect_id', 'scheduled_at', 'status', 'plan_notes', 'rehearsal_notes', 'created_at', 'updated_at',
    ])
    expect(columns('calls')).toEqual([
      'id', 'kind', 'prospect_id', 'scheduled_call_id', 'status', 'started_at', 'ended_at', 'duration_ms',
      'audio_path', 'sample_rate', 'device_label', 'created_at',
    ])
    expect(columns('transcript_segments')).toEqual([
      'id', 'uid', 'call_id', 'seq', 'start_ms', 'end_ms', 'text', 'status', 'source', 'error', 'created_at', 'updated_at',
    ])
    expect(columns('flags')).toEqual([
      'id', 'call_id', 'segment_id', 'kind', 'evidence', 'prompt', 'explanation', 'at_ms', 'dismissed_at', 'created_at',
    ])
    expect(columns('debriefs')).toEqual([
      'call_id', 'went_well', 'to_change', 'no_buy_reason', 'next_step', 'created_at', 'updated_at',
    ])
    expect(columns('notes')).toEqual([
      'id', 'prospect_id', 'scheduled_call_id', 'call_id', 'kind', 'body', 'created_at', 'updated_at',
    ])
    expect(columns('coach_comments')).toEqual(['id', 'call_id', 'at_ms', 'author', 'role', 'body', 'created_at'])
    expect(columns('reviews')).toEqual(['id', 'call_id', 'reviewer', 'verdict', 'summary', 'created_at'])
    expect(columns('settings')).toEqual(['key', 'value', 'updated_at'])

    const strict = db
      .prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND strict = 1 ORDER BY name`)
      .pluck()
      .all()
    expect(strict).toEqual([
      'calls', 'coach_comments', 'debriefs', 'flags', 'notes', 'prospects', 'reviews', 'scheduled_calls', 'settings',
      'transcript_segments',
    ])
  })

  it('creates the indexes', () => {
    expect(indexNames()).toEqual(
      [
        'calls_by_prospect', 'calls_by_scheduled_call', 'calls_by_started', 'calls_by_status', 'coach_comments_by_call',
        'flags_by_call', 'flags_by_segment', 'notes_by_call', 'notes_by_prospect', 'notes_by_scheduled_call',
        'prospects_by_name', 'prospects_by_status', 'reviews_by_call', 'scheduled_calls_by_prospect',
        'scheduled_calls_by_status_time', 'transcript_segments_pending',
      ].sort(),
    )
  })

  it('declares foreign keys with the intended ON DELETE actions', () => {
    expect(fks('scheduled_calls')).toEqual(['prospect_id->prospects.id CASCADE'])
    expect(fks('calls')).toEqual(['prospect_id->prospects.id SET NULL', 'scheduled_call_id->scheduled_calls.id SET NULL'])
    expect(fks('transcript_segments')).toEqual(['call_id->calls.id CASCADE'])
    expect(fks('flags')).toEqual(['call_id->calls.id CASCADE', 'segment_id->transcript_segments.id SET NULL'])
    expect(fks('debriefs')).toEqual(['call_id->calls.id CASCADE'])
    expect(fks('notes')).toEqual([
      'call_id->calls.id CASCADE', 'prospect_id->prospects.id CASCADE', 'scheduled_call_id->scheduled_calls.id CASCADE',
    ])
    expect(fks('coach_comments')).toEqual(['call_id->calls.id CASCADE'])
    expect(fks('reviews')).toEqual(['call_id->calls.id CASCADE'])
  })

  it('uses indexes for the hot queries', () => {
    expect(plan(`SELECT * FROM calls ORDER BY started_at DESC, id DESC LIMIT 10`)).toMatch(/USING INDEX calls_by_started/)
    expect(plan(`SELECT * FROM calls WHERE status = 'recording' ORDER BY started_at`)).toMatch(/INDEX calls_by_status/)
    expect(plan(`SELECT * FROM transcript_segments WHERE call_id = ? ORDER BY seq`, 'c1')).toMatch(
      /USING INDEX sqlite_autoindex_transcript_segments_\d \(call_id=\?\)/,
    )
    expect(plan(`SELECT * FROM transcript_segments WHERE status = 'pending' ORDER BY id`)).toMatch(
      /INDEX transcript_segments_pending/,
    )
    expect(plan(`SELECT * FROM flags WHERE call_id = ? ORDER BY at_ms`, 'c1')).toMatch(/INDEX flags_by_call/)
    expect(
      plan(`SELECT * FROM scheduled_calls WHERE status = 'scheduled' AND scheduled_at >= ? ORDER BY scheduled_at`, T),
    ).toMatch(/INDEX scheduled_calls_by_status_time/)
    expect(plan(`SELECT * FROM calls WHERE prospect_id = ? ORDER BY started_at DESC`, 'p1')).toMatch(
      /INDEX calls_by_prospect/,
    )
  })

  it('CHECK constraints reject values outside each enum', () => {
    seedProspect()
    seedScheduled()
    seedCall()
    seedSegment()
    const bad: [string, string][] = [
      ['prospects', `UPDATE prospects SET status = 'maybe'`],
      ['scheduled_calls', `UPDATE scheduled_calls SET status = 'moved'`],
      ['calls.kind', `UPDATE calls SET kind = 'demo'`],
      ['calls.status', `UPDATE calls SET status = 'paused'`],
      ['segments.status', `UPDATE transcript_segments SET status = 'queued'`],
      ['segments.source', `UPDATE transcript_segments SET source = 'pasted'`],
      ['notes.kind', `INSERT INTO notes (id, prospect_id, kind, created_at, updated_at) VALUES ('n', 'p1', 'todo', 1, 1)`],
      ['comments.role', `INSERT INTO coach_comments (id, call_id, author, role, body, created_at) VALUES ('x', 'c1', 'a', 'boss', 'hi', 1)`],
      ['reviews.verdict', `INSERT INTO reviews (id, call_id, reviewer, verdict, created_at) VALUES ('r', 'c1', 'a', 'meh', 1)`],
    ]
    for (const [label, sql] of bad) {
      expect(() => db.exec(sql), label).toThrow(/CHECK constraint failed/)
    }
  })

  it('defaults status columns sensibly', () => {
    seedProspect()
    seedCall()
    seedSegment()
    expect(db.prepare(`SELECT status FROM prospects`).pluck().get()).toBe('active')
    expect(db.prepare(`SELECT status FROM calls`).pluck().get()).toBe('recording')
    expect(db.prepare(`SELECT status || '/' || source || '/' || text FROM transcript_segments`).pluck().get()).toBe(
      'pending/speech/',
    )
  })

  it('STRICT rejects a non-integer time', () => {
    expect(() =>
      db.prepare(`INSERT INTO prospects (id, name, created_at, updated_at) VALUES ('p', 'x', 'yesterday', 1)`).run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/)
  })

  it('foreign keys reject dangling ids', () => {
    expect(() => seedCall('c1', { prospect_id: 'nobody' })).toThrow(/FOREIGN KEY constraint failed/)
    expect(() => seedSegment('no-call')).toThrow(/FOREIGN KEY constraint failed/)
    expect(() => seedScheduled('s1', 'nobody')).toThrow(/FOREIGN KEY constraint failed/)
  })

  it('deleting a call cascades to everything that belongs to it', () => {
    seedProspect()
    seedCall()
    const segId = seedSegment()
    seedSegment('c1', 1)
    db.prepare(`INSERT INTO flags (id, call_id, segment_id, kind, at_ms, created_at) VALUES ('f', 'c1', ?, 'k', 0, 1)`).run(segId)
    db.exec(`
      INSERT INTO debriefs (call_id, created_at, updated_at) VALUES ('c1', 1, 1);
      INSERT INTO notes (id, prospect_id, call_id, body, created_at, updated_at) VALUES ('n', 'p1', 'c1', 'x', 1, 1);
      INSERT INTO coach_comments (id, call_id, author, role, body, created_at) VALUES ('cc', 'c1', 'a', 'coach', 'hi', 1);
      INSERT INTO reviews (id, call_id, reviewer, verdict, created_at) VALUES ('r', 'c1', 'a', 'ready', 1);
    `)
    db.prepare(`DELETE FROM calls WHERE id = 'c1'`).run()
    for (const t of ['transcript_segments', 'flags', 'debriefs', 'notes', 'coach_comments', 'reviews']) {
      expect(count(t), t).toBe(0)
    }
    expect(count('prospects')).toBe(1)
  })

  it('deleting a prospect drops its schedule but keeps its calls, unlinked', () => {
    seedProspect()
    seedScheduled()
    seedCall('c1', { prospect_id: 'p1', scheduled_call_id: 's1' })
    db.prepare(`DELETE FROM prospects WHERE id = 'p1'`).run()
    expect(count('scheduled_calls')).toBe(0)
    expect(db.prepare(`SELECT prospect_id, scheduled_call_id FROM calls`).get()).toEqual({
      prospect_id: null,
      scheduled_call_id: null,
    })
  })

  it('deleting a segment keeps its flag, unlinked', () => {
    seedCall()
    const segId = seedSegment()
    db.prepare(`INSERT INTO flags (id, call_id, segment_id, kind, at_ms, created_at) VALUES ('f', 'c1', ?, 'k', 0, 1)`).run(segId)
    db.prepare(`DELETE FROM transcript_segments WHERE id = ?`).run(segId)
    expect(db.prepare(`SELECT segment_id FROM flags WHERE id = 'f'`).pluck().get()).toBeNull()
  })

  it('a flag cannot point at a segment of another call', () => {
    seedCall('c1')
    seedCall('c2')
    const otherSeg = seedSegment('c2')
    const own = seedSegment('c1')
    const insert = db.prepare(
      `INSERT INTO flags (id, call_id, segment_id, kind, at_ms, created_at) VALUES (?, 'c1', ?, 'k', 0, 1)`,
    )
    expect(() => insert.run('f1', otherSeg)).toThrow(/same call/)
    insert.run('f2', own)
    expect(() => db.prepare(`UPDATE flags SET segment_id = ? WHERE id = 'f2'`).run(otherSeg)).toThrow(/same call/)
  })

  it('segments are unique per (call, seq) and by uid; end is not before start', () => {
    seedCall()
    seedSegment('c1', 0, 'a')
    expect(() => seedSegment('c1', 0, 'b')).toThrow(/UNIQUE constraint failed: transcript_segments.call_id, transcript_segments.seq/)
    expect(() => seedSegment('c1', 1, 'a')).toThrow(/UNIQUE constraint failed: transcript_segments.uid/)
    expect(() =>
      db
        .prepare(
          `INSERT INTO transcript_segments (uid, call_id, seq, start_ms, end_ms, created_at, updated_at) VALUES ('z', 'c1', 5, 200, 100, 1, 1)`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/)
  })

  it('calls: audio_path must be a bare file name; open calls have no end and closed ones do', () => {
    seedCall()
    const setPath = db.prepare(`UPDATE calls SET audio_path = ? WHERE id = 'c1'`)
    for (const bad of ['../x.wav', 'a/b.wav', 'a\\b.wav', '..', '']) {
      expect(() => setPath.run(bad), bad).toThrow(/CHECK constraint failed/)
    }
    setPath.run('ok.wav')
    expect(() => db.exec(`UPDATE calls SET status = 'completed'`)).toThrow(/CHECK constraint failed/)
    expect(() => db.exec(`UPDATE calls SET ended_at = ${T + 5}`)).toThrow(/CHECK constraint failed/)
    expect(() => db.exec(`UPDATE calls SET status = 'completed', ended_at = ${T - 5}`)).toThrow(/CHECK constraint failed/)
    db.exec(`UPDATE calls SET status = 'completed', ended_at = ${T + 5}, duration_ms = 5`)
    expect(db.prepare(`SELECT status FROM calls`).pluck().get()).toBe('completed')
  })

  it('notes need an owner; settings hold valid JSON only', () => {
    expect(() =>
      db.exec(`INSERT INTO notes (id, body, created_at, updated_at) VALUES ('n', 'orphan', 1, 1)`),
    ).toThrow(/CHECK constraint failed/)
    expect(() => db.exec(`INSERT INTO settings (key, value, updated_at) VALUES ('k', '{oops', 1)`)).toThrow(
      /CHECK constraint failed/,
    )
    db.exec(`INSERT INTO settings (key, value, updated_at) VALUES ('k', '{"a":1}', 1)`)
    expect(count('settings')).toBe(1)
  })

  it('prospect names cannot be blank', () => {
    expect(() =>
      db.exec(`INSERT INTO prospects (id, name, created_at, updated_at) VALUES ('p', '   ', 1, 1)`),
    ).toThrow(/CHECK constraint failed/)
  })
})
