import { describe, expect, it } from 'vitest'
import type { Store } from '../../main/store'
import { useStore } from './helpers'
import { rawDatabaseForTests } from '../../main/store/raw-database'

const { store, clockStart: T } = useStore()

const newCall = (s: Store, startedAt: number, extra: Partial<Parameters<Store['calls']['create']>[0]> = {}) =>
  s.calls.create({ kind: 'live', audioPath: `${startedAt}.wav`, sampleRate: 16000, startedAt, ...extra })

describe('calls repository', () => {
  it('create → get round-trips; new calls are recording with no end', () => {
    const s = store()
    const p = s.prospects.create({ name: 'Dana' })
    const c = s.calls.create({
      kind: 'rehearsal',
      prospectId: p.id,
      audioPath: 'rehearsal-1.wav',
      sampleRate: 16000,
      deviceLabel: 'USB Mic',
      startedAt: T - 5000,
    })
    expect(c).toEqual({
      id: c.id,
      kind: 'rehearsal',
      prospectId: p.id,
      scheduledCallId: null,
      status: 'recording',
      startedAt: T - 5000,
      endedAt: null,
      durationMs: null,
      audioPath: 'rehearsal-1.wav',
      sampleRate: 16000,
      deviceLabel: 'USB Mic',
      createdAt: T + 1000,
    })
    expect(s.calls.get(c.id)).toEqual(c)
    expect(s.calls.get('nope')).toBeUndefined()
  })

  it('accepts a caller id and a null audio path; refuses a path outside the recordings folder', () => {
    const s = store()
    const id = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'
    expect(newCall(s, T, { id, audioPath: null }).id).toBe(id)
    expect(s.calls.get(id)?.audioPath).toBeNull()
    expect(() => newCall(s, T, { audioPath: '../../etc/passwd' })).toThrow(/CHECK/)
  })

  it('list: newest first, paged, with segment count and prospect name in one query', () => {
    const s = store()
    const p = s.prospects.create({ name: 'Dana' })
    const oldest = newCall(s, T - 3000, { prospectId: p.id })
    const middle = newCall(s, T - 2000)
    const newest = newCall(s, T - 1000, { prospectId: p.id })
    s.segments.insertPending({ callId: oldest.id, startMs: 0, endMs: 10 })
    s.segments.insertPending({ callId: oldest.id, startMs: 10, endMs: 20 })
    s.segments.addTyped({ callId: newest.id, startMs: 0, endMs: 0, text: 'hi' })

    const page = s.calls.list({ limit: 10, offset: 0 })
    expect(page.map((c) => c.id)).toEqual([newest.id, middle.id, oldest.id])
    expect(page.map((c) => [c.prospectName, c.segmentCount])).toEqual([
      ['Dana', 1],
      [null, 0],
      ['Dana', 2],
    ])
    expect(page[2]).toMatchObject({ ...oldest })
    expect(s.calls.list({ limit: 1, offset: 1 }).map((c) => c.id)).toEqual([middle.id])
    expect(s.calls.list({ limit: 2 }).map((c) => c.id)).toEqual([newest.id, middle.id])
  })

  it('getSummary and listForProspect (prospect history)', () => {
    const s = store()
    const p = s.prospects.create({ name: 'Dana' })
    const first = newCall(s, T - 2000, { prospectId: p.id })
    const second = newCall(s, T - 1000, { prospectId: p.id })
    newCall(s, T - 500)
    s.segments.insertPending({ callId: second.id, startMs: 0, endMs: 5 })
    expect(s.calls.getSummary(second.id)).toMatchObject({ id: second.id, prospectName: 'Dana', segmentCount: 1 })
    expect(s.calls.getSummary('nope')).toBeUndefined()
    expect(s.calls.listForProspect(p.id).map((c) => c.id)).toEqual([second.id, first.id])
  })

  it('finish closes a recording call once; a second finish is refused', () => {
    const s = store()
    const c = newCall(s, T)
    const done = s.calls.finish(c.id, { endedAt: T + 60_000, durationMs: 59_500.4, status: 'completed' })
    expect(done).toEqual({ ...c, status: 'completed', endedAt: T + 60_000, durationMs: 59_500 })
    expect(s.calls.get(c.id)).toEqual(done)
    expect(s.calls.finish(c.id, { endedAt: T + 70_000, durationMs: 70_000, status: 'failed' })).toBeUndefined()
    expect(s.calls.get(c.id)?.status).toBe('completed')
    expect(s.calls.finish('nope', { endedAt: T, durationMs: 0, status: 'completed' })).toBeUndefined()
  })

  it('listByStatus finds calls left recording; markInterrupted closes them', () => {
    const s = store()
    const open1 = newCall(s, T - 2000)
    const open2 = newCall(s, T - 1000)
    const closed = newCall(s, T - 3000)
    s.calls.finish(closed.id, { endedAt: T, durationMs: 3000, status: 'completed' })

    expect(s.calls.listByStatus('recording').map((c) => c.id)).toEqual([open1.id, open2.id])
    expect(s.calls.listByStatus('completed').map((c) => c.id)).toEqual([closed.id])

    expect(s.calls.markInterrupted(open1.id, { endedAt: T, durationMs: 2000 })).toMatchObject({
      status: 'interrupted',
      endedAt: T,
      durationMs: 2000,
    })
    expect(s.calls.markInterrupted(closed.id, { endedAt: T, durationMs: 1 })).toBeUndefined()
    expect(s.calls.get(closed.id)?.status).toBe('completed')
    expect(s.calls.listByStatus('recording').map((c) => c.id)).toEqual([open2.id])
    expect(s.calls.listByStatus('interrupted').map((c) => c.id)).toEqual([open1.id])
  })

  it('update links a call to a prospect and schedule entry, and can clear them', () => {
    const s = store()
    const p = s.prospects.create({ name: 'Dana' })
    const sc = s.scheduledCalls.create({ prospectId: p.id, scheduledAt: T })
    const c = newCall(s, T)
    expect(s.calls.update(c.id, { prospectId: p.id, scheduledCallId: sc.id })).toMatchObject({
      prospectId: p.id,
      scheduledCallId: sc.id,
      audioPath: c.audioPath,
    })
    expect(s.calls.update(c.id, { scheduledCallId: null, deviceLabel: 'Headset' })).toMatchObject({
      prospectId: p.id,
      scheduledCallId: null,
      deviceLabel: 'Headset',
    })
    expect(s.calls.get(c.id)?.deviceLabel).toBe('Headset')
    expect(s.calls.update('nope', { deviceLabel: 'x' })).toBeUndefined()
    expect(() => s.calls.update(c.id, { prospectId: 'ghost' })).toThrow(/FOREIGN KEY/)
  })

  it('delete returns the deleted call (for its audio file) and cascades', () => {
    const s = store()
    const c = newCall(s, T)
    const seg = s.segments.insertPending({ callId: c.id, startMs: 0, endMs: 5 })
    s.flags.add({ callId: c.id, segmentId: seg.id, kind: 'filler', atMs: 1 })
    s.debriefs.save(c.id, { wentWell: 'x' })
    expect(s.calls.delete(c.id)).toEqual(c)
    expect(s.calls.get(c.id)).toBeUndefined()
    expect(s.segments.listForCall(c.id)).toEqual([])
    expect(s.flags.listForCall(c.id)).toEqual([])
    expect(s.debriefs.get(c.id)).toBeUndefined()
    expect(s.calls.delete(c.id)).toBeUndefined()
  })
})

describe('calls: prospect history', () => {
  it('listHistoryForProspect: only that prospect’s calls, oldest first, with segment and flag counts', () => {
    const s = store()
    const p = s.prospects.create({ name: 'Ann' })
    const other = s.prospects.create({ name: 'Ben' })
    const later = newCall(s, T + 5000, { prospectId: p.id })
    const first = newCall(s, T, { prospectId: p.id, kind: 'rehearsal' })
    newCall(s, T + 1000, { prospectId: other.id })
    newCall(s, T + 2000)
    const seg = s.segments.addTyped({ callId: later.id, startMs: 0, endMs: 0, text: 'hello' })
    s.segments.addTyped({ callId: later.id, startMs: 10, endMs: 10, text: 'again' })
    s.flags.add({ callId: later.id, segmentId: seg.id, kind: 'asking-before-giving', atMs: 0 })
    s.flags.add({ callId: later.id, kind: 'slow-hook', atMs: 30_000 })
    s.flags.add({ callId: first.id, kind: 'slow-hook', atMs: 30_000 })

    const history = s.calls.listHistoryForProspect(p.id)
    expect(history.map((c) => c.id)).toEqual([first.id, later.id])
    expect(history.map((c) => [c.kind, c.segmentCount, c.flagCount, c.prospectName])).toEqual([
      ['rehearsal', 0, 1, 'Ann'],
      ['live', 2, 2, 'Ann'],
    ])
    expect(s.calls.listHistoryForProspect('nobody')).toEqual([])
  })

  it('listHistoryForProspect reads through the prospect index', () => {
    const db = rawDatabaseForTests(store())
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM calls c WHERE c.prospect_id = ? ORDER BY c.started_at, c.id`).all('x') as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join(' | ')
    expect(plan).toMatch(/USING INDEX calls_by_prospect/)
  })
})
