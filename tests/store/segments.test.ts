import { describe, expect, it } from 'vitest'
import { createStore } from '../../main/store'
import { useStore } from './helpers'

const { store, file, clockStart: T } = useStore()

const setup = () => {
  const s = store()
  const call = s.calls.create({ kind: 'live', audioPath: 'c.wav', sampleRate: 16000, startedAt: T })
  return { s, call }
}

describe('segments repository', () => {
  it('insertPending stores an empty pending segment with a fresh uid', () => {
    const { s, call } = setup()
    const seg = s.segments.insertPending({ callId: call.id, seq: 0, startMs: 120.4, endMs: 2300.6, source: 'speech' })
    expect(seg).toEqual({
      id: expect.any(Number),
      uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      callId: call.id,
      seq: 0,
      startMs: 120,
      endMs: 2301,
      text: '',
      status: 'pending',
      source: 'speech',
      error: null,
      utteranceClass: null,
      textTier: 'provisional',
      finalDue: false,
      createdAt: T + 1000, // the call took the first tick
      updatedAt: T + 1000,
    })
    expect(s.segments.get(seg.id)).toEqual(seg)
    expect(s.segments.getByUid(seg.uid)).toEqual(seg)
    expect(s.segments.insertPending({ callId: call.id, startMs: 0, endMs: 1 }).uid).not.toBe(seg.uid)
  })

  it('insertPending without seq takes the next one; an explicit duplicate seq is refused', () => {
    const { s, call } = setup()
    expect(s.segments.nextSeq(call.id)).toBe(0)
    const a = s.segments.insertPending({ callId: call.id, startMs: 0, endMs: 1 })
    const b = s.segments.insertPending({ callId: call.id, startMs: 1, endMs: 2 })
    expect([a.seq, b.seq]).toEqual([0, 1])
    expect(s.segments.nextSeq(call.id)).toBe(2)
    expect(() => s.segments.insertPending({ callId: call.id, seq: 1, startMs: 0, endMs: 1 })).toThrow(/UNIQUE/)
    expect(() => s.segments.insertPending({ callId: 'ghost', startMs: 0, endMs: 1 })).toThrow(/FOREIGN KEY/)
  })

  it('complete fills in the text and clears an earlier error', () => {
    const { s, call } = setup()
    const seg = s.segments.insertPending({ callId: call.id, startMs: 0, endMs: 1 })
    s.segments.fail(seg.id, 'model busy')
    const done = s.segments.complete(seg.id, 'So what does your week look like?')
    expect(done).toEqual({
      ...seg,
      text: 'So what does your week look like?',
      status: 'done',
      error: null,
      // Live speech: its final tier is still to run.
      finalDue: true,
      updatedAt: done!.updatedAt,
    })
    expect(done!.updatedAt).toBeGreaterThan(seg.updatedAt)
    expect(s.segments.get(seg.id)).toEqual(done)
    expect(s.segments.complete(999_999, 'x')).toBeUndefined()
  })

  it('fail records the error but never overwrites finished text; retry re-queues', () => {
    const { s, call } = setup()
    const seg = s.segments.insertPending({ callId: call.id, startMs: 0, endMs: 1 })
    expect(s.segments.fail(seg.id, 'decoder crashed')).toMatchObject({ status: 'failed', error: 'decoder crashed' })
    expect(s.segments.retry(seg.id)).toMatchObject({ status: 'pending', error: null })
    expect(s.segments.retry(seg.id)).toBeUndefined() // only failed segments are retried
    s.segments.complete(seg.id, 'hello')
    expect(s.segments.fail(seg.id, 'late failure')).toBeUndefined()
    expect(s.segments.get(seg.id)).toMatchObject({ status: 'done', text: 'hello', error: null })
  })

  it('addTyped appends a done, typed segment after the speech ones', () => {
    const { s, call } = setup()
    s.segments.insertPending({ callId: call.id, seq: 0, startMs: 0, endMs: 10 })
    s.segments.insertPending({ callId: call.id, seq: 1, startMs: 10, endMs: 20 })
    const typed = s.segments.addTyped({ callId: call.id, startMs: 25, endMs: 25, text: 'They asked about SSO' })
    expect(typed).toMatchObject({ seq: 2, status: 'done', source: 'typed', text: 'They asked about SSO', error: null })
    expect(s.segments.nextSeq(call.id)).toBe(3)
  })

  it('setClass stores the coach reading of a done segment; new text clears it', () => {
    const { s, call } = setup()
    const seg = s.segments.insertPending({ callId: call.id, startMs: 0, endMs: 1 })
    expect(s.segments.setClass(seg.id, 'probe')).toBe(false) // nothing to read yet
    s.segments.complete(seg.id, 'What does your week look like?')
    expect(s.segments.setClass(seg.id, 'probe')).toBe(true)
    expect(s.segments.get(seg.id)!.utteranceClass).toBe('probe')
    expect(() => s.segments.setClass(seg.id, 'pitch' as 'give')).toThrow(/CHECK/)
    expect(s.segments.get(seg.id)!.utteranceClass).toBe('probe')
    expect(s.segments.complete(seg.id, 'We cut late deliveries by a third.')!.utteranceClass).toBeNull()
    expect(s.segments.setClass(9999, 'give')).toBe(false)
  })

  it('listForCall is ordered by seq and scoped to the call', () => {
    const { s, call } = setup()
    const other = s.calls.create({ kind: 'live', audioPath: 'd.wav', sampleRate: 16000, startedAt: T })
    s.segments.insertPending({ callId: call.id, seq: 2, startMs: 20, endMs: 30 })
    s.segments.insertPending({ callId: call.id, seq: 0, startMs: 0, endMs: 10 })
    s.segments.insertPending({ callId: other.id, seq: 0, startMs: 0, endMs: 10 })
    s.segments.insertPending({ callId: call.id, seq: 1, startMs: 10, endMs: 20 })
    expect(s.segments.listForCall(call.id).map((x) => x.seq)).toEqual([0, 1, 2])
    expect(s.segments.listForCall(other.id)).toHaveLength(1)
    expect(s.segments.listForCall('ghost')).toEqual([])
  })

  it('pending segments survive a crash and are listed for re-transcription', () => {
    const { s, call } = setup()
    const a = s.segments.insertPending({ callId: call.id, startMs: 0, endMs: 10 })
    const b = s.segments.insertPending({ callId: call.id, startMs: 10, endMs: 20 })
    const c = s.segments.insertPending({ callId: call.id, startMs: 20, endMs: 30 })
    s.segments.complete(b.id, 'done one')
    s.segments.fail(c.id, 'bad audio')
    // No close(): simulate the process dying, then reopen the same file with a new connection.
    const reopened = createStore(file())
    try {
      expect(reopened.segments.listPending().map((x) => x.id)).toEqual([a.id])
      expect(reopened.segments.listPending()[0]).toEqual(a)
    } finally {
      reopened.close()
    }
  })
})
