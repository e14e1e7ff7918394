/** Normalisation and cue features: what the classifier sees. */
import { describe, expect, it } from 'vitest'
import { normalize } from '../../main/coach'
import { extractFeatures, FEATURE_NAMES } from '../../main/coach/features'
import { featuresAsOneClause } from '../../main/coach/coach'
import { loadCorpus, stripPunctuation } from './corpus-loader'

describe('normalize', () => {
  it('expands contractions with or without the apostrophe', () => {
    expect(normalize("What's your plan? We're here, you're there, I'd like that.").text).toBe(
      'what is your plan | we are here you are there i would like that',
    )
    expect(normalize('whats your plan youre there id like that dont worry').text).toBe(
      'what is your plan you are there i would like that do not worry',
    )
  })

  it('removes fillers but keeps "did you know", "like" as a verb and "companies like yours"', () => {
    expect(normalize('So, um, uh, you know, what is, like, the budget?').text).toBe('so what is the budget')
    expect(normalize('Did you know that most clinics like yours would like this?').text).toBe(
      'did you know that most clinics like yours would like this',
    )
    expect(normalize('i mean basically we cut it by like half').text).toBe('we cut it by half')
  })

  it('maps symbols and numbers, and marks clause breaks and question marks', () => {
    const n = normalize('We saved $12,500 (40%) for #1 Acme & Co. Really?')
    expect(n.text).toBe('we saved dollars 12500 40 percent for number 1 acme and co | really')
    expect(n.question).toBe(true)
    expect(normalize('really').question).toBe(false)
  })

  it('keeps the original span of every token', () => {
    const text = "So, um, what's your budget?"
    const n = normalize(text)
    const budget = n.tokens.find((t) => t.t === 'budget')!
    expect(text.slice(budget.s, budget.e)).toBe('budget')
    const what = n.tokens.find((t) => t.t === 'what')!
    expect(text.slice(what.s, what.e)).toBe("what's")
  })

  it('counts spoken words including fillers', () => {
    expect(normalize('um so uh yes').spokenWords).toBe(4)
    expect(normalize('um so uh yes').words).toBe(2)
  })
})

describe('features', () => {
  it('the prefilter never changes a feature (whole corpus, as written, stripped, uppercased)', () => {
    let checked = 0
    for (const line of loadCorpus().flatMap((c) => c.lines)) {
      for (const t of [line.text, stripPunctuation(line.text), line.text.toUpperCase()]) {
        const fast = extractFeatures(t)
        const full = extractFeatures(t, { prefilter: false })
        expect([...fast.x], t).toEqual([...full.x])
        checked++
      }
    }
    expect(checked).toBeGreaterThan(1200)
  })

  it('question structure does not depend on the question mark', () => {
    for (const t of ['What tools are you using?', 'what tools are you using', 'and how do you track that today']) {
      const f = extractFeatures(t)
      expect(f.x[FEATURE_NAMES.indexOf('x.question')], t).toBe(1)
    }
    expect(extractFeatures('We cut costs by half.').x[FEATURE_NAMES.indexOf('x.question')]).toBe(0)
  })

  it('every feature fires somewhere in the training corpus (no dead features)', () => {
    const fired = new Set<string>()
    for (const line of ['tuning', 'w1', 'w2'].flatMap((p) => loadCorpus(p as 'tuning')).flatMap((c) => c.lines)) {
      const f = featuresAsOneClause(line.text)
      f.x.forEach((v, i) => v && fired.add(FEATURE_NAMES[i]!))
    }
    expect(FEATURE_NAMES.filter((n) => !fired.has(n))).toEqual([])
  })
})
