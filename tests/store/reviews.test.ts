import { describe, expect, it } from 'vitest'
import { useStore } from './helpers'

const { store, clockStart: T } = useStore()

describe('reviews repository', () => {
  it('add → get → listForCall → latestForCall → delete', () => {
    const s = store()
    const call = s.calls.create({ kind: 'rehearsal', audioPath: 'r.wav', sampleRate: 16000, startedAt: T })
    expect(s.reviews.latestForCall(call.id)).toBeUndefined()
    const first = s.reviews.add({ callId: call.id, reviewer: 'Sam', verdict: 'try-again', summary: 'Rushed the close' })
    expect(first).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      callId: call.id,
      reviewer: 'Sam',
      verdict: 'try-again',
      summary: 'Rushed the close',
      createdAt: T + 1000,
    })
    const second = s.reviews.add({ callId: call.id, reviewer: 'Sam', verdict: 'ready' })
    expect(second.summary).toBe('')
    expect(s.reviews.get(first.id)).toEqual(first)
    expect(s.reviews.listForCall(call.id).map((r) => r.id)).toEqual([first.id, second.id])
    expect(s.reviews.latestForCall(call.id)?.id).toBe(second.id)

    expect(s.reviews.delete(second.id)).toBe(true)
    expect(s.reviews.delete(second.id)).toBe(false)
    expect(s.reviews.latestForCall(call.id)?.id).toBe(first.id)
  })

  it('rejects an unknown verdict', () => {
    const s = store()
    const call = s.calls.create({ kind: 'rehearsal', audioPath: null, sampleRate: 16000, startedAt: T })
    // @ts-expect-error — exercising the CHECK constraint
    expect(() => s.reviews.add({ callId: call.id, reviewer: 'Sam', verdict: 'great' })).toThrow(/CHECK/)
  })
})
