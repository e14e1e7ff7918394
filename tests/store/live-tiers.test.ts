/** The store side of live path v2: an utterance's text while it is spoken, its final text, retracted flags. */
import { describe, expect, it } from 'vitest'
import { useStore } from './helpers'

const { store, clockStart: T } = useStore()

const setup = () => {
  const s = store()
  const call = s.calls.create({ kind: 'live', audioPath: 'c.wav', sampleRate: 16000, startedAt: T })
  const seg = s.segments.insertPending({ callId: call.id, startMs: 1000, endMs: 3000 })
  return { s, call, seg }
}

describe('segments: two text tiers', () => {
  it('grows an utterance while it is spoken: committed words and a later end, still pending', () => {
    const { s, seg } = setup()
    expect(s.segments.updateOpen(seg.id, { endMs: 5000, text: 'What kind of' })).toMatchObject({ status: 'pending', endMs: 5000, text: 'What kind of' })
    // An end never moves back.
    expect(s.segments.updateOpen(seg.id, { endMs: 4000, text: 'What kind of mobile' })).toMatchObject({ endMs: 5000, text: 'What kind of mobile' })
    // Still pending, so a crash re-decodes it.
    expect(s.segments.listPending().map((p) => p.id)).toEqual([seg.id])
    s.segments.complete(seg.id, 'What kind of mobile campaigns?')
    expect(s.segments.updateOpen(seg.id, { endMs: 9000, text: 'late' })).toBeUndefined()
    expect(s.segments.get(seg.id)).toMatchObject({ status: 'done', textTier: 'provisional', endMs: 5000 })
  })

  it('replaces a spoken segment’s live text with the final tier, which the coach must read again', () => {
    const { s, seg } = setup()
    expect(s.segments.setFinalText(seg.id, 'early')).toBeUndefined() // not transcribed yet
    s.segments.complete(seg.id, 'what kind of mobile camp')
    s.segments.setClass(seg.id, 'probe')
    expect(s.segments.setFinalText(seg.id, 'What kind of mobile campaigns?')).toMatchObject({
      text: 'What kind of mobile campaigns?',
      textTier: 'final',
      utteranceClass: null,
    })
    const typed = s.segments.addTyped({ callId: seg.callId, startMs: 0, endMs: 0, text: 'Typed.' })
    expect(typed.textTier).toBe('final')
    expect(s.segments.setFinalText(typed.id, 'changed')).toBeUndefined()
  })

  it('keeps live speech due for its final tier until the final text is stored (a restart finds it)', () => {
    const { s, call, seg } = setup()
    const other = s.segments.insertPending({ callId: call.id, startMs: 4000, endMs: 6000 })
    const recovered = s.segments.insertPending({ callId: call.id, startMs: 7000, endMs: 8000 })
    expect(s.segments.listFinalDue()).toEqual([])
    s.segments.complete(other.id, 'second')
    s.segments.complete(seg.id, 'first')
    // Decoded at the final tier already (a crash's pending segment): nothing left to do.
    s.segments.complete(recovered.id, 'third', 'final')
    s.segments.addTyped({ callId: call.id, startMs: 0, endMs: 0, text: 'Typed.' })
    expect(s.segments.listFinalDue().map((d) => d.id)).toEqual([seg.id, other.id])
    s.segments.setFinalText(seg.id, 'First.')
    expect(s.segments.listFinalDue().map((d) => d.id)).toEqual([other.id])
    s.segments.clearFinalDue(other.id)
    expect(s.segments.listFinalDue()).toEqual([])
    expect(s.segments.get(other.id)).toMatchObject({ text: 'second', textTier: 'provisional' })
  })
})

describe('flags: retraction', () => {
  it('keeps a retracted flag, out of the default list, in the list that asks for it', () => {
    const { s, call, seg } = setup()
    const kept = s.flags.add({ callId: call.id, segmentId: seg.id, kind: 'asking-before-giving', atMs: 3000 })
    const gone = s.flags.add({ callId: call.id, segmentId: seg.id, kind: 'closing-too-early', atMs: 3000 })
    expect(s.flags.retract(gone.id, T + 5000)).toMatchObject({ id: gone.id, retractedAt: T + 5000 })
    expect(s.flags.retract(gone.id, T + 9000)).toBeUndefined() // the first retraction stands
    expect(s.flags.retract('nope', T)).toBeUndefined()
    expect(s.flags.listForCall(call.id).map((f) => f.id)).toEqual([kept.id])
    expect(s.flags.listForCall(call.id, { includeRetracted: true }).map((f) => [f.id, f.retractedAt])).toEqual([
      [kept.id, null],
      [gone.id, T + 5000],
    ])
  })
})
