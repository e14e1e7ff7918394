import { describe, expect, it } from 'vitest'
import { useStore } from './helpers'

const { store, clockStart: T } = useStore()

describe('debriefs repository', () => {
  it('save creates, get reads back, save again replaces text but keeps createdAt', () => {
    const s = store()
    const call = s.calls.create({ kind: 'live', audioPath: 'c.wav', sampleRate: 16000, startedAt: T })
    expect(s.debriefs.get(call.id)).toBeUndefined()

    const first = s.debriefs.save(call.id, {
      wentWell: 'Good discovery',
      toChange: 'Talked over them twice',
      noBuyReason: 'No budget until Q3',
      nextStep: 'Send case study',
    })
    expect(first).toEqual({
      callId: call.id,
      wentWell: 'Good discovery',
      toChange: 'Talked over them twice',
      noBuyReason: 'No budget until Q3',
      nextStep: 'Send case study',
      createdAt: T + 1000,
      updatedAt: T + 1000,
    })
    expect(s.debriefs.get(call.id)).toEqual(first)

    const second = s.debriefs.save(call.id, { wentWell: 'Better on re-listen' })
    expect(second).toEqual({
      callId: call.id,
      wentWell: 'Better on re-listen',
      toChange: '',
      noBuyReason: null,
      nextStep: '',
      createdAt: T + 1000,
      updatedAt: T + 2000,
    })
    expect(s.debriefs.get(call.id)).toEqual(second)
  })

  it('refuses an unknown call; delete reports whether one existed', () => {
    const s = store()
    expect(() => s.debriefs.save('ghost', {})).toThrow(/FOREIGN KEY/)
    const call = s.calls.create({ kind: 'rehearsal', audioPath: null, sampleRate: 16000, startedAt: T })
    s.debriefs.save(call.id, {})
    expect(s.debriefs.delete(call.id)).toBe(true)
    expect(s.debriefs.get(call.id)).toBeUndefined()
    expect(s.debriefs.delete(call.id)).toBe(false)
  })
})

describe('debriefs: prospect history', () => {
  it('listForProspect returns debriefs of that prospect’s calls only, in the order written', () => {
    const s = store()
    const p = s.prospects.create({ name: 'Ann' })
    const other = s.prospects.create({ name: 'Ben' })
    const c1 = s.calls.create({ kind: 'live', prospectId: p.id, audioPath: null, sampleRate: 16000, startedAt: T })
    const c2 = s.calls.create({ kind: 'live', prospectId: p.id, audioPath: null, sampleRate: 16000, startedAt: T + 10 })
    const c3 = s.calls.create({ kind: 'live', prospectId: other.id, audioPath: null, sampleRate: 16000, startedAt: T })
    s.calls.create({ kind: 'live', prospectId: p.id, audioPath: null, sampleRate: 16000, startedAt: T + 20 }) // no debrief
    s.debriefs.save(c2.id, { nextStep: 'second' })
    s.debriefs.save(c1.id, { nextStep: 'first written later' })
    s.debriefs.save(c3.id, { nextStep: 'not theirs' })
    expect(s.debriefs.listForProspect(p.id).map((d) => [d.callId, d.nextStep])).toEqual([
      [c2.id, 'second'],
      [c1.id, 'first written later'],
    ])
    expect(s.debriefs.listForProspect('nobody')).toEqual([])
  })
})
