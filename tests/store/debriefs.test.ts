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
