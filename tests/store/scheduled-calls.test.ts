import { describe, expect, it } from 'vitest'
import { useStore } from './helpers'
import { rawDatabaseForTests } from '../../main/store/raw-database'

const { store, clockStart: T } = useStore()
const DAY = 86_400_000

describe('scheduled calls repository', () => {
  it('create → get round-trips; defaults status and notes', () => {
    const { prospects, scheduledCalls } = store()
    const p = prospects.create({ name: 'Dana' })
    const s = scheduledCalls.create({ prospectId: p.id, scheduledAt: T + DAY, planNotes: 'open with the pilot results' })
    expect(s).toEqual({
      id: s.id,
      prospectId: p.id,
      scheduledAt: T + DAY,
      status: 'scheduled',
      planNotes: 'open with the pilot results',
      rehearsalNotes: '',
      createdAt: T + 1000,
      updatedAt: T + 1000,
    })
    expect(scheduledCalls.get(s.id)).toEqual(s)
    expect(scheduledCalls.get('nope')).toBeUndefined()
  })

  it('rejects an unknown prospect', () => {
    expect(() => store().scheduledCalls.create({ prospectId: 'ghost', scheduledAt: T })).toThrow(/FOREIGN KEY/)
  })

  it('listUpcoming: still-scheduled from a time on, soonest first, with prospect name, limited', () => {
    const { prospects, scheduledCalls } = store()
    const a = prospects.create({ name: 'Ann', company: 'A Co' })
    const b = prospects.create({ name: 'Ben' })
    const later = scheduledCalls.create({ prospectId: a.id, scheduledAt: T + 2 * DAY })
    const sooner = scheduledCalls.create({ prospectId: b.id, scheduledAt: T + DAY })
    scheduledCalls.create({ prospectId: a.id, scheduledAt: T - DAY }) // past
    const cancelled = scheduledCalls.create({ prospectId: a.id, scheduledAt: T + 3 * DAY })
    scheduledCalls.setStatus(cancelled.id, 'cancelled')

    const upcoming = scheduledCalls.listUpcoming({ from: T })
    expect(upcoming.map((s) => s.id)).toEqual([sooner.id, later.id])
    expect(upcoming[1]).toMatchObject({ prospectName: 'Ann', prospectCompany: 'A Co' })
    expect(upcoming[0]).toMatchObject({ prospectName: 'Ben', prospectCompany: null })
    expect(scheduledCalls.listUpcoming({ from: T, limit: 1 }).map((s) => s.id)).toEqual([sooner.id])
  })

  it('listForProspect and nextForProspect', () => {
    const { prospects, scheduledCalls } = store()
    const p = prospects.create({ name: 'Ann' })
    const other = prospects.create({ name: 'Ben' })
    const past = scheduledCalls.create({ prospectId: p.id, scheduledAt: T - DAY })
    const next = scheduledCalls.create({ prospectId: p.id, scheduledAt: T + DAY })
    const after = scheduledCalls.create({ prospectId: p.id, scheduledAt: T + 5 * DAY })
    scheduledCalls.create({ prospectId: other.id, scheduledAt: T + DAY / 2 })
    expect(scheduledCalls.listForProspect(p.id).map((s) => s.id)).toEqual([past.id, next.id, after.id])
    expect(scheduledCalls.nextForProspect(p.id, T)?.id).toBe(next.id)
    scheduledCalls.setStatus(next.id, 'done')
    expect(scheduledCalls.nextForProspect(p.id, T)?.id).toBe(after.id)
    expect(scheduledCalls.nextForProspect(p.id, T + 10 * DAY)).toBeUndefined()
  })

  it('update patches plan/rehearsal notes and time; setStatus changes status', () => {
    const { prospects, scheduledCalls } = store()
    const p = prospects.create({ name: 'Ann' })
    const s = scheduledCalls.create({ prospectId: p.id, scheduledAt: T + DAY, planNotes: 'plan' })
    const u = scheduledCalls.update(s.id, { rehearsalNotes: 'slow down on pricing', scheduledAt: T + 2 * DAY })
    expect(u).toMatchObject({ planNotes: 'plan', rehearsalNotes: 'slow down on pricing', scheduledAt: T + 2 * DAY })
    expect(u!.updatedAt).toBeGreaterThan(s.updatedAt)
    expect(scheduledCalls.get(s.id)).toEqual(u)
    expect(scheduledCalls.update('nope', { planNotes: 'x' })).toBeUndefined()
    expect(scheduledCalls.setStatus(s.id, 'done')?.status).toBe('done')
    expect(scheduledCalls.get(s.id)?.status).toBe('done')
    expect(scheduledCalls.setStatus('nope', 'done')).toBeUndefined()
  })

  it('delete removes the entry and unlinks calls made for it', () => {
    const { prospects, scheduledCalls, calls } = store()
    const p = prospects.create({ name: 'Ann' })
    const s = scheduledCalls.create({ prospectId: p.id, scheduledAt: T })
    const c = calls.create({ kind: 'live', prospectId: p.id, scheduledCallId: s.id, audioPath: 'a.wav', sampleRate: 16000, startedAt: T })
    expect(scheduledCalls.delete(s.id)).toBe(true)
    expect(scheduledCalls.get(s.id)).toBeUndefined()
    expect(calls.get(c.id)).toMatchObject({ scheduledCallId: null, prospectId: p.id })
    expect(scheduledCalls.delete(s.id)).toBe(false)
  })
})

describe('scheduled calls: schedule-view queries', () => {
  it('getSummary carries the prospect name and company', () => {
    const { prospects, scheduledCalls } = store()
    const p = prospects.create({ name: 'Ann', company: 'A Co' })
    const s = scheduledCalls.create({ prospectId: p.id, scheduledAt: T + DAY })
    expect(scheduledCalls.getSummary(s.id)).toEqual({ ...s, prospectName: 'Ann', prospectCompany: 'A Co' })
    expect(scheduledCalls.getSummary('nope')).toBeUndefined()
  })

  it('listBetween: [from, to) half-open, scheduled and done but not cancelled, soonest first', () => {
    const { prospects, scheduledCalls } = store()
    const p = prospects.create({ name: 'Ann' })
    const atStart = scheduledCalls.create({ prospectId: p.id, scheduledAt: T })
    const inside = scheduledCalls.create({ prospectId: p.id, scheduledAt: T + DAY / 2 })
    const done = scheduledCalls.create({ prospectId: p.id, scheduledAt: T + DAY / 4 })
    scheduledCalls.setStatus(done.id, 'done')
    const cancelled = scheduledCalls.create({ prospectId: p.id, scheduledAt: T + DAY / 3 })
    scheduledCalls.setStatus(cancelled.id, 'cancelled')
    scheduledCalls.create({ prospectId: p.id, scheduledAt: T + DAY }) // at `to`: excluded
    scheduledCalls.create({ prospectId: p.id, scheduledAt: T - 1 }) // before `from`
    const rows = scheduledCalls.listBetween({ from: T, to: T + DAY })
    expect(rows.map((r) => r.id)).toEqual([atStart.id, done.id, inside.id])
    expect(rows[0]).toMatchObject({ prospectName: 'Ann', status: 'scheduled' })
    expect(scheduledCalls.listBetween({ from: T + 2 * DAY, to: T + 3 * DAY })).toEqual([])
  })

  it('listOverdue: still scheduled and before the cut-off, oldest first, limited; done and cancelled are not overdue', () => {
    const { prospects, scheduledCalls } = store()
    const a = prospects.create({ name: 'Ann' })
    const b = prospects.create({ name: 'Ben' })
    const oldest = scheduledCalls.create({ prospectId: b.id, scheduledAt: T - 3 * DAY })
    const older = scheduledCalls.create({ prospectId: a.id, scheduledAt: T - 2 * DAY })
    const done = scheduledCalls.create({ prospectId: a.id, scheduledAt: T - DAY })
    scheduledCalls.setStatus(done.id, 'done')
    const cancelled = scheduledCalls.create({ prospectId: a.id, scheduledAt: T - DAY })
    scheduledCalls.setStatus(cancelled.id, 'cancelled')
    scheduledCalls.create({ prospectId: a.id, scheduledAt: T }) // at the cut-off: not overdue
    const rows = scheduledCalls.listOverdue({ before: T })
    expect(rows.map((r) => r.id)).toEqual([oldest.id, older.id])
    expect(rows.map((r) => r.prospectName)).toEqual(['Ben', 'Ann'])
    expect(scheduledCalls.listOverdue({ before: T, limit: 1 }).map((r) => r.id)).toEqual([oldest.id])
  })

  it('window queries use the (status, scheduled_at) index, not a table scan', () => {
    const db = rawDatabaseForTests(store())
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ')
    expect(plan(`SELECT * FROM scheduled_calls sc WHERE sc.status = 'scheduled' AND sc.scheduled_at < 5`)).toMatch(/USING INDEX scheduled_calls_by_status_time/)
    expect(plan(`SELECT * FROM scheduled_calls sc WHERE sc.status IN ('scheduled', 'done') AND sc.scheduled_at >= 1 AND sc.scheduled_at < 5`)).toMatch(
      /USING INDEX scheduled_calls_by_status_time/,
    )
  })
})
