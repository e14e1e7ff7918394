import { describe, expect, it } from 'vitest'
import { useStore } from './helpers'

const { store, clockStart: T } = useStore()

describe('coach comments repository', () => {
  it('add → get → listForCall → editBody → delete', () => {
    const s = store()
    const call = s.calls.create({ kind: 'live', audioPath: 'c.wav', sampleRate: 16000, startedAt: T })
    const c1 = s.coachComments.add({ callId: call.id, atMs: 61_000.2, author: 'Sam', role: 'coach', body: 'Pause here.' })
    expect(c1).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      callId: call.id,
      atMs: 61_000,
      author: 'Sam',
      role: 'coach',
      body: 'Pause here.',
      createdAt: T + 1000,
    })
    const c2 = s.coachComments.add({ callId: call.id, author: 'Rep', role: 'rep', body: 'Will do' })
    expect(c2.atMs).toBeNull()
    expect(s.coachComments.get(c1.id)).toEqual(c1)
    expect(s.coachComments.listForCall(call.id).map((c) => c.id)).toEqual([c1.id, c2.id])

    expect(s.coachComments.editBody(c2.id, 'Will do — thanks')?.body).toBe('Will do — thanks')
    expect(s.coachComments.get(c2.id)?.body).toBe('Will do — thanks')
    expect(s.coachComments.editBody('nope', 'x')).toBeUndefined()

    expect(s.coachComments.delete(c1.id)).toBe(true)
    expect(s.coachComments.delete(c1.id)).toBe(false)
    expect(s.coachComments.listForCall(call.id).map((c) => c.id)).toEqual([c2.id])
  })

  it('rejects an empty body, a bad role and an unknown call', () => {
    const s = store()
    const call = s.calls.create({ kind: 'live', audioPath: 'c.wav', sampleRate: 16000, startedAt: T })
    expect(() => s.coachComments.add({ callId: call.id, author: 'Sam', role: 'coach', body: '  ' })).toThrow(/CHECK/)
    // @ts-expect-error — exercising the CHECK constraint
    expect(() => s.coachComments.add({ callId: call.id, author: 'Sam', role: 'manager', body: 'x' })).toThrow(/CHECK/)
    expect(() => s.coachComments.add({ callId: 'ghost', author: 'Sam', role: 'coach', body: 'x' })).toThrow(/FOREIGN KEY/)
  })
})
