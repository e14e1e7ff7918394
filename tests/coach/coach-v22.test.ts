/**
 * Coach v2.2 readings, each found on the w2 corpus's misses and written here in our own words: small talk and time
 * checks are not probes, and a pressure form is a commitment ask. Each case runs as written and lowercased without
 * punctuation.
 */
import { describe, expect, it } from 'vitest'
import { analyzeCall, classifyUtterance, normalize, type Flag } from '../../main/coach'
import { stripPunctuation } from './corpus-loader'
import { both, classOf, kinds } from './reading-helpers'


describe('small talk and time checks are not probes', () => {
  it('greetings about the buyer’s day or business in general are courtesy', () => {
    for (const s of [
      'Hi Dana, it’s Sam from Brightline, how are you this evening?',
      'Hey Marco, how are ya?',
      'Morning Tess, how is the new warehouse treating you?',
      'Hi Omar, Jen from Northgate here, how’s business?',
      'Lou, good to hear you, how have you been?',
    ]) for (const t of both(s)) expect(classOf(t), t).toBe('other')
  })

  it('the second half of a time check is courtesy too', () => {
    for (const s of ['Is now okay, or are you with a customer?', 'Got a quick second, or are you driving?', 'Is now good, or are you in the middle of lunch?', 'Do you have about five minutes?']) {
      for (const t of both(s)) expect(classOf(t), t).toBe('other')
    }
  })

  it('questions about how the buyer works stay probes', () => {
    for (const s of ['How are you handling returns right now?', 'Are you in the middle of a renewal with another carrier?', 'How is the new scheduling tool working for your crews?']) {
      for (const t of both(s)) expect(classOf(t), t).toBe('probe')
    }
  })

  it('a how-are-you no longer counts as learning about the buyer, so a later close before any probe is still too early', () => {
    for (const v of [(s: string) => s, stripPunctuation]) {
      const call = [
        'Hi Dana, it’s Sam from Brightline, how are you this evening?',
        'A bakery two streets over cut its flour waste by a third with our ordering sheet.',
        'Can we set up thirty minutes on Thursday to walk through it?',
      ].map((text) => ({ text: v(text) }))
      expect(kinds(analyzeCall(call).flags)).toEqual(['2:closing-too-early'])
    }
  })
})

describe('a pressure form is a commitment ask', () => {
  it('statements that act as if the yes were given, or leave no reason to wait, read as closes', () => {
    for (const s of [
      'Great, I’ve got you down for Thursday at nine.',
      'Honestly there’s no reason not to start this week.',
      'I just need your okay and the crew comes Monday.',
      'Every week you wait costs you another load of spoiled stock.',
    ]) for (const t of both(s)) expect(classOf(t), t).toBe('close')
  })

  it('is flagged as too early before anything was given, with the pressure words as evidence', () => {
    for (const v of [(s: string) => s, stripPunctuation]) {
      const r = analyzeCall([{ text: v('Hi Dana, it’s Sam from Brightline.') }, { text: v('Great, I’ve got you down for Thursday at nine.') }])
      const cte = r.flags.filter((f) => f.kind === 'closing-too-early')
      expect(cte.map((f) => f.segmentIndex)).toEqual([1])
      expect(cte[0]!.evidence.toLowerCase()).toContain('got you down for thursday')
      expect(cte[0]!.tier).toBe('confident')
    }
  })

  it('"before we hang up" only frames what follows: a question after it stays a probe', () => {
    for (const t of both('Before we hang up, what does your team use for scheduling today?')) expect(classOf(t), t).toBe('probe')
  })
})

describe('stutters, call-backs, check-ins and scheduling questions', () => {
  it('a word or two said again at once count once, so the form under them is read', () => {
    expect(normalize('is is this a bad time, i can i can call back').text).toBe('is this a bad time i can call back')
    expect(normalize('so so could i could i send you the the form').text).toBe('so could i send you the form')
    // said twice on purpose, or counting: kept
    expect(normalize('i know that that works').text).toBe('i know that that works')
    expect(normalize('one point two two').text).toBe('one point two two')
    for (const t of both('Sorry, what what was that, you you have a delivery at ten?')) expect(classOf(t), t).toBe('other')
  })

  it('saying the rep will call back is not an ask; asking whether to call back is', () => {
    for (const t of both('Sure, I’ll call you back Thursday then, thanks Priya.')) expect(classOf(t), t).not.toBe('close')
    for (const t of both('Okay, I’ll call back after lunch.')) expect(classOf(t), t).not.toBe('close')
    for (const t of both('Should I call you back Thursday?')) expect(classOf(t), t).toBe('close')
  })

  it('a check-in question is not a commitment ask', () => {
    for (const t of both('Did you get my email from Tuesday?')) expect(classOf(t), t).toBe('other')
    const r = analyzeCall([{ text: 'Hi Lou, it’s Pat from Ridgeway.' }, { text: 'Did you get my email from Tuesday?' }])
    expect(kinds(r.flags)).toEqual(['1:empty-check-in'])
  })

  it('asking when to meet, or whether to go ahead, is a close', () => {
    for (const s of ['When can we meet?', 'Would early next week be better, maybe Tuesday?', 'Do you want to go ahead and get that started today?']) {
      for (const t of both(s)) expect(classOf(t), t).toBe('close')
    }
  })
})

describe('elliptical short turns', () => {
  it('an ask with its auxiliary and subject dropped is a close', () => {
    for (const s of ['ready to place the order', 'want a free tank check friday', 'worth a twenty minute call', 'shall i send the agreement']) {
      for (const t of both(s)) expect(classOf(t), t).toBe('close')
    }
    // a statement of what the rep wants, or a check-in, is not
    for (const t of both('I want to be upfront with you.')) expect(classOf(t), t).not.toBe('close')
  })

  it('a question about the buyer with "do you have / are you / have you" dropped is a probe', () => {
    for (const s of ['any claims lately', 'ever had the roof inspected', 'seeing any leaks after storms', 'still on paper timesheets']) {
      for (const t of both(s)) expect(classOf(t), t).toBe('probe')
    }
    for (const s of ['any questions for me', 'any thoughts on the quote']) for (const t of both(s)) expect(classOf(t), t).not.toBe('probe')
  })
})
