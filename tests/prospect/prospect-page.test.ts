/** The prospect page read from a real SQLite file: history merged in time order, status, next call. */
import { describe, expect, it } from 'vitest'
import { loadProspectPage } from '../../main/prospect/load-prospect'
import { mergeHistory } from '../../main/prospect/history'
import { useStore } from '../store/helpers'

const { store, clockStart: T } = useStore()
const DAY = 86_400_000

describe('prospect page', () => {
  it('lists every call, debrief and note in time order, with status, reason and the next scheduled call', () => {
    const s = store() // clock ticks 1 s per write, from T
    const p = s.prospects.create({ name: 'Dana', company: 'Northpeak' }) // T
    const c1 = s.calls.create({ kind: 'live', prospectId: p.id, audioPath: null, sampleRate: 16000, startedAt: T - 2 * DAY })
    const c2 = s.calls.create({ kind: 'rehearsal', prospectId: p.id, audioPath: null, sampleRate: 16000, startedAt: T - DAY })
    const note = s.notes.create({ prospectId: p.id, body: 'Prefers mornings' }) // T + 3 s
    s.debriefs.save(c1.id, { wentWell: 'rapport', noBuyReason: 'No budget until Q3', nextStep: 'send case study' }) // T + 4 s
    s.prospects.setStatus(p.id, 'not-now', 'Budget frozen until Q3')
    const done = s.scheduledCalls.create({ prospectId: p.id, scheduledAt: T - DAY / 2 })
    s.scheduledCalls.setStatus(done.id, 'done')
    const next = s.scheduledCalls.create({ prospectId: p.id, scheduledAt: T + DAY, planNotes: '- ask what changed' })
    s.scheduledCalls.create({ prospectId: p.id, scheduledAt: T + 2 * DAY })
    const someoneElse = s.prospects.create({ name: 'Other' })
    s.calls.create({ kind: 'live', prospectId: someoneElse.id, audioPath: null, sampleRate: 16000, startedAt: T })

    const page = loadProspectPage(s, p.id, T)!
    expect(page.prospect).toMatchObject({ name: 'Dana', company: 'Northpeak', status: 'not-now', statusReason: 'Budget frozen until Q3' })
    expect(page.history.map((h) => h.type)).toEqual(['call', 'call', 'note', 'debrief'])
    expect(page.history[0]).toMatchObject({ type: 'call', call: { id: c1.id } })
    expect(page.history[1]).toMatchObject({ type: 'call', call: { id: c2.id, kind: 'rehearsal' } })
    expect(page.history[2]).toMatchObject({ type: 'note', note: { id: note.id, body: 'Prefers mornings' } })
    expect(page.history[3]).toMatchObject({ type: 'debrief', callId: c1.id, notes: { noBuyReason: 'No budget until Q3', nextStep: 'send case study' } })
    for (let i = 1; i < page.history.length; i++) expect(page.history[i]!.at).toBeGreaterThanOrEqual(page.history[i - 1]!.at)
    expect(page.nextScheduledCall).toMatchObject({ id: next.id, prospectName: 'Dana', planNotes: '- ask what changed' })
    expect(page.scheduled.map((x) => x.status)).toEqual(['done', 'scheduled', 'scheduled'])
  })

  it('unknown prospect: undefined; a new prospect has an empty history and nothing scheduled', () => {
    const s = store()
    expect(loadProspectPage(s, 'nobody', T)).toBeUndefined()
    const p = s.prospects.create({ name: 'New' })
    expect(loadProspectPage(s, p.id, T)).toMatchObject({ history: [], scheduled: [], nextScheduledCall: null })
  })

  it('mergeHistory: at equal times a call comes before its debrief and notes last', () => {
    const call = { type: 'call' as const, at: 5, call: {} as never, flagCount: 0 }
    const debrief = { type: 'debrief' as const, at: 5, callId: 'x', notes: {} as never }
    const note = { type: 'note' as const, at: 5, note: {} as never }
    expect(mergeHistory([call], [debrief], [note]).map((h) => h.type)).toEqual(['call', 'debrief', 'note'])
    expect(mergeHistory([], [debrief], [note]).map((h) => h.type)).toEqual(['debrief', 'note'])
  })
})
