import { describe, expect, it } from 'vitest'
import { useStore } from './helpers'

const { store, clockStart: T } = useStore()

const setup = () => {
  const s = store()
  const call = s.calls.create({ kind: 'live', audioPath: 'c.wav', sampleRate: 16000, startedAt: T })
  const seg = s.segments.insertPending({ callId: call.id, startMs: 0, endMs: 4000 })
  return { s, call, seg }
}

describe('flags repository', () => {
  it('add → get round-trips, including the segment uid for export', () => {
    const { s, call, seg } = setup()
    const f = s.flags.add({
      callId: call.id,
      segmentId: seg.id,
      kind: 'monologue',
      evidence: 'talked for 94 s without a question',
      prompt: 'Ask: "How does that land?"',
      explanation: 'Long monologues lose the prospect.',
      atMs: 3900.7,
    })
    expect(f).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      callId: call.id,
      segmentId: seg.id,
      segmentUid: seg.uid,
      kind: 'monologue',
      evidence: 'talked for 94 s without a question',
      prompt: 'Ask: "How does that land?"',
      explanation: 'Long monologues lose the prospect.',
      atMs: 3901,
      dismissedAt: null,
      retractedAt: null,
      confidence: 1,
      tier: 'confident',
      createdAt: T + 2000,
    })
    expect(s.flags.get(f.id)).toEqual(f)
    expect(s.flags.get('nope')).toBeUndefined()
  })

  it('a flag without a segment defaults its text fields to empty', () => {
    const { s, call } = setup()
    expect(s.flags.add({ callId: call.id, kind: 'pace', atMs: 0 })).toMatchObject({
      segmentId: null,
      segmentUid: null,
      evidence: '',
      prompt: '',
      explanation: '',
    })
  })

  it('refuses a segment from another call and an unknown call', () => {
    const { s, seg } = setup()
    const other = s.calls.create({ kind: 'rehearsal', audioPath: null, sampleRate: 16000, startedAt: T })
    expect(() => s.flags.add({ callId: other.id, segmentId: seg.id, kind: 'x', atMs: 0 })).toThrow(/same call/)
    expect(() => s.flags.add({ callId: 'ghost', kind: 'x', atMs: 0 })).toThrow()
    expect(s.flags.listForCall(other.id)).toEqual([])
  })

  it('listForCall orders by time in the call; dismiss / undismiss; filter dismissed', () => {
    const { s, call } = setup()
    const late = s.flags.add({ callId: call.id, kind: 'a', atMs: 9000 })
    const early = s.flags.add({ callId: call.id, kind: 'b', atMs: 1000 })
    expect(s.flags.listForCall(call.id).map((f) => f.id)).toEqual([early.id, late.id])

    expect(s.flags.dismiss(early.id, T + 50_000)).toMatchObject({ id: early.id, dismissedAt: T + 50_000 })
    expect(s.flags.get(early.id)?.dismissedAt).toBe(T + 50_000)
    expect(s.flags.listForCall(call.id, { includeDismissed: false }).map((f) => f.id)).toEqual([late.id])
    expect(s.flags.listForCall(call.id).map((f) => f.id)).toEqual([early.id, late.id])

    expect(s.flags.undismiss(early.id)?.dismissedAt).toBeNull()
    expect(s.flags.listForCall(call.id, { includeDismissed: false })).toHaveLength(2)
    expect(s.flags.dismiss('nope', T)).toBeUndefined()
  })

  it('delete', () => {
    const { s, call } = setup()
    const f = s.flags.add({ callId: call.id, kind: 'a', atMs: 0 })
    expect(s.flags.delete(f.id)).toBe(true)
    expect(s.flags.get(f.id)).toBeUndefined()
    expect(s.flags.delete(f.id)).toBe(false)
  })
})
