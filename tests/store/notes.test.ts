import { describe, expect, it } from 'vitest'
import { useStore } from './helpers'

const { store, clockStart: T } = useStore()

const setup = () => {
  const s = store()
  const prospect = s.prospects.create({ name: 'Dana' })
  const scheduled = s.scheduledCalls.create({ prospectId: prospect.id, scheduledAt: T + 86_400_000 })
  const call = s.calls.create({ kind: 'rehearsal', prospectId: prospect.id, audioPath: null, sampleRate: 16000, startedAt: T })
  return { s, prospect, scheduled, call }
}

describe('notes repository', () => {
  it('create → get round-trips', () => {
    const { s, prospect, scheduled } = setup()
    const n = s.notes.create({ prospectId: prospect.id, scheduledCallId: scheduled.id, kind: 'rehearsal', body: 'Lead with ROI' })
    expect(n).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      prospectId: prospect.id,
      scheduledCallId: scheduled.id,
      callId: null,
      kind: 'rehearsal',
      body: 'Lead with ROI',
      createdAt: T + 3000,
      updatedAt: T + 3000,
    })
    expect(s.notes.get(n.id)).toEqual(n)
    expect(s.notes.get('nope')).toBeUndefined()
  })

  it('kind defaults to general; a note must be attached to something', () => {
    const { s, call } = setup()
    expect(s.notes.create({ callId: call.id, body: 'x' }).kind).toBe('general')
    expect(() => s.notes.create({ body: 'floating' })).toThrow(/CHECK/)
  })

  it('lists by prospect, scheduled call and call, oldest first', () => {
    const { s, prospect, scheduled, call } = setup()
    const a = s.notes.create({ prospectId: prospect.id, body: 'a' })
    const b = s.notes.create({ prospectId: prospect.id, scheduledCallId: scheduled.id, kind: 'plan', body: 'b' })
    const c = s.notes.create({ prospectId: prospect.id, callId: call.id, kind: 'recap', body: 'c' })
    expect(s.notes.listForProspect(prospect.id).map((n) => n.id)).toEqual([a.id, b.id, c.id])
    expect(s.notes.listForScheduledCall(scheduled.id).map((n) => n.id)).toEqual([b.id])
    expect(s.notes.listForCall(call.id).map((n) => n.id)).toEqual([c.id])
  })

  it('update patches body/kind; delete; notes go with their owner', () => {
    const { s, prospect, call } = setup()
    const n = s.notes.create({ prospectId: prospect.id, body: 'draft' })
    expect(s.notes.update(n.id, { body: 'final' })).toMatchObject({ body: 'final', kind: 'general', updatedAt: T + 4000 })
    expect(s.notes.update(n.id, { kind: 'recap' })).toMatchObject({ body: 'final', kind: 'recap' })
    expect(s.notes.get(n.id)).toMatchObject({ body: 'final', kind: 'recap' })
    expect(s.notes.update('nope', { body: 'x' })).toBeUndefined()
    expect(s.notes.delete(n.id)).toBe(true)
    expect(s.notes.delete(n.id)).toBe(false)

    const onCall = s.notes.create({ callId: call.id, body: 'y' })
    s.calls.delete(call.id)
    expect(s.notes.get(onCall.id)).toBeUndefined()
  })
})
