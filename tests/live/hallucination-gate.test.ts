import { describe, expect, it } from 'vitest'
import { gateDecode, stripNonSpeech } from '../../main/live/hallucination-gate'
import { UtteranceAssembler } from '../../main/live/local-agreement'
import type { DecodedWord } from '../../main/live/words'

/** Words 300 ms apart from `at`, each with probability p. */
const words = (text: string, p = 0.9, at = 0): DecodedWord[] =>
  text.split(' ').map((t, i) => ({ text: t, startMs: at + i * 300, endMs: at + i * 300 + 250, p }))

describe('hallucination gate', () => {
  it('drops what Whisper writes on near-silence, as whole outputs only; keeps them when the voice was heard', () => {
    for (const s of ['Thank you.', 'you', 'Thanks for watching!', 'Bye.']) expect(gateDecode(words(s), 130)).toMatchObject({ ok: false, reason: 'silence-phrase' })
    expect(gateDecode(words('Thank you.'), 600).ok).toBe(true)
    expect(gateDecode(words('Thank you for taking my call today.'), 2000).ok).toBe(true)
  })

  it('strips sound tags, split or not, and keeps the words', () => {
    expect(stripNonSpeech(words('[BLANK_AUDIO]')).map((w) => w.text)).toEqual([])
    expect(stripNonSpeech(words('(upbeat music) so how is it going')).map((w) => w.text)).toEqual(['so', 'how', 'is', 'it', 'going'])
    expect(gateDecode(words('[BLANK_AUDIO]'), 0)).toEqual({ ok: true, words: [] })
  })

  it('stops a decoder loop but keeps a word said three times', () => {
    expect(gateDecode(words('we can we can we can we can'), 3000)).toMatchObject({ ok: false, reason: 'repetition' })
    expect(gateDecode(words('no no no that is not it'), 3000).ok).toBe(true)
  })

  it('uses the VAD and the token probabilities', () => {
    expect(gateDecode(words('what kind of campaigns'), 50)).toMatchObject({ ok: false, reason: 'no-speech' })
    expect(gateDecode(words('what kind of campaigns', 0.1), 2000)).toMatchObject({ ok: false, reason: 'low-confidence' })
    expect(gateDecode(words('one two three four five six seven eight nine ten eleven twelve'), 1000)).toMatchObject({ ok: false, reason: 'too-many-words' })
    expect(gateDecode(words('what kind of campaigns'), 1200).ok).toBe(true)
  })
})

describe('utterance assembler (LocalAgreement-2)', () => {
  it('commits a word only once two decodes agree, never one at the cut, and all at the end', () => {
    const u = new UtteranceAssembler(0)
    // Cut at 700 ms: "kind" is cut (garbled "ki").
    expect(u.provisional([...words('what', 0.9), { text: 'ki', startMs: 300, endMs: 700, p: 0.4 }], 700)).toEqual([])
    // Next window hears "kind" whole and "of" cut at its end.
    expect(u.provisional([...words('what kind'), { text: 'o', startMs: 600, endMs: 690, p: 0.4 }], 690).map((w) => w.text)).toEqual(['what'])
    expect(u.text).toBe('what')
    // The end: the window starts before "what" ends; "what" heard again is not doubled.
    expect(u.windowStartMs()).toBeLessThan(250)
    u.final(words('what kind of campaigns'))
    expect(u.text).toBe('what kind of campaigns')
  })

  it('forgets a gated decode’s tentative words', () => {
    const u = new UtteranceAssembler(0)
    u.provisional(words('what kind'), 2000)
    u.discard()
    expect(u.provisional(words('what kind'), 2000)).toEqual([]) // needs a second agreeing decode again
    expect(u.tentative.map((w) => w.text)).toEqual(['what', 'kind'])
  })
})
