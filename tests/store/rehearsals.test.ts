import { describe, expect, it } from 'vitest'
import type { Store } from '../../main/store'
import { useStore } from './helpers'

describe('rehearsals repository', () => {
  const { store } = useStore()

  function setup(s: Store) {
    const p = s.prospects.create({ name: 'Dana' })
    const sc = s.scheduledCalls.create({ prospectId: p.id, scheduledAt: 2_000_000_000_000 })
    return { p, sc }
  }
  /** A finished call with `lines` typed segments and the given flag kinds. */
  function call(s: Store, o: { scheduledCallId: string | null; prospectId: string; startedAt: number; kind?: 'live' | 'rehearsal'; lines?: number; flags?: string[]; finish?: boolean }) {
    const c = s.calls.create({ kind: o.kind ?? 'rehearsal', prospectId: o.prospectId, scheduledCallId: o.scheduledCallId, audioPath: null, sampleRate: 16_000, startedAt: o.startedAt })
    for (let i = 0; i < (o.lines ?? 1); i++) s.segments.addTyped({ callId: c.id, startMs: i * 1000, endMs: i * 1000 + 900, text: `line ${i}` })
    for (const kind of o.flags ?? []) s.flags.add({ callId: c.id, kind, atMs: 500 })
    if (o.finish ?? true) s.calls.finish(c.id, { endedAt: o.startedAt + 5000, durationMs: 5000, status: 'completed' })
    return c.id
  }

  it('numbers the finished rehearsals of one scheduled call and counts their flags by kind', () => {
    const s = store()
    const { p, sc } = setup(s)
    const other = s.scheduledCalls.create({ prospectId: p.id, scheduledAt: 2_000_000_000_000 })
    const second = call(s, { scheduledCallId: sc.id, prospectId: p.id, startedAt: 2000, flags: ['slow-hook'] })
    const first = call(s, { scheduledCallId: sc.id, prospectId: p.id, startedAt: 1000, flags: ['asking-before-giving', 'asking-before-giving', 'closing-too-early'] })
    call(s, { scheduledCallId: sc.id, prospectId: p.id, startedAt: 3000, finish: false }) // still recording: not an attempt yet
    call(s, { scheduledCallId: sc.id, prospectId: p.id, startedAt: 4000, kind: 'live' })
    call(s, { scheduledCallId: other.id, prospectId: p.id, startedAt: 500 })
    s.coachComments.add({ callId: first, author: 'Carl', role: 'coach', body: 'Give first' })
    const r1 = s.reviews.add({ callId: first, reviewer: 'Carl', verdict: 'try-again' })
    const r2 = s.reviews.add({ callId: first, reviewer: 'Carl', verdict: 'ready' })

    const attempts = s.rehearsals.listAttempts(sc.id)
    expect(attempts.map((a) => [a.id, a.attempt])).toEqual([
      [first, 1],
      [second, 2],
    ])
    expect(attempts[0]).toMatchObject({ flagCount: 3, flagsByKind: { 'asking-before-giving': 2, 'closing-too-early': 1 }, commentCount: 1, latestReviewId: r2.id, prospectName: 'Dana', segmentCount: 1 })
    expect(r1.id).not.toBe(r2.id)
    expect(attempts[1]).toMatchObject({ flagCount: 1, flagsByKind: { 'slow-hook': 1 }, commentCount: 0, latestReviewId: null })
    expect(s.rehearsals.listAttempts(other.id)).toHaveLength(1)
  })

  it('queues unreviewed attempts newer than the last reviewed one, for calls still to be made', () => {
    const s = store()
    const { p, sc } = setup(s)
    const a1 = call(s, { scheduledCallId: sc.id, prospectId: p.id, startedAt: 1000 })
    const a2 = call(s, { scheduledCallId: sc.id, prospectId: p.id, startedAt: 2000, flags: ['slow-hook'] })
    call(s, { scheduledCallId: sc.id, prospectId: p.id, startedAt: 2500, lines: 0 }) // nothing said: nothing to review
    call(s, { scheduledCallId: null, prospectId: p.id, startedAt: 2600 }) // a script check for no call in particular
    expect(s.rehearsals.listAwaitingReview().map((q) => [q.id, q.attempt, q.flagCount, q.previousVerdict])).toEqual([
      [a1, 1, 0, null],
      [a2, 2, 1, null],
    ])

    s.reviews.add({ callId: a2, reviewer: 'Carl', verdict: 'try-again' })
    // The older unreviewed attempt is superseded by the reviewed newer one.
    expect(s.rehearsals.listAwaitingReview()).toEqual([])

    const a4 = call(s, { scheduledCallId: sc.id, prospectId: p.id, startedAt: 3000 })
    expect(s.rehearsals.listAwaitingReview().map((q) => [q.id, q.attempt, q.previousVerdict])).toEqual([[a4, 4, 'try-again']])

    // Cancelled or done: there is no call left to rehearse for.
    s.scheduledCalls.setStatus(sc.id, 'cancelled')
    expect(s.rehearsals.listAwaitingReview()).toEqual([])
  })
})
