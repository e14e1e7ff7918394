/**
 * The playbook's further patterns (main/coach/patterns.ts): jargon, features
 * instead of results, pressure with no way out. The lines here are our own,
 * worded unlike the corpus (tests/coach/corpus), to check that the detectors
 * read the forms and not the corpus sentences; each runs through the whole
 * coach, as written and lowercased without punctuation. The negatives are the
 * near misses a good call says: a resource sent, a deadline that is the
 * buyer's own, a plain description, a result.
 */
import { describe, expect, it } from 'vitest'
import { analyzeCall, normalize, type FlagKind } from '../../main/coach'
import { findFeatureList, findJargon, findNoEscape } from '../../main/coach/patterns'
import { loadCorpus, stripPunctuation } from './corpus-loader'

const raised = (text: string, kind: FlagKind): boolean => analyzeCall([{ text }]).flags.some((f) => f.kind === kind)

function check(kind: FlagKind, lines: readonly string[], want: boolean): void {
  for (const line of lines) {
    for (const text of [line, stripPunctuation(line)]) {
      it(`${want ? 'flags' : 'does not flag'}: ${text}`, () => {
        expect(raised(text, kind)).toBe(want)
      })
    }
  }
}

describe('no-escape-path', () => {
  describe('pressure by its forms', () => {
    check('no-escape-path', [
      // assumptive booking, in the future and as already done
      "I'll go ahead and book the technician for Thursday morning.",
      "I'm going to go ahead and enroll your two locations this afternoon.",
      "I've already reserved your slot for Wednesday at nine, so we're all good.",
      "We've already blocked off your install date, Tuesday.",
      "I'll just add the extra licenses to your account now.",
      "I'll just renew the plan for another year so there's no gap.",
      "Let's get your team enrolled before the holidays.",
      "Let's get your store switched over before the busy season.",
      // a clock or scarcity on the decision
      'This rebate disappears at the end of the quarter, so we should lock it in today.',
      'The intro pricing expires at midnight, so you really need to decide now.',
      'We only have three openings left this month.',
      "We're down to the last two install dates this season.",
      // no reason to say no
      "There's honestly no downside, so why wait?",
      "You'd be silly to pass this up at that price.",
      "Honestly there's no excuse not to try it.",
      // only the last formality
      'All we need from you is a quick signature and we can start Monday.',
      "I just need your initials on page two and we're done.",
      "I'll have the agreement in your inbox in ten minutes, just send it back signed.",
    ], true)
  })

  describe('a next step with a way out, or no ask at all', () => {
    check('no-escape-path', [
      "I'll send you the one-page summary this afternoon.",
      "Thanks, I'll email a recap of what we covered.",
      "I'll call you Thursday as we agreed.",
      "I'll jot that down and pass it to our engineer.",
      "I'll let you go, thanks for the time today.",
      'Would Tuesday or Thursday be easier, or is next week better for you?',
      'Could we find twenty minutes next month, or would a short email be easier?',
      "If the timing's wrong, just tell me and I'll check back in the spring.",
      "If it's not the right quarter, I'd rather know now and check back later.",
      'I can hold the quote for thirty days if that helps.',
      'Happy to put something on the calendar whenever it suits you.',
      // a buyer's own deadline or a market price is an insight, not pressure
      "Your lease ends in June, so there's time to compare options.",
      'Prices for copper went up after the tariff, so a lot of shops are rethinking stock levels.',
      'Shipping rates go up every January for most carriers, so it helps to plan early.',
      // asking about the buyer's obstacles is a probe
      "What's holding up the new warehouse project?",
      'What would need to be true for this to be worth a second look?',
    ], false)
  })

  it('an out anywhere in the utterance takes the pressure away', () => {
    expect(raised("I'll just add the extra licenses to your account now.", 'no-escape-path')).toBe(true)
    expect(raised("I'll just add the extra licenses to your account now, but no pressure if you'd rather wait.", 'no-escape-path')).toBe(false)
  })

  it('evidence is the words that press, and a close is the firmer sign', () => {
    const text = normalize('so i will just add the licenses now').text
    const hit = findNoEscape(text, text.split(' '), true, text)
    expect(hit).not.toBeNull()
    expect(text.split(' ').slice(hit!.a, hit!.b + 1).join(' ')).toMatch(/^i will just add/)
    expect(hit!.confidence).toBeGreaterThan(findNoEscape(text, text.split(' '), false, text)!.confidence)
  })
})

describe('jargon', () => {
  describe('vendor buzzwords and buzzword compounds', () => {
    check('jargon', [
      'Our hyper-automation layer orchestrates your entire value chain.',
      "We're a customer-obsessed, insights-led growth partner.",
      'We help brands activate their first-party data to unlock omnichannel growth.',
      "It's a cloud-native, API-first platform built for scale.",
      'We drive synergies across your go-to-market motion.',
      'Our solution empowers frontline teams with real-time actionable intelligence.',
      "We're democratizing access to enterprise-grade analytics.",
      'We deliver best-of-breed, AI-infused workflows that future-proof your org.',
      "It's a holistic, outcome-driven approach to customer success.",
      'We operationalize your data strategy across every touchpoint.',
      'Think of us as a force multiplier for your revenue ecosystem.',
    ], true)
  })

  describe('plain words, including compounds and company names that look alike', () => {
    check('jargon', [
      'We fix the leaks in your cold rooms so the compressors run less.',
      'Most of our customers are family-owned bakeries in the valley.',
      'The app sends your drivers their routes every morning.',
      'We rebuilt the intake form so patients finish it in two minutes.',
      'Our team answers the phone in under a minute, day or night.',
      'I work with the Riverside Unified school district.',
      'We stack the pallets by delivery order.',
      'We replace the paper logbook with a tablet at the front desk.',
      'Your crews spend about an hour a day driving between jobs.',
      'The owner-driven shops we work with usually have one office manager.',
    ], false)
  })

  it('one weak term is not jargon, two are', () => {
    expect(findJargon(normalize('we streamline the paperwork').text.split(' '))).toBeNull()
    expect(findJargon(normalize('we streamline and optimize the paperwork').text.split(' '))).not.toBeNull()
  })
})

describe('features-not-results', () => {
  describe('an offer frame and a list of capabilities, no outcome', () => {
    check('features-not-results', [
      'Our scheduler comes with reminders, a client portal, and online payments.',
      'You get unlimited users, priority support, and custom templates.',
      'We offer same-day pickup, climate-controlled storage and weekend delivery.',
      'The kit includes a thermostat, two sensors and a mobile app.',
      "It's a compact unit with a touchscreen, wifi and a self-cleaning cycle.",
      'We also carry tablets, label printers and barcode scanners.',
      'It comes with a label printer, a cash drawer and inventory alerts.',
      'We provide on-site shredding, locked bins and certificates of destruction.',
      'Members get a booking app, guest passes and a monthly newsletter.',
      'Our hotel has a spa, a gym and two restaurants.',
    ], true)
  })

  describe('a result, a tense, a story or a promise is not a feature list', () => {
    check('features-not-results', [
      'Our reminders cut no-shows by a third at the Elm Street clinic.',
      'The tool has alerts and reporting, and one shop like yours cut its callbacks in half.',
      'We have been working with dental offices since the spring.',
      'We have worked with three clinics on your side of town.',
      'Our team has twenty years of experience and a lot of happy clients.',
      'We have a customer in Dayton who dropped their overtime to zero.',
      'You get to keep your current phone numbers.',
      'Did you get the samples I mailed?',
      "You'll get a quick summary from me by Friday.",
      'We offer to review your last three invoices for free.',
      'They get a report every Monday showing which trucks idled the most.',
    ], false)
  })

  it('the evidence runs from the frame over the list', () => {
    const text = normalize('we also carry tablets label printers and barcode scanners').text
    const toks = text.split(' ')
    const hit = findFeatureList(text, toks)
    expect(hit).not.toBeNull()
    expect(toks.slice(hit!.a, hit!.b + 1).join(' ')).toBe(text)
  })
})

describe('on good calls', () => {
  // the corpus styles of calls done well expect none of these flags: every one raised there is a false hit
  const good = [...loadCorpus('w1'), ...loadCorpus('w2')].filter((c) => c.style === 'good-call' || c.style === 'discovery')
  it('there are good calls to read', () => {
    expect(good.length).toBeGreaterThan(30)
  })
  for (const kind of ['jargon', 'features-not-results', 'no-escape-path'] as const) {
    it(`raises no ${kind} on good-call and discovery calls, as written or without punctuation`, () => {
      const wrong: string[] = []
      for (const call of good) {
        for (const strip of [false, true]) {
          const r = analyzeCall(call.lines.map((l) => ({ text: strip ? stripPunctuation(l.text) : l.text })))
          for (const f of r.flags) if (f.kind === kind) wrong.push(`${call.id}:${call.lines[f.segmentIndex]!.line} ${f.evidence}`)
        }
      }
      expect(wrong).toEqual([])
    })
  }
})
