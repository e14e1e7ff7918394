import { describe, expect, it } from 'vitest'
import { computeFigures, findMilestones, speechStretches, spokenSpan, spokenSpans, type FigureSegment } from '../../main/debrief/figures'

const seg = (startMs: number, endMs: number, text: string, status: FigureSegment['status'] = 'done'): FigureSegment => ({ startMs, endMs, text, status })

const HELLO = "Hi Dana, it's Sam from Brightline Mobile."
const PROBE_1 = 'What kind of mobile campaigns are you running right now?'
const PROBE_2 = "What's your budget for this next quarter?"
const GIVE = 'A client in your market added $20k of new revenue in six weeks by texting past customers.'
const CLOSE = 'Can we set up a time for a demo next week?'

describe('debrief figures', () => {
  it('counts probes before the first give and times the first give and first commitment ask (real classifier)', () => {
    const segments = [
      seg(0, 3000, HELLO),
      seg(4000, 7000, PROBE_1),
      seg(10_000, 13_000, PROBE_2),
      seg(20_000, 26_000, GIVE),
      seg(27_000, 30_000, PROBE_1), // after the give: not counted
      seg(40_000, 43_000, CLOSE),
    ]
    const f = computeFigures(segments, [])
    expect(f.probesBeforeFirstGive).toBe(2)
    expect(f.firstGiveMs).toBe(20_000)
    expect(f.firstCommitmentAskMs).toBe(40_000)
  })

  it('a call that never gives: every probe counts and the milestones are null', () => {
    const f = computeFigures([seg(0, 2000, PROBE_1), seg(5000, 7000, PROBE_2)], [])
    expect(f).toMatchObject({ probesBeforeFirstGive: 2, firstGiveMs: null, firstCommitmentAskMs: null })
  })

  it('milestones skip lines without words and failed ones, like the coach; talk time counts all speech, as the live meter does', () => {
    const f = computeFigures([seg(0, 2000, PROBE_1, 'failed'), seg(3000, 4000, '', 'done'), seg(5000, 9000, GIVE)], [])
    expect(f.probesBeforeFirstGive).toBe(0)
    expect(f.firstGiveMs).toBe(5000)
    // Not transcribed (no model then) or no words recognised: the rep was still talking.
    expect(f.talkMs).toBe(2000 + 1000 + 4000)
  })

  it('stops classifying once both milestones are known', () => {
    const classes = ['probe', 'give', 'close', 'probe', 'probe', 'probe'] as const
    let calls = 0
    const m = findMilestones(
      classes.map((_, i) => seg(i * 1000, i * 1000 + 500, `line ${i}`)),
      (text) => {
        calls++
        return classes[Number(text.split(' ')[1])]!
      },
    )
    expect(m).toEqual({ probesBeforeFirstGive: 1, firstGiveMs: 1000, firstCommitmentAskMs: 2000 })
    expect(calls).toBe(3)
  })

  it('uses the class the live coach stored and classifies only segments without one', () => {
    const seen: string[] = []
    const m = findMilestones(
      [
        { ...seg(0, 500, 'stored probe'), utteranceClass: 'probe' },
        { ...seg(1000, 1500, 'never classified'), utteranceClass: null },
        { ...seg(2000, 2500, 'stored close'), utteranceClass: 'close' },
      ],
      (text) => {
        seen.push(text)
        return 'give'
      },
    )
    expect(seen).toEqual(['never classified'])
    expect(m).toEqual({ probesBeforeFirstGive: 1, firstGiveMs: 1000, firstCommitmentAskMs: 2000 })
  })

  it('talk time and the longest monologue join segments closer than the 2 s turn gap', () => {
    const segments = [
      seg(0, 10_000, 'a'),
      seg(11_000, 30_000, 'b'), // 1 s gap: same stretch 0–30 s
      seg(33_000, 40_000, 'c'), // 3 s gap: new stretch
      seg(60_000, 100_000, 'd'), // 40 s alone
    ]
    expect(speechStretches(segments)).toEqual([
      { startMs: 0, endMs: 30_000 },
      { startMs: 33_000, endMs: 40_000 },
      { startMs: 60_000, endMs: 100_000 },
    ])
    const f = computeFigures(segments, [])
    expect(f.talkMs).toBe(10_000 + 19_000 + 7_000 + 40_000)
    expect(f.longestMonologueMs).toBe(40_000)
    expect(f.longestMonologueAtMs).toBe(60_000)
  })

  it('typed practice lines (stored at one instant) get a speaking time from their word count', () => {
    expect(spokenSpan({ startMs: 1000, endMs: 1000, text: 'one two three four five' })).toEqual({ startMs: 1000, endMs: 3000 })
    expect(computeFigures([seg(0, 0, 'one two three')], []).talkMs).toBe(1200)
  })

  it('typed lines entered together are laid end to end, and overlapping speech counts once', () => {
    const five = 'one two three four five'
    expect(spokenSpans([seg(1000, 1000, five), seg(1000, 1000, five), seg(1500, 1500, five)])).toEqual([
      { startMs: 1000, endMs: 3000 },
      { startMs: 3000, endMs: 5000 },
      { startMs: 5000, endMs: 7000 },
    ])
    expect(computeFigures([seg(1000, 1000, five), seg(1000, 1000, five)], []).talkMs).toBe(4000)
    expect(computeFigures([seg(0, 10_000, 'a'), seg(5000, 12_000, 'b')], []).talkMs).toBe(12_000)
  })

  it('counts flags by kind and the prompts dismissed as not relevant', () => {
    const f = computeFigures([], [
      { kind: 'asking-before-giving', atMs: 1, dismissedAt: null },
      { kind: 'asking-before-giving', atMs: 2, dismissedAt: 5 },
      { kind: 'closing-too-early', atMs: 3, dismissedAt: 6 },
    ])
    expect(f.flagCount).toBe(3)
    expect(f.flagsByKind).toEqual({ 'asking-before-giving': 2, 'closing-too-early': 1 })
    expect(f.promptsDismissed).toBe(2)
    expect(f.talkMs).toBe(0)
    expect(f.longestMonologueAtMs).toBeNull()
  })
})
