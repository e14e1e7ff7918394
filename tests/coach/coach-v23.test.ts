/**
 * Coach v2.3 readings, each found on the w1 / w2 corpus's misses (tests/coach/tools/flag-misses.ts) and written here in
 * our own words: questions that route the call or keep it civil, echo questions, the pick between offered times, asking
 * for what completes the deal, and offering to send someone round. Each case runs as written and lowercased without
 * punctuation.
 */
import { describe, expect, it } from 'vitest'
import { analyzeCall } from '../../main/coach'
import { expectedFlags, parseCorpusFile, stripPunctuation } from './corpus-loader'
import { both, classOf, kinds } from './reading-helpers'

const plain = (s: string): string => s

describe('routing and civil questions are not probes', () => {
  it('asking who to talk to, passing a number on, or when to reach someone else asks nothing about the business', () => {
    for (const s of [
      'Got it. Who would be the best person to speak to about the fleet, then?',
      'Okay, so the office manager handles that. Could you tell me who that is?',
      'Perfect, and could you pass my name along to her?',
      'Sure. What’s the best way to reach him?',
      'No worries. Is there a better time to catch you?',
    ]) for (const t of both(s)) expect(classOf(t), t).toBe('other')
  })

  it('an inbound greeting, a how-is-your-day and a time check are courtesy', () => {
    for (const s of [
      'Thanks for calling Harbor Plumbing, this is Nina. How can I help you today?',
      'Thanks for calling, this is Raj. What can I help you with?',
      'Hi Lena, it’s Tom with Keystone, how’s your week been so far?',
      'Hi Priya, this is Omar with Tallgrass Payroll. Is now all right for a minute?',
    ]) for (const t of both(s)) expect(classOf(t), t).toBe('other')
  })

  it('questions about who decides or how the buyer works stay probes', () => {
    for (const s of [
      'Who handles the purchasing for your three stores?',
      'How is your team tracking overtime right now?',
      'How’s your week going? What are you using for payroll right now?',
    ]) for (const t of both(s)) expect(classOf(t), t).toBe('probe')
  })

  it('a routing question before anything was given raises no asking-before-giving', () => {
    for (const v of [plain, stripPunctuation]) {
      const call = ['Hi, this is Omar with Tallgrass Payroll.', 'Oh, she’s out today? Who would be the right person to talk to about payroll, then?'].map((text) => ({ text: v(text) }))
      expect(kinds(analyzeCall(call).flags)).toEqual([])
    }
  })
})

describe('an echo of the buyer is not a probe', () => {
  it('the buyer’s words repeated as a question and acknowledged at once', () => {
    for (const s of [
      'You’d rather wait for the new budget? Sure.',
      'Your partner signs off on it? Okay.',
      'Oh, you already have a vendor? No problem.',
      'Sorry, what was that? You’re moving offices in May?',
      'sorry, what’s that? you’re at the airport? oh, okay',
    ]) for (const t of both(s)) expect(classOf(t), t).toBe('other')
  })

  it('a question in statement form that waits for the answer stays a probe', () => {
    for (const s of ['You’re the owner of the building, correct?', 'So you’re still on the paper logs, right?']) {
      for (const t of both(s)) expect(classOf(t), t).toBe('probe')
    }
  })

  it('so an echo early in the call raises no asking-before-giving flag', () => {
    for (const v of [plain, stripPunctuation]) {
      const call = ['Hi, it’s Jo from Brightwater Linen.', 'Your partner signs off on it? Okay.'].map((text) => ({ text: v(text) }))
      expect(kinds(analyzeCall(call).flags)).toEqual([])
    }
  })
})

describe('the pick between offered times, and the buyer’s side of a meeting ask, are closes', () => {
  it('reads them as closes, as written and without punctuation', () => {
    for (const s of [
      'I’ve got Tuesday at nine or Wednesday at two. Which one works better for you?',
      'When could you come by the showroom? Saturday?',
      'I’d love to walk your team through it, what does your calendar look like next week?',
    ]) for (const t of both(s)) expect(classOf(t), t).toBe('close')
  })

  it('the question after the times is no probe: no asking-before-giving, one closing-too-early', () => {
    const call = [{ text: 'Hi, it’s Jo from Brightwater Linen.' }, { text: 'I’ve got Tuesday at nine or Wednesday at two. Which one works better for you?' }]
    expect(kinds(analyzeCall(call).flags)).toEqual(['1:closing-too-early'])
  })
})

describe('asking for what completes the deal is a commitment ask', () => {
  it('where to send the agreement, what to bill, confirming the order', () => {
    for (const s of [
      'Great, what’s the best email to send the contract to?',
      'Is there a card you’d like the monthly fee charged to?',
      'So can I go ahead and confirm the order?',
    ]) for (const t of both(s)) expect(classOf(t), t).toBe('close')
  })

  it('asking for an email alone is not', () => {
    for (const t of both('Sure, what’s the best email for you?')) expect(classOf(t), t).toBe('other')
  })
})

describe('offering to send someone round is asking for the visit', () => {
  it('reads as a close even with a free offer in it', () => {
    for (const s of [
      'Our crew is in your area Friday, so I can have them stop by and look at the roof at no cost.',
      'We could get one of our techs to come out Monday and swap the filters for free.',
      'It would only take fifteen minutes, and I can come by your lot.',
    ]) for (const t of both(s)) expect(classOf(t), t).toBe('close')
  })

  it('sending things by a day is not a visit', () => {
    for (const t of both('Great, I’ll send them by Thursday.')) expect(classOf(t), t).not.toBe('close')
  })
})

describe('the splitter keeps two asks whole', () => {
  it('"go ahead and do that" is one ask, not a close and then a question', () => {
    for (const v of [plain, stripPunctuation]) {
      const call = ['Hi, it’s Jo from Brightwater Linen.', 'So do you wanna go ahead and do that today, it’s just a quick signature.'].map((text) => ({ text: v(text) }))
      expect(kinds(analyzeCall(call).flags)).toEqual(['1:closing-too-early'])
    }
  })

  it('"all I need is your…" is a statement (a pseudo-cleft), not a question about the buyer’s business', () => {
    for (const v of [plain, stripPunctuation]) {
      const call = ['Hi, it’s Jo from Brightwater Linen.', 'I can get you approved today, all I need is your DOT number and a copy of your registration.'].map((text) => ({ text: v(text) }))
      expect(kinds(analyzeCall(call).flags).filter((k) => k.endsWith('asking-before-giving'))).toEqual([])
    }
  })
})

describe('corpus: a line that gives before its own probe or close (+gives)', () => {
  it('is a give first: its probe is not asked before giving, its close is too early only before any probe', () => {
    const call = parseCorpusFile(
      ['# industry: test', 'other\thi', 'probe+multi+gives\tone shop cut waste by a third, how much do you throw out?', 'probe\tq2', 'close+multi+gives\ta clinic saved 20%, can we meet?'].join('\n'),
      'x.txt',
      'w2',
    )
    expect(expectedFlags(call.lines)).toEqual([])
    const early = parseCorpusFile(['# industry: test', 'close+multi+gives\ta clinic saved 20%, can we meet?', 'probe\tq1'].join('\n'), 'y.txt', 'w2')
    expect(expectedFlags(early.lines)).toEqual([{ kind: 'closing-too-early', index: 0 }])
    const plainMulti = parseCorpusFile(['# industry: test', 'close+multi\twe are the biggest in town, can we meet?', 'probe\tq1'].join('\n'), 'z.txt', 'w2')
    expect(expectedFlags(plainMulti.lines)).toEqual([{ kind: 'closing-too-early', index: 0 }, { kind: 'asking-before-giving', index: 1 }])
  })

  it('is only for probe or close lines doing two jobs', () => {
    expect(() => parseCorpusFile('give+gives\ttext', 'y.txt', 'w2')).toThrow(/\+gives/)
    expect(() => parseCorpusFile('close+gives\ttext', 'y.txt', 'w2')).toThrow(/\+gives/)
  })
})

describe('without times, a segment that opens a question or follows a month starts its own clause', () => {
  it('"…in may" is the month: the next short turn is read alone', () => {
    const call = ['hi its jo from brightwater', 'you renewed with us in may', 'ready to renew'].map((text) => ({ text }))
    expect(kinds(analyzeCall(call).flags)).toEqual(['2:closing-too-early'])
  })

  it('a wh-question opening a segment is not carried into the last clause', () => {
    const call = ['hi its jo from brightwater', 'trust me you dont want to wait on this', 'how many trucks are on the road now'].map((text) => ({ text }))
    expect(kinds(analyzeCall(call).flags)).toContain('2:asking-before-giving')
  })
})

describe('saying what the rep wants to do to the buyer’s account is the ask', () => {
  it('"what I’d like to do is move you over today", "how about you send me one statement"', () => {
    for (const s of [
      'So what I’d like to do is move you over to our fixed-rate plan today, it only takes about ten minutes on the phone.',
      'Our fees are lower anyway, so how about you send me last month’s statement and I’ll show you.',
    ]) for (const t of both(s)) expect(classOf(t), t).toBe('close')
  })
})

describe('a statement about the buyer checked with a tag is a probe', () => {
  it('"you run two kitchens, correct" reads as a probe without punctuation too', () => {
    for (const s of ['So you’re over sixty-five, is that right?', 'You run both kitchens out of one warehouse, correct?']) {
      for (const t of both(s)) expect(classOf(t), t).toBe('probe')
    }
  })

  it('an echo ending on its acknowledgement stays other ("oh, you’re the manager, perfect")', () => {
    for (const s of ['Oh, you’re the manager, perfect.', 'oh, you have a bookkeeper already, okay, yeah']) for (const t of both(s)) expect(classOf(t), t).toBe('other')
  })

  it('"…at all" ends its clause, so the tag question after it is read alone', () => {
    const call = ['hi its jo from brightwater', 'oh its no bother at all', 'you run both kitchens out of one warehouse correct'].map((text) => ({ text }))
    expect(kinds(analyzeCall(call).flags)).toEqual(['2:asking-before-giving'])
  })
})

describe('repairs and switchboard questions are not probes (read the same by a model trained without their author)', () => {
  it('"sorry" opening a question asks to hear the buyer again', () => {
    for (const s of ['Sorry, how many?', 'Sorry, did you say forty units or fourteen?', 'sorry, the warehouse?']) for (const t of both(s)) expect(classOf(t), t).toBe('other')
  })

  it('a new question after the repair keeps its probe', () => {
    for (const t of both('Sorry, you have a second location? Where is it?')) expect(classOf(t), t).toBe('probe')
  })

  it('asking to be put through, who is on the line, or whether it is a bad moment', () => {
    for (const s of [
      'Could you put me through to whoever runs your fleet maintenance?',
      'Can you connect me with your office manager, please?',
      'May I ask who I’m speaking with?',
      'Have I caught you at a bad time?',
      'Would you be okay with me taking two more minutes while I have you?',
    ]) for (const t of both(s)) expect(classOf(t), t).toBe('other')
  })
})
