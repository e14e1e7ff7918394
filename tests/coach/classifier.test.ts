/**
 * The utterance classifier on the tricky cases the issue lists, with sentences
 * that are not in the corpus. Each case is also checked lowercased without
 * punctuation, the way Whisper often delivers it.
 */
import { describe, expect, it } from 'vitest'
import { classifyUtterance, normalize, type UtteranceClass } from '../../main/coach'
import { checkModel, classifyFeatures, lexicalCheck } from '../../main/coach/classifier'
import { extractFeatures } from '../../main/coach/features'
import { LEXICAL_BUCKETS, LEXICAL_SCHEME, lexicalBuckets } from '../../main/coach/lexical'
import { WEIGHTS } from '../../main/coach/weights'
import { featuresByClause } from '../../main/coach/coach'
import { UTTERANCE_CLASSES } from '../../main/coach/types'
import { loadCorpus, stripPunctuation } from './corpus-loader'
import { clauseExamples, examples, train } from './tools/train-lib'

function expectClass(cls: UtteranceClass, sentences: string[]): void {
  for (const s of sentences) {
    for (const text of [s, stripPunctuation(s)]) {
      const got = classifyUtterance(text)
      expect({ text, class: got.class }).toEqual({ text, class: cls })
    }
  }
}

describe('classifier: tricky cases', () => {
  it('imperative probes are probes, even without a question mark', () => {
    expectClass('probe', [
      'Walk me through how your team qualifies inbound leads.',
      'Tell me about the tools your dispatchers use every morning.',
      'Help me understand how purchasing decisions get made over there.',
      'Talk me through what happens after a customer cancels.',
      'Give me a sense of how many invoices you process each month.',
    ])
  })

  it('giving phrased as a question ("did you know …") is giving', () => {
    expectClass('give', [
      'Did you know most clinics your size lose about 12 percent of bookings to no-shows?',
      'Have you heard that a bakery chain in Portland cut delivery costs by 18 percent just by batching routes?',
      'Were you aware the new state rebate covers half the cost of heat pumps this year?',
    ])
  })

  it('"do you know what / how many … you …" asks the buyer to disclose: a probe, even with a number in it', () => {
    expectClass('probe', [
      'Do you know roughly how many service calls your techs run in a week?',
      'Do you know what you paid for freight in the first quarter?',
      'Did you know how much your three stores spent on overtime last year?',
    ])
  })

  it('courtesy questions are not probes', () => {
    expectClass('other', [
      'Is now a bad time?',
      'How are you doing today?',
      'Did I catch you in the middle of something?',
      'Can you hear me okay?',
      'Do you have two minutes?',
    ])
  })

  it('permission questions are not probes', () => {
    expectClass('other', [
      'Mind if I share an idea?',
      'Would it be okay if I told you why I called?',
      'Can I ask you a couple of quick questions?',
      'Is it alright if I take thirty seconds to explain?',
    ])
  })

  it('credentials with numbers are not giving', () => {
    expectClass('other', [
      "We've been in business for 30 years and have over 500 clients.",
      'We were voted the number one agency in the region three years in a row.',
      'We have 120 employees and offices in 9 states.',
      "We've worked with companies like Acme and Globex.",
    ])
  })

  it('fillers do not change the class', () => {
    const pairs: [string, UtteranceClass][] = [
      ["So, um, what's your, like, budget for this year?", 'probe'],
      ['Uh, you know, a client of ours, um, cut their fuel bill by like 20 percent.', 'give'],
      ['So, I mean, could we, uh, set up a quick demo on Friday?', 'close'],
    ]
    for (const [s, cls] of pairs) {
      expect(normalize(s).text).not.toMatch(/\b(?:um|uh)\b/)
      expectClass(cls, [s])
    }
  })

  it('Whisper-style text without punctuation or capitals', () => {
    const cases: [string, UtteranceClass][] = [
      ['so how are you guys handling scheduling right now', 'probe'],
      ['a dental office in tampa added about thirty new patients a month after we fixed their reviews', 'give'],
      ['can we get thirty minutes on the calendar next tuesday', 'close'],
      ['hey this is mike from acme how are you', 'other'],
      ['so um who makes the call on software purchases over there', 'probe'],
    ]
    for (const [text, cls] of cases) expect({ text, class: classifyUtterance(text).class }).toEqual({ text, class: cls })
  })

  it('commitment asks are closes, in many shapes', () => {
    expectClass('close', [
      'Are you free Thursday at 2 for a quick demo?',
      "Let's get a call on the books for next week.",
      'Would you be open to a 15-minute walkthrough?',
      'Can I send over the contract today?',
    ])
  })

  it('reports evidence words from the utterance itself', () => {
    const text = "So, um, what's your monthly budget for ads?"
    const c = classifyUtterance(text)
    expect(c.class).toBe('probe')
    expect(c.evidence.length).toBeGreaterThan(0)
    expect(text).toContain(c.evidence)
    expect(c.evidence.toLowerCase()).toContain('budget')
  })

  it('scores are probabilities and empty text is other', () => {
    const c = classifyUtterance('Walk me through your hiring process.')
    const sum = Object.values(c.scores).reduce((a, b) => a + b, 0)
    expect(sum).toBeCloseTo(1, 6)
    expect(c.confidence).toBe(c.scores[c.class])
    expect(classifyUtterance('').class).toBe('other')
    expect(classifyUtterance('   ...  ').class).toBe('other')
  })
})

describe('classifier: lexical features and the weights check', () => {
  const tokens = (s: string) => normalize(s).tokens

  it('hashes words and word pairs into distinct in-range buckets, the same for the same words', () => {
    const a = lexicalBuckets(tokens('walk me through your process'))
    expect(new Set(a).size).toBe(a.length)
    for (const b of a) expect(b >= 0 && b < LEXICAL_BUCKETS && Number.isInteger(b)).toBe(true)
    // five words, five pairs (the first with the clause start): at most ten buckets, and collisions are rare
    expect(a.length).toBeGreaterThanOrEqual(9)
    expect(a.length).toBeLessThanOrEqual(10)
    expect(lexicalBuckets(tokens('Walk me through your process.'))).toEqual(a)
  })

  it('folds digits, skips clause breaks, and marks the clause start', () => {
    expect(lexicalBuckets(tokens('cut costs 12 percent'))).toEqual(lexicalBuckets(tokens('cut costs 40 percent')))
    // a clause break is no word: the text reads as if it were not there
    expect(normalize('thanks. we cut costs').tokens.some((t) => t.t === '|')).toBe(true)
    expect(lexicalBuckets(tokens('thanks. we cut costs'))).toEqual(lexicalBuckets(tokens('thanks we cut costs')))
    // the opening word alone vs inside a clause: the start-marked pair differs
    const open = new Set(lexicalBuckets(tokens('would you')))
    const inside = new Set(lexicalBuckets(tokens('so would you')))
    expect([...open].every((b) => inside.has(b))).toBe(false)
  })

  it('the shipped weights pass the check and a model with other hashing does not', () => {
    expect(() => checkModel(WEIGHTS)).not.toThrow()
    if (!WEIGHTS.lexical) return
    expect(() => checkModel({ ...WEIGHTS, lexical: { ...WEIGHTS.lexical!, scheme: 'something else' } })).toThrow(/lexical/)
    expect(() => checkModel({ ...WEIGHTS, lexical: { ...WEIGHTS.lexical!, check: [...lexicalCheck()].reverse() } })).toThrow(/lexical/)
    expect(() => checkModel({ ...WEIGHTS, lexical: { ...WEIGHTS.lexical!, buckets: 4096 } })).toThrow(/lexical/)
    const rows = WEIGHTS.lexical!.rows
    expect(() => checkModel({ ...WEIGHTS, lexical: { ...WEIGHTS.lexical!, rows: [rows[1]!, rows[0]!, ...rows.slice(2)] } })).toThrow(/malformed/)
  })

  it('lexical weights move the scores: a word the model has learnt decides an otherwise cue-less clause', () => {
    const text = 'zorblax quintessa'
    const f = extractFeatures(text)
    const base = { ...WEIGHTS, lexical: undefined }
    const plain = classifyFeatures(f, text, base)
    const K = WEIGHTS.classes.length
    const close = WEIGHTS.classes.indexOf('close')
    const rows = lexicalBuckets(f.norm.tokens).sort((x, y) => x - y).map((b) => [b, ...Array.from({ length: K }, (_, k) => (k === close ? 3 : 0))])
    const withWords = classifyFeatures(f, text, { ...base, lexical: { scheme: LEXICAL_SCHEME, buckets: LEXICAL_BUCKETS, check: lexicalCheck(), rows } })
    expect(plain.class).not.toBe('close')
    expect(withWords.class).toBe('close')
    expect(withWords.scores.close).toBeGreaterThan(plain.scores.close)
  })
})

describe('classifier training (tests/coach/tools/train-lib.ts)', () => {
  const calls = loadCorpus('tuning').slice(0, 12)
  const data = examples(calls)
  const lineModel = train(data, { iters: 80 })
  const RANK = { give: 1, probe: 2, close: 3, other: 0 } as const

  it('a line cut into clauses keeps its label on one clause, and no clause outranks the label', () => {
    let cut = 0
    for (const call of calls) {
      for (const l of call.lines) {
        const exs = clauseExamples([{ ...call, lines: [l] }], lineModel)
        // as written and without punctuation: the clauses of each variant are consecutive
        for (const text of new Set([l.text, stripPunctuation(l.text)])) {
          const n = featuresByClause(text).filter((f) => f.norm.words > 0).length
          const mine = exs.splice(0, Math.max(1, n))
          const labels = mine.map((e) => UTTERANCE_CLASSES[e.y]!)
          if (mine.length > 1) cut++
          expect(labels).toContain(l.label)
          expect(Math.max(...labels.map((c) => RANK[c]))).toBe(RANK[l.label])
        }
        expect(exs).toEqual([])
      }
    }
    expect(cut).toBeGreaterThan(0)
  })

  it('lexical weights are fitted on top of frozen cue weights: a clause of unseen words scores as under the cues alone', () => {
    const cues = train(data, { lexical: false, iters: 80 })
    const both = train(data, { base: cues, iters: 80 })
    expect(both.weights).toEqual(cues.weights)
    expect(both.bias).toEqual(cues.bias)
    expect(both.lexical!.rows.length).toBeGreaterThan(0)
    const text = 'zorblax quintessa'
    const f = extractFeatures(text)
    expect(classifyFeatures(f, text, both).scores).toEqual(classifyFeatures(f, text, cues).scores)
    // and the words do move a clause made of words the corpus has
    const seen = extractFeatures('walk me through your budget')
    expect(classifyFeatures(seen, '', both).scores).not.toEqual(classifyFeatures(seen, '', cues).scores)
  })
})
