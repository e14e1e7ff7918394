/**
 * The coach engine: flag rules, incremental == batch on every corpus call,
 * timing-based flags, prompts and explanations.
 */
import { describe, expect, it } from 'vitest'
import {
  analyzeCall,
  createCoach,
  DEFAULT_OPTIONS,
  FLAG_KINDS,
  PROMPT_MAX_LENGTH,
  PROMPTS,
  type CoachSegment,
  type Flag,
} from '../../main/coach'
import { loadCorpus, stripPunctuation } from './corpus-loader'
import { kinds } from './reading-helpers'

const seg = (text: string, startMs?: number, endMs?: number): CoachSegment => ({ text, startMs, endMs })

const GIVE = 'A dental group in Austin cut their no-shows by 30 percent after switching to text reminders.'
const PROBE = "What's your budget for patient marketing this year?"
const CLOSE = 'Could we set up 20 minutes on Thursday to walk through a plan?'
const OTHER = 'Hi Dr. Lee, this is Sam from BrightSmile.'

describe('asking-before-giving', () => {
  it('flags every probe before the first give, and none after it', () => {
    const r = analyzeCall([seg(OTHER), seg(PROBE), seg('How many new patients do you see a month?'), seg(GIVE), seg('Who handles your website today?')])
    expect(r.classifications.map((c) => c.class)).toEqual(['other', 'probe', 'probe', 'give', 'probe'])
    expect(kinds(r.flags)).toEqual(['1:asking-before-giving', '2:asking-before-giving'])
  })

  it('does not fire when the rep gives first', () => {
    const r = analyzeCall([seg(OTHER), seg(GIVE), seg(PROBE), seg('Walk me through how patients book today.')])
    expect(r.flags.filter((f) => f.kind === 'asking-before-giving')).toEqual([])
  })

  it('carries evidence from the utterance, a short action prompt and a debrief with what to do instead', () => {
    const [flag] = analyzeCall([seg(PROBE)]).flags
    expect(flag?.kind).toBe('asking-before-giving')
    expect(PROBE).toContain(flag!.evidence)
    expect(flag!.evidence.toLowerCase()).toContain('budget')
    expect(flag!.prompt.length).toBeLessThanOrEqual(PROMPT_MAX_LENGTH)
    expect(flag!.explanation).toContain(flag!.evidence)
    expect(flag!.explanation).toMatch(/Instead:/)
  })
})

describe('closing-too-early', () => {
  it('flags a close before any give', () => {
    const r = analyzeCall([seg(OTHER), seg(PROBE), seg(CLOSE)])
    expect(kinds(r.flags)).toContain('2:closing-too-early')
    expect(r.flags.find((f) => f.kind === 'closing-too-early')?.prompt).toBe(PROMPTS['closing-too-early/no-give'])
  })

  it('flags a close after giving but before any probe', () => {
    const r = analyzeCall([seg(OTHER), seg(GIVE), seg(CLOSE), seg(PROBE), seg(CLOSE)])
    expect(kinds(r.flags)).toEqual(['2:closing-too-early'])
    expect(r.flags[0]?.prompt).toBe(PROMPTS['closing-too-early/no-probe'])
  })

  it('does not flag a next-step ask after giving and probing', () => {
    const r = analyzeCall([seg(GIVE), seg(PROBE), seg(CLOSE)])
    expect(r.flags).toEqual([])
  })

  it('uses the general prompt when neither happened', () => {
    const r = analyzeCall([seg(CLOSE)])
    expect(r.flags.map((f) => f.prompt)).toEqual([PROMPTS['closing-too-early']])
  })
})

describe('empty-check-in and credentials-not-value', () => {
  it('flags an empty follow-up and quotes the check-in words', () => {
    const r = analyzeCall([seg('Hey Ana, just checking in to see if you got my email.')])
    const f = r.flags.find((x) => x.kind === 'empty-check-in')
    expect(f?.evidence.toLowerCase()).toContain('checking in')
  })

  it('does not flag a follow-up that brings something useful', () => {
    const r = analyzeCall([seg('Just following up on my email: a clinic near you cut no-shows by 30 percent with text reminders last month.')])
    expect(r.classifications[0]?.class).toBe('give')
    expect(r.flags.filter((f) => f.kind === 'empty-check-in')).toEqual([])
  })

  it('flags name-dropping and awards, not client results', () => {
    const r = analyzeCall([
      seg("We've worked with Acme, Globex and Initech, and we were voted best agency of the year."),
      seg('We helped Globex cut their ad spend by 22 percent in one quarter.'),
    ])
    expect(kinds(r.flags)).toEqual(['0:credentials-not-value'])
  })
})

describe('talking-too-long and slow-hook', () => {
  // 12 segments of ~6 s with 0.5 s gaps: one 71.5 s stretch of speech
  const monologue = Array.from({ length: 12 }, (_, i) => seg(OTHER, i * 6500, i * 6500 + 6000))

  it(`flags a monologue once, where it passes ${DEFAULT_OPTIONS.monologueMs / 1000} s`, () => {
    const r = analyzeCall(monologue)
    const t = r.flags.filter((f) => f.kind === 'talking-too-long')
    expect(t.map((f) => f.segmentIndex)).toEqual([9]) // ends at 64.5 s, the first past 60 s
    expect(t[0]?.explanation).toMatch(/about 6\d seconds/)
  })

  it('a pause long enough for the buyer resets the stretch', () => {
    const withPauses = monologue.map((s, i) => seg(s.text, (s.startMs as number) + (i >= 6 ? 3000 : 0), (s.endMs as number) + (i >= 6 ? 3000 : 0)))
    expect(analyzeCall(withPauses).flags.filter((f) => f.kind === 'talking-too-long')).toEqual([])
    expect(analyzeCall(withPauses, { turnGapMs: 4000 }).flags.filter((f) => f.kind === 'talking-too-long')).toHaveLength(1)
  })

  it('estimates talk time from the words when a segment has no times', () => {
    const long = Array.from({ length: 170 }, () => 'word').join(' ')
    expect(analyzeCall([seg(long)]).flags.map((f) => f.kind)).toContain('talking-too-long')
    expect(analyzeCall([seg(OTHER)]).flags).toEqual([])
  })

  it('flags a slow hook when nothing is given in the first 30 s, but not when the rep gives early', () => {
    const slow = [seg(OTHER, 0, 5000), seg('I wanted to tell you a bit about our company.', 9000, 16000), seg('We are based in Denver.', 24000, 32000), seg(GIVE, 40000, 48000)]
    expect(kinds(analyzeCall(slow).flags)).toContain('2:slow-hook')
    const fast = [seg(OTHER, 0, 5000), seg(GIVE, 6000, 14000), seg('We are based in Denver.', 24000, 40000)]
    expect(analyzeCall(fast).flags.filter((f) => f.kind === 'slow-hook')).toEqual([])
  })

  it('rejects nonsense options', () => {
    expect(() => createCoach({ monologueMs: 0 })).toThrow(RangeError)
    expect(() => analyzeCall([], { turnGapMs: Number.NaN })).toThrow(RangeError)
  })
})

describe('incremental analysis equals batch analysis', () => {
  const calls = loadCorpus()

  function timed(texts: string[]): CoachSegment[] {
    // alternate short and long gaps so stretches, resets and the slow hook all occur
    let t = 0
    return texts.map((text, i) => {
      const dur = Math.min(20_000, text.split(/\s+/).length * 420)
      const s = seg(text, t, t + dur)
      t += dur + (i % 3 === 0 ? 400 : 2500)
      return s
    })
  }

  it.each(calls.map((c) => [c.part + '/' + c.id, c] as const))('%s', (_, call) => {
    for (const texts of [call.lines.map((l) => l.text), call.lines.map((l) => stripPunctuation(l.text))]) {
      for (const segments of [texts.map((t) => seg(t)), timed(texts)]) {
        const batch = analyzeCall(segments, { monologueMs: 20_000 })
        const coach = createCoach({ monologueMs: 20_000 })
        const pushed: Flag[] = []
        for (const s of segments) pushed.push(...coach.push(s))
        expect(pushed).toEqual(batch.flags)
        expect(coach.flags()).toEqual(batch.flags)
        expect(coach.classifications()).toEqual(batch.classifications)
      }
    }
  })

  it('the comparison is not vacuous: the corpus raises every kind of flag', () => {
    const seen = new Set<string>()
    for (const call of calls) {
      for (const f of analyzeCall(timed(call.lines.map((l) => l.text)), { monologueMs: 20_000 }).flags) seen.add(f.kind)
    }
    expect([...seen].sort()).toEqual([...FLAG_KINDS].sort())
  })
})

describe('the live coach', () => {
  it('push returns only the new flags, flags() all of them, and reset starts a new call', () => {
    const coach = createCoach()
    expect(coach.push(seg(OTHER))).toEqual([])
    const first = coach.push(seg(PROBE))
    expect(first.map((f) => f.kind)).toEqual(['asking-before-giving'])
    expect(coach.push(seg(GIVE))).toEqual([])
    expect(coach.push(seg(PROBE))).toEqual([])
    expect(coach.flags()).toEqual(first)
    expect(coach.classifications().map((c) => c.segmentIndex)).toEqual([0, 1, 2, 3])
    // One segment's reading, the same as in the full list.
    expect(coach.classification(2)).toEqual(coach.classifications()[2])
    expect(coach.classification(2)!.class).toBe('give')
    expect(coach.classification(4)).toBeUndefined()
    coach.reset()
    expect(coach.flags()).toEqual([])
    expect(coach.push(seg(PROBE)).map((f) => f.segmentIndex)).toEqual([0])
  })

  it('returned lists are copies', () => {
    const coach = createCoach()
    coach.push(seg(PROBE))
    coach.flags().pop()
    coach.classifications().pop()
    expect(coach.flags()).toHaveLength(1)
    expect(coach.classifications()).toHaveLength(1)
  })
})

describe('prompts', () => {
  it(`every prompt is at most ${PROMPT_MAX_LENGTH} characters, one line, an action`, () => {
    for (const p of Object.values(PROMPTS)) {
      expect(p.length, p).toBeLessThanOrEqual(PROMPT_MAX_LENGTH)
      expect(p).not.toMatch(/\n/)
      expect(p.length).toBeGreaterThan(10)
    }
  })

  it('every flag raised on the corpus has a short prompt and an explanation with what to do instead', () => {
    let n = 0
    for (const call of loadCorpus()) {
      for (const f of analyzeCall(call.lines.map((l) => seg(l.text))).flags) {
        n++
        expect(f.prompt.length).toBeLessThanOrEqual(PROMPT_MAX_LENGTH)
        expect(f.explanation).toMatch(/Instead:/)
        expect(f.evidence.length).toBeGreaterThan(0)
        // a clause may run on from the line before (no full stop between them): evidence is verbatim transcript
        const i = f.segmentIndex
        expect([call.lines[i - 1]?.text, call.lines[i]!.text].filter(Boolean).join(' ')).toContain(f.evidence)
      }
    }
    expect(n).toBeGreaterThan(100)
  })
})
