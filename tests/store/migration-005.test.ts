import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate } from '../../main/store/migrate'
import migration001 from '../../main/store/migrations/001-initial'
import migration002 from '../../main/store/migrations/002-segment-class'
import migration005 from '../../main/store/migrations/005-search-titles'
import type { Migration } from '../../main/store/migrations/types'
import { createCallListRepository, MATCH_END, MATCH_START, toFtsQuery } from '../../main/store/repositories/call-list'
import { useTempDir } from './helpers'

const tmp = useTempDir()
let db: BetterSqlite3.Database
const T = 1_700_000_000_000
// 005 does not depend on 003/004 (other features); stand-ins keep the versions in order here.
const gap = (version: number): Migration => ({ version, name: `stand-in-${version}`, up: () => undefined })
const ALL = [migration001, migration002, gap(3), gap(4), migration005]

const addCall = (id: string, opts: { kind?: string; prospect?: string | null; device?: string | null; at?: number } = {}) =>
  db
    .prepare(`INSERT INTO calls (id, kind, prospect_id, status, started_at, ended_at, duration_ms, sample_rate, device_label, created_at)
              VALUES (?, ?, ?, 'completed', ?, ?, 1000, 16000, ?, ?)`)
    .run(id, opts.kind ?? 'live', opts.prospect ?? null, opts.at ?? T, (opts.at ?? T) + 1000, opts.device === undefined ? 'Headset' : opts.device, T)
let uid = 0
const addSegment = (callId: string, seq: number, text: string, source = 'speech') =>
  db
    .prepare(`INSERT INTO transcript_segments (uid, call_id, seq, start_ms, end_ms, text, status, source, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?, ?)`)
    .run(`u${++uid}`, callId, seq, seq * 1000, seq * 1000 + 900, text, source, T, T).lastInsertRowid as number

const transcriptHits = (word: string) =>
  (db.prepare(`SELECT rowid FROM transcript_fts WHERE transcript_fts MATCH ?`).all(`"${word}"`) as unknown[]).length
const callHits = (word: string) =>
  (db
    .prepare(`SELECT cs.call_id FROM call_fts JOIN call_search cs ON cs.n = call_fts.rowid WHERE call_fts MATCH ? ORDER BY cs.call_id`)
    .pluck()
    .all(`"${word}"`) as string[])

beforeEach(() => {
  db = new BetterSqlite3(tmp.file())
  db.pragma('foreign_keys = ON')
  // A database as version 2 left it: a prospect, a call with them, its transcript.
  migrate(db, [migration001, migration002])
  db.prepare(`INSERT INTO prospects (id, name, company, created_at, updated_at) VALUES ('p1', 'Dana Müller', 'Northpeak', ?, ?)`).run(T, T)
  addCall('c1', { prospect: 'p1' })
  addSegment('c1', 0, 'We moved our campaigns to texting last spring.')
})
afterEach(() => db.close())

describe('migration 005: search and titles', () => {
  it('indexes what was already there: transcripts and the calls’ prospects (diacritics folded)', () => {
    migrate(db, ALL)
    expect(db.pragma('user_version', { simple: true })).toBe(5)
    expect(transcriptHits('texting')).toBe(1)
    expect(callHits('muller')).toEqual(['c1'])
    expect(callHits('northpeak')).toEqual(['c1'])
    // The call's document holds its transcript too.
    expect(callHits('spring')).toEqual(['c1'])
    expect(db.prepare(`SELECT title FROM calls`).get()).toEqual({ title: null })
  })

  it('keeps the transcript index in step with inserts, text changes and deletes (including a call’s cascade)', () => {
    migrate(db, ALL)
    addCall('c9')
    const id = addSegment('c1', 1, 'Our budget opens in March.')
    expect(transcriptHits('budget')).toBe(1)
    expect(callHits('budget')).toEqual(['c1'])
    db.prepare(`UPDATE transcript_segments SET text = 'Our spend opens in March.' WHERE id = ?`).run(id)
    expect(transcriptHits('budget')).toBe(0)
    expect(transcriptHits('spend')).toBe(1)
    expect(callHits('budget')).toEqual([])
    expect(callHits('spend')).toEqual(['c1'])
    // A line deleted on its own leaves the rest of the call findable.
    const extra = addSegment('c1', 2, 'Warehouse volume doubles at peak.')
    expect(callHits('warehouse')).toEqual(['c1'])
    db.prepare(`DELETE FROM transcript_segments WHERE id = ?`).run(extra)
    expect(callHits('warehouse')).toEqual([])
    expect(callHits('spend')).toEqual(['c1'])
    expect(callHits('texting')).toEqual(['c1'])
    db.prepare(`DELETE FROM calls WHERE id = 'c1'`).run()
    expect(transcriptHits('spend')).toBe(0)
    expect(transcriptHits('texting')).toBe(0)
    expect(callHits('muller')).toEqual([])
    expect(callHits('texting')).toEqual([])
    expect(db.prepare(`SELECT call_id FROM call_search`).pluck().all()).toEqual(['c9'])
    // FTS5's own check that the index matches its content table.
    expect(() => db.prepare(`INSERT INTO transcript_fts (transcript_fts) VALUES ('integrity-check')`).run()).not.toThrow()
  })

  it('re-indexes a call’s name when its title or prospect changes, the prospect is renamed, or deleted', () => {
    migrate(db, ALL)
    db.prepare(`UPDATE calls SET title = 'Pricing follow-up' WHERE id = 'c1'`).run()
    expect(callHits('pricing')).toEqual(['c1'])
    db.prepare(`UPDATE prospects SET name = 'Dana Reyes' WHERE id = 'p1'`).run()
    expect(callHits('muller')).toEqual([])
    expect(callHits('reyes')).toEqual(['c1'])
    db.prepare(`DELETE FROM prospects WHERE id = 'p1'`).run()
    // The call is the rep's own data and stays; it is no longer found by the prospect's name.
    expect(db.prepare(`SELECT prospect_id FROM calls WHERE id = 'c1'`).get()).toEqual({ prospect_id: null })
    expect(callHits('reyes')).toEqual([])
    expect(callHits('pricing')).toEqual(['c1'])
  })

  it('accepts a title of 1..200 characters, not a blank one', () => {
    migrate(db, ALL)
    const set = db.prepare(`UPDATE calls SET title = ? WHERE id = 'c1'`)
    expect(() => set.run('Q3 renewal')).not.toThrow()
    expect(() => set.run(null)).not.toThrow()
    expect(() => set.run('   ')).toThrow(/CHECK/)
    expect(() => set.run('x'.repeat(201))).toThrow(/CHECK/)
  })
})

describe('call list search (on a migrated database)', () => {
  beforeEach(() => {
    migrate(db, ALL)
    db.prepare(`INSERT INTO prospects (id, name, created_at, updated_at) VALUES ('p2', 'Lee Park', ?, ?)`).run(T, T)
    addCall('c2', { kind: 'rehearsal', prospect: 'p2', at: T + 1 }) // out loud: has a device and speech
    addSegment('c2', 0, 'Texting past customers brought a client $20k.')
    addCall('c3', { kind: 'rehearsal', device: null, at: T + 2 }) // typed script check
    addSegment('c3', 0, 'Just checking in about texting.', 'typed')
    db.prepare(`INSERT INTO flags (id, call_id, kind, at_ms, created_at) VALUES ('f1', 'c3', 'empty-check-in', 900, ?)`).run(T)
  })

  it('finds calls by transcript words and names, newest first, with the line that matched', () => {
    const list = createCallListRepository(db)
    const { items, total } = list.search({ query: 'texting', limit: 10 })
    expect(total).toBe(3)
    expect(items.map((c) => c.id)).toEqual(['c3', 'c2', 'c1'])
    expect(items[1]!.match).toEqual({ text: `${MATCH_START}Texting${MATCH_END} past customers brought a client $20k.`, atMs: 0 })
    // Prefixes while typing; every word must match.
    expect(list.search({ query: 'text past', limit: 10 }).items.map((c) => c.id)).toEqual(['c2'])
    expect(list.search({ query: 'lee', limit: 10 }).items.map((c) => c.id)).toEqual(['c2'])
    expect(list.search({ query: 'lee', limit: 10 }).items[0]!.match).toBeNull() // matched by name, not by a line
    // Words may match the name and the transcript together.
    expect(list.search({ query: 'lee customers', limit: 10 }).items.map((c) => c.id)).toEqual(['c2'])
  })

  it('tells a call, a rehearsal and a script check apart, and filters by them and by prospect', () => {
    const list = createCallListRepository(db)
    const all = list.search({ limit: 10 }).items
    expect(Object.fromEntries(all.map((c) => [c.id, [c.mode, c.flagCount]]))).toEqual({ c1: ['call', 0], c2: ['rehearsal', 0], c3: ['script-check', 1] })
    expect(list.search({ mode: 'script-check', limit: 10 }).items.map((c) => c.id)).toEqual(['c3'])
    expect(list.search({ mode: 'rehearsal', limit: 10 }).items.map((c) => c.id)).toEqual(['c2'])
    expect(list.search({ prospectId: 'p1', limit: 10 }).items.map((c) => c.id)).toEqual(['c1'])
    expect(list.search({ query: 'texting', mode: 'call', limit: 10 })).toMatchObject({ total: 1 })
  })

  it('pages with a total, and treats FTS syntax in what the rep types as plain words', () => {
    const list = createCallListRepository(db)
    expect(list.search({ limit: 2 }).items.map((c) => c.id)).toEqual(['c3', 'c2'])
    expect(list.search({ limit: 2, offset: 2 })).toMatchObject({ total: 3, items: [{ id: 'c1' }] })
    for (const q of ['"texting', 'texting AND', 'NEAR(texting', '*', 'OR', 'c2:texting', '-texting']) {
      expect(() => list.search({ query: q, limit: 10 }), q).not.toThrow()
    }
    expect(list.search({ query: '***', limit: 10 })).toMatchObject({ total: 3 }) // no words: no filter
    expect(toFtsQuery('  $20k, "budget" ')).toBe('"20k"* "budget"*')
  })

  it('sets and clears a call’s title, which search then finds', () => {
    const list = createCallListRepository(db)
    expect(list.setTitle('c1', '  Renewal call ')).toBe(true)
    expect(db.prepare(`SELECT title FROM calls WHERE id = 'c1'`).pluck().get()).toBe('Renewal call')
    expect(list.search({ query: 'renewal', limit: 10 }).items.map((c) => c.id)).toEqual(['c1'])
    expect(list.setTitle('c1', '')).toBe(true)
    expect(db.prepare(`SELECT title FROM calls WHERE id = 'c1'`).pluck().get()).toBeNull()
    expect(list.setTitle('nope', 'x')).toBe(false)
  })
})
