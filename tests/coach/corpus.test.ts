/**
 * The labeled corpus: size and coverage, and the accuracy bar the issue sets
 * (F1 >= 0.90 on the held-out part for both required kinds, as written and
 * without punctuation). The held-out part is never used to tune.
 */
import { describe, expect, it } from 'vitest'
import { expectedFlags, loadCorpus, parseCorpusFile, stripPunctuation } from './corpus-loader'
import { scoreCalls, VARIANTS } from './scoring'

describe('corpus', () => {
  const all = loadCorpus()
  const tuning = loadCorpus('tuning')
  const heldOut = loadCorpus('held-out')

  it('has at least 40 calls and 400 labeled utterances, in two parts', () => {
    expect(all.length).toBeGreaterThanOrEqual(40)
    expect(all.reduce((n, c) => n + c.lines.length, 0)).toBeGreaterThanOrEqual(400)
    expect(tuning.length).toBeGreaterThan(0)
    expect(heldOut.length).toBeGreaterThanOrEqual(15)
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length)
  })

  it('covers many industries, every label, and calls with and without each required flag', () => {
    expect(new Set(all.map((c) => c.industry)).size).toBeGreaterThanOrEqual(40)
    for (const part of [tuning, heldOut]) {
      const labels = new Set(part.flatMap((c) => c.lines.map((l) => l.label)))
      expect([...labels].sort()).toEqual(['close', 'give', 'other', 'probe'])
      for (const kind of ['asking-before-giving', 'closing-too-early'] as const) {
        const withKind = part.filter((c) => expectedFlags(c.lines).some((f) => f.kind === kind)).length
        expect(withKind).toBeGreaterThan(0)
        expect(withKind).toBeLessThan(part.length)
      }
    }
  })

  it('has Whisper-style calls (lowercase, no punctuation) in both parts', () => {
    for (const part of [tuning, heldOut]) {
      const whisper = part.filter((c) => c.lines.filter((l) => l.text === stripPunctuation(l.text)).length >= c.lines.length / 2)
      expect(whisper.length).toBeGreaterThanOrEqual(2)
    }
  })

  it('derives expected flags from labels by the rule definitions', () => {
    const call = parseCorpusFile(
      ['# industry: test', 'other\thi', 'probe\tq1', 'close\tc1', 'give\tg1', 'close\tc2', 'probe\tq2', 'close\tc3', 'other+checkin\tjust checking in', 'other+cred\tvoted best'].join('\n'),
      'x.txt',
      'tuning',
    )
    expect(expectedFlags(call.lines)).toEqual([
      { kind: 'asking-before-giving', index: 1 },
      { kind: 'closing-too-early', index: 2 },
      { kind: 'empty-check-in', index: 7 },
      { kind: 'credentials-not-value', index: 8 },
    ])
    expect(() => parseCorpusFile('maybe\ttext', 'y.txt', 'tuning')).toThrow(/bad label/)
  })

  describe.each(VARIANTS)('held-out part, %s', (variant) => {
    const s = scoreCalls(heldOut, variant)
    it('F1 >= 0.90 for asking-before-giving and closing-too-early', () => {
      expect(s.flags['asking-before-giving']!.f1).toBeGreaterThanOrEqual(0.9)
      expect(s.flags['closing-too-early']!.f1).toBeGreaterThanOrEqual(0.9)
    })
    it('utterance accuracy >= 0.90', () => {
      expect(s.accuracy).toBeGreaterThanOrEqual(0.9)
    })
  })
})
