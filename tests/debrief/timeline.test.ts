import { describe, expect, it } from 'vitest'
import { buildTimeline } from '../../main/debrief/timeline'

describe('debrief timeline', () => {
  it('spreads talk over fixed bins and keeps flag markers', () => {
    const t = buildTimeline(
      [
        { startMs: 0, endMs: 10_000, text: 'a', status: 'done' },
        { startMs: 15_000, endMs: 25_000, text: 'b', status: 'done' }, // straddles bins 1 and 2
        { startMs: 30_000, endMs: 35_000, text: '', status: 'failed' }, // not transcribed: still talk
        { startMs: 35_000, endMs: 35_000, text: '', status: 'done' }, // a typed line without words: nothing said
      ],
      [{ atMs: 25_000, kind: 'asking-before-giving', dismissedAt: 7 }],
      40_000,
      4,
    )
    expect(t.durationMs).toBe(40_000)
    expect(t.binMs).toBe(10_000)
    expect(t.talk).toEqual([1, 0.5, 0.5, 0.5])
    expect(t.flags).toEqual([{ atMs: 25_000, kind: 'asking-before-giving', dismissed: true }])
  })

  it('stretches to the last segment when the call length is unknown or shorter, and never divides by zero', () => {
    const t = buildTimeline([{ startMs: 0, endMs: 20_000, text: 'x', status: 'done' }], [], 0, 2)
    expect(t.durationMs).toBe(20_000)
    expect(t.talk).toEqual([1, 1])
    const empty = buildTimeline([], [], 0, 3)
    expect(empty.talk).toEqual([0, 0, 0])
    expect(empty.durationMs).toBe(1)
  })

  it('the chart stays 60 bins for a two-hour call', () => {
    const segments = Array.from({ length: 1800 }, (_, i) => ({ startMs: i * 4000, endMs: i * 4000 + 3000, text: 'w', status: 'done' as const }))
    const t = buildTimeline(segments, [], 7_200_000)
    expect(t.talk).toHaveLength(60)
    for (const share of t.talk) expect(share).toBeCloseTo(0.75, 2)
  })
})
