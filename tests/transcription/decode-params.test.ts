import { describe, expect, it } from 'vitest'
import { decodeParamsFor, LIVE_AUDIO_CTX, promptFrom } from '../../main/transcription/decode-params'

const seconds = (s: number) => Math.round(s * 16_000)

describe('decodeParamsFor', () => {
  it('live: never sizes the encoder below the accuracy floor, grows it past for long windows, within whisper limits', () => {
    expect(decodeParamsFor(seconds(3)).audioCtx).toBe(LIVE_AUDIO_CTX) // not 150 + margin: stock models garble there
    expect(decodeParamsFor(seconds(0.5)).audioCtx).toBe(LIVE_AUDIO_CTX)
    expect(LIVE_AUDIO_CTX).toBeGreaterThanOrEqual(512)
    expect(decodeParamsFor(seconds(20)).audioCtx).toBe(20 * 50 + 64) // the window must fit
    expect(decodeParamsFor(seconds(29)).audioCtx).toBe(1500) // never past the 30 s window
    expect(decodeParamsFor(seconds(40)).audioCtx).toBe(1500)
    expect(decodeParamsFor(seconds(3)).temperatureInc).toBe(0) // one greedy pass
  })

  it('final: the full window and temperature fallback, with room for more tokens than the live cap', () => {
    const final = decodeParamsFor(seconds(3), undefined, 'final')
    expect(final.audioCtx).toBe(0) // whisper.cpp's default: all 1500 frames
    expect(final.temperatureInc).toBeGreaterThan(0)
    expect(final.maxTokens).toBeGreaterThan(decodeParamsFor(seconds(3)).maxTokens)
    expect(decodeParamsFor(seconds(60), undefined, 'final').maxTokens).toBeLessThanOrEqual(224) // half the text context
  })

  it('allows more tokens than fast speech produces (280 words a minute) and grows with length', () => {
    const threeS = decodeParamsFor(seconds(3)).maxTokens
    // 3 s at 280 wpm is 14 words ≈ 18 tokens with punctuation.
    expect(threeS).toBeGreaterThanOrEqual(18)
    // 1 s at 280 wpm: 4.7 words ≈ 6 tokens.
    expect(decodeParamsFor(seconds(1)).maxTokens).toBeGreaterThanOrEqual(7)
    expect(decodeParamsFor(seconds(8)).maxTokens).toBeGreaterThan(threeS)
  })
})

describe('decodeParamsFor with the voice length', () => {
  it('sizes the token cap to the voice, not the silence around it', () => {
    // "Great." (0.4 s) padded to whisper's 1.1 s minimum.
    const padded = decodeParamsFor(seconds(1.1), 400)
    expect(padded.maxTokens).toBe(Math.ceil(0.4 * 5) + 4)
    expect(padded.maxTokens).toBeLessThan(decodeParamsFor(seconds(1.1)).maxTokens)
    expect(padded.audioCtx).toBe(decodeParamsFor(seconds(1.1)).audioCtx) // the encoder still sees the whole clip
    // A voice length longer than the clip cannot raise the cap.
    expect(decodeParamsFor(seconds(1), 5000).maxTokens).toBe(decodeParamsFor(seconds(1)).maxTokens)
  })
})

describe('promptFrom', () => {
  it('keeps short context whole and trims long context to whole words at its end', () => {
    expect(promptFrom('  Hi, this is Sam.  ')).toBe('Hi, this is Sam.')
    const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ')
    const p = promptFrom(long, 50)
    expect(p.length).toBeLessThanOrEqual(50)
    expect(long.endsWith(p)).toBe(true)
    expect(p.startsWith('word')).toBe(true)
  })
})
