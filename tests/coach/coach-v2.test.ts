/**
 * Coach v2: clause splitting, the failure patterns of issue 11 (in our own
 * words), the new flags, peek(), and confidence / tier. Each case is also run
 * lowercased without punctuation, or cut into pieces, where that is the point.
 */
import { describe, expect, it } from 'vitest'
import { analyzeCall, classifyUtterance, createCoach, CONFIDENT_AT, normalize, splitClauses, type Flag } from '../../main/coach'
import { stripPunctuation } from './corpus-loader'
import { both, classOf, kinds } from './reading-helpers'
import { pieces } from './scoring'

const clauses = (text: string): string[] => {
  const toks = normalize(text).tokens
  return splitClauses(toks).map(([a, b]) => toks.slice(a, b).map((t) => t.t).join(' '))
}

describe('clause splitting', () => {
  it('cuts one breath into its jobs without punctuation', () => {
    expect(clauses('hi this is dana from brightpath a bakery near you cut its waste by a third can we meet tuesday')).toEqual([
      'hi this is dana from brightpath a bakery near you cut its waste by a third',
      'can we meet tuesday',
    ])
    expect(clauses('we have run crews for twenty years and we would love to come by on friday')).toEqual([
      'we have run crews for twenty years',
      'and we would love to come by on friday',
    ])
  })

  it('keeps embedded questions, tag questions, relative clauses and conditionals whole', () => {
    expect(clauses('tell me how you schedule the night shift')).toHaveLength(1)
    expect(clauses('you run nine vans out of two depots is that right')).toHaveLength(1)
    expect(clauses('we help clinics who are tired of no shows')).toHaveLength(1)
    expect(clauses('if we could cut your fuel bill would you be open to a short call')).toHaveLength(1)
    expect(clauses('how many orders do you ship a week')).toHaveLength(1)
  })
})

describe('the failure patterns of issue 11', () => {
  it('soft and statement-form closes are closes', () => {
    for (const s of [
      "I was hoping to find a time next week to go over your renewal.",
      "We'd like to get together with your team sometime soon.",
      'I wanted to see if you would be open to a short call on Friday.',
      'Give me a call back when you have a moment.',
      'I can get that first shipment scheduled for you today.',
      'If we could show you a way to trim that invoice, would you be interested?',
    ]) for (const t of both(s)) expect({ t, c: classOf(t) }).toEqual({ t, c: 'close' })
  })

  it('a long credentials ramble is not a give because it is long, and its meeting ask is still seen', () => {
    const ramble = 'So we are a family owned outfit and we have been around for almost thirty years and we do commercial and residential and ' +
      'we have offices in four states and honestly we have a great team and we would love to come by and show you what we do'
    const r = analyzeCall([{ text: ramble }])
    expect(r.classifications[0]!.class).toBe('close')
    expect(kinds(r.flags)).toContain('0:closing-too-early')
    // nothing was given, so a later probe is still asking before giving
    const r2 = analyzeCall([{ text: ramble }, { text: 'How many trucks are you running right now?' }])
    expect(kinds(r2.flags)).toContain('1:asking-before-giving')
  })

  it('non-probing questions do not raise "give first"', () => {
    for (const s of ['Did you get my email from last week?', 'Could I speak with the office manager, please?', 'Sorry, what was your name again?', 'How are you doing today?']) {
      for (const t of both(s)) expect(analyzeCall([{ text: t }]).flags.filter((f) => f.kind === 'asking-before-giving'), t).toEqual([])
    }
  })

  it('statement and imperative probes are probes', () => {
    for (const s of [
      'We need to confirm the model number of your current printer.',
      'I understand you run a fleet of delivery vans, is that correct?',
      'Walk me through how your crews get their jobs each morning.',
    ]) for (const t of both(s)) expect({ t, c: classOf(t) }).toEqual({ t, c: 'probe' })
  })

  it('a line that gives and then closes does both, in order', () => {
    const r = analyzeCall([{ text: 'A clinic near you cut its no-shows by 30 percent with text reminders. Can we set up a demo Thursday?' }])
    const cte = r.flags.filter((f) => f.kind === 'closing-too-early')
    // it gave first, but learned nothing: still early, for the other reason
    expect(cte).toHaveLength(1)
    expect(cte[0]!.evidence.toLowerCase()).toContain('demo')
    expect(r.flags.filter((f) => f.kind === 'asking-before-giving')).toEqual([])
  })

  it('a close cut into Whisper-sized pieces is still found, on the piece that completes it', () => {
    const line = 'i was hoping to set up a time to talk about your fleet next week'
    const coach = createCoach()
    const raised = pieces(line).map((p) => coach.push({ text: p }))
    expect(raised.flat().map((f) => f.kind)).toContain('closing-too-early')
    expect(raised.flat().filter((f) => f.kind === 'closing-too-early')).toHaveLength(1)
  })
})

describe('new flags', () => {
  it('jargon: the rep’s buzzwords, quoted', () => {
    const [f] = analyzeCall([{ text: 'Our omnichannel platform unlocks real synergy across your funnel.' }]).flags.filter((x) => x.kind === 'jargon')
    expect(f?.evidence.toLowerCase()).toContain('omnichannel')
    expect(analyzeCall([{ text: 'We fix leaky roofs before the rain season.' }]).flags.filter((x) => x.kind === 'jargon')).toEqual([])
  })

  it('features-not-results: a feature list with no outcome, but not when the result is there', () => {
    const list = 'Our app has a dashboard, alerts, GPS tracking and a customer portal.'
    expect(analyzeCall([{ text: list }]).flags.map((f) => f.kind)).toContain('features-not-results')
    const withResult = 'Our app has a dashboard and alerts, and a shop like yours cut its overtime by 20 percent with it.'
    expect(analyzeCall([{ text: withResult }]).flags.map((f) => f.kind)).not.toContain('features-not-results')
  })

  it('no-escape-path: pressure with no way out, not when an out is offered', () => {
    const hard = "I'll go ahead and put you down for Tuesday at ten."
    expect(analyzeCall([{ text: hard }]).flags.map((f) => f.kind)).toContain('no-escape-path')
    const soft = "I'll go ahead and put you down for Tuesday at ten, and if it's not a fit, no pressure at all."
    expect(analyzeCall([{ text: soft }]).flags.map((f) => f.kind)).not.toContain('no-escape-path')
  })
})

describe('peek', () => {
  it('returns what push would raise, and changes nothing', () => {
    const coach = createCoach()
    coach.push({ text: 'Hi, this is Sam from Northline.' })
    const before = { flags: coach.flags(), classes: coach.classifications() }
    const peeked = coach.peek({ text: "What's your budget for this year?" })
    expect(peeked.map((f) => f.kind)).toEqual(['asking-before-giving'])
    expect(coach.flags()).toEqual(before.flags)
    expect(coach.classifications()).toEqual(before.classes)
    // the same segment pushed for real raises the same flags
    expect(coach.push({ text: "What's your budget for this year?" })).toEqual(peeked)
  })

  it('leaves an open clause as it was', () => {
    const a = createCoach()
    const b = createCoach()
    for (const c of [a, b]) c.push({ text: 'i was hoping to set' })
    a.peek({ text: 'aside completely unrelated words' })
    expect(a.push({ text: 'up a time next week' })).toEqual(b.push({ text: 'up a time next week' }))
  })
})

describe('confidence and tier', () => {
  it('every flag has a confidence in 0..1 and a tier that follows the threshold', () => {
    const r = analyzeCall([
      { text: 'How many trucks do you run?' },
      { text: 'Could we set up a demo on Friday?' },
      { text: 'Our omnichannel platform unlocks synergy.' },
    ])
    expect(r.flags.length).toBeGreaterThan(2)
    for (const f of r.flags) {
      expect(f.confidence).toBeGreaterThanOrEqual(0)
      expect(f.confidence).toBeLessThanOrEqual(1)
      expect(f.tier).toBe(f.confidence >= CONFIDENT_AT ? 'confident' : 'possible')
    }
  })

  it('the threshold is an option: at 1 nothing learned is confident', () => {
    const r = analyzeCall([{ text: 'How many trucks do you run?' }], { confidentAt: 1 })
    expect(r.flags[0]!.tier).toBe('possible')
    expect(() => analyzeCall([], { confidentAt: 1.5 })).toThrow(RangeError)
  })
})

describe('one flag per clause across pieces', () => {
  it('does not raise a kind again for the rest of a clause the segment rule already covered', () => {
    // Two assumptive closes in the first piece: one closing-too-early and one no-escape-path flag for that
    // piece. The second close is still open ("…over for") and finishes in the next piece: the same clause,
    // already covered by the first piece's flags, so nothing new there.
    const cut = [{ text: 'i will put you down for tuesday and i will send the contract over for' }, { text: 'you to sign' }]
    expect(kinds(analyzeCall(cut).flags)).toEqual(['0:closing-too-early', '0:no-escape-path'])
  })
})
