import { describe, expect, it } from 'vitest'
import { useStore } from './helpers'

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
