import { describe, expect, it } from 'vitest'
import { decodeParamsFor, EngineLoadMeter, promptFrom, threadsFor } from '../../main/transcription/decode-params'

const seconds = (s: number) => Math.round(s * 16_000)

describe('decodeParamsFor', () => {
  it('sizes the encoder to the utterance plus a margin, within whisper limits', () => {
    expect(decodeParamsFor(seconds(3)).audioCtx).toBe(150 + 64)
    expect(decodeParamsFor(seconds(0.5)).audioCtx).toBe(192) // floor: tiny clips degrade below it
    expect(decodeParamsFor(seconds(29)).audioCtx).toBe(1500) // never past the 30 s window
    expect(decodeParamsFor(seconds(40)).audioCtx).toBe(1500)
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

describe('threadsFor', () => {
  it('uses the configured threads while other programs leave the cores free', () => {
    expect(threadsFor(2, 0.3, 2)).toBe(2)
    expect(threadsFor(2, 0.7, 2)).toBe(2)
    expect(threadsFor(7, 1.5, 8)).toBe(7)
    expect(threadsFor(2, 0, 2)).toBe(2) // no load average (Windows)
  })

  it('drops to the cores left over when other programs keep them busy, never below one', () => {
    expect(threadsFor(2, 1.0, 2)).toBe(1)
    expect(threadsFor(2, 5.2, 2)).toBe(1)
    expect(threadsFor(7, 4.0, 8)).toBe(4)
    expect(threadsFor(7, 7.9, 8)).toBe(1)
    expect(threadsFor(1, 0, 8)).toBe(1)
  })
})

describe('EngineLoadMeter', () => {
  it('subtracts the engine’s own CPU use, averaged over about a minute, from the load average', () => {
    let t = 0
    let cpu = 0
    const meter = new EngineLoadMeter(() => t, () => cpu)
    expect(meter.othersLoad(0.4)).toBeCloseTo(0.4)
    // Three minutes with the engine busy on 1.5 cores: most of a 1.9 load is its own.
    for (let i = 0; i < 180; i++) {
      t += 1000
      cpu += 1500
      meter.othersLoad(1.9)
    }
    expect(meter.othersLoad(1.9)).toBeLessThan(0.6)
    // Then idle for a minute while something else loads the machine: that load shows.
    for (let i = 0; i < 60; i++) {
      t += 1000
      meter.othersLoad(3)
    }
    expect(meter.othersLoad(3)).toBeGreaterThan(2.4)
  })
})
