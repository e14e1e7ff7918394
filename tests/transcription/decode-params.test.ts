import { describe, expect, it } from 'vitest'
import { decodeParamsFor, LIVE_AUDIO_CTX, promptFrom, ThreadGovernor } from '../../main/transcription/decode-params'

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

describe('ThreadGovernor', () => {
  const governor = (configured: number) => {
    let t = 0
    const g = new ThreadGovernor(configured, { minEfficiency: 0.75, holdMs: 20_000, maxHoldMs: 80_000, now: () => t })
    return { g, advance: (ms: number) => (t += ms) }
  }
  /** One decode of 768 encoder frames with the count the governor chose; `eff` = CPU / (wall × threads). */
  const run = (g: ThreadGovernor, wallMs: (threads: number) => number, eff = 0.95) => {
    const threads = g.next()
    const wall = wallMs(threads)
    g.record(threads, wall, wall * threads * eff, 768)
    return threads
  }

  it('keeps every configured thread while runs keep them busy, and never measures one thread then', () => {
    const { g, advance } = governor(2)
    const used = Array.from({ length: 20 }, () => (advance(10_000), run(g, (n) => (n === 2 ? 900 : 1400))))
    expect(used.every((n) => n === 2)).toBe(true)
  })

  it('on a hint of shared cores measures one thread once, and keeps two when two are faster', () => {
    // A VM whose vCPUs are shared: 2 threads at 0.6 efficiency, still a third faster than 1.
    const { g, advance } = governor(2)
    const wall = (n: number) => (n === 2 ? 900 : 1400)
    expect(run(g, wall, 0.6)).toBe(2)
    expect(run(g, wall, 0.6)).toBe(1) // the measurement
    const next = Array.from({ length: 5 }, () => (advance(1000), run(g, wall, 0.6)))
    expect(next).toEqual([2, 2, 2, 2, 2])
  })

  it('drops to one thread when two wait for the cores, and measures two again later, less often each time they lose', () => {
    const { g, advance } = governor(2)
    const loaded = (n: number) => (n === 2 ? 22_000 : 2000)
    expect(run(g, loaded, 0.3)).toBe(2)
    expect(run(g, loaded)).toBe(1)
    const probes: number[] = []
    let ones = 0
    for (let t = 2000; t <= 240_000; t += 2000) {
      advance(2000)
      if (run(g, loaded, 0.3) === 2) probes.push(t)
      else ones++
    }
    // Two threads retried after resting 20 s, then 40 s, then 80 s (the cap), each measured from its last run.
    expect(probes).toEqual([22_000, 64_000, 146_000, 228_000])
    expect(ones).toBe(116)
  })

  it('goes back to every thread once the load is gone', () => {
    const { g, advance } = governor(2)
    let load = true
    const wall = (n: number) => (load ? (n === 2 ? 22_000 : 2000) : n === 2 ? 900 : 1400)
    run(g, wall, 0.3)
    run(g, wall)
    expect(g.next()).toBe(1)
    load = false
    const used = Array.from({ length: 15 }, () => (advance(2000), run(g, wall)))
    expect(used.slice(-3)).toEqual([2, 2, 2])
  })

  it('judges cost per unit of work, so a long decode is not taken for a slow thread count', () => {
    const { g } = governor(2)
    g.record(2, 900, 900 * 2 * 0.6, 768) // hint: measure one thread next
    expect(g.next()).toBe(1)
    g.record(1, 1400, 1400, 768)
    expect(g.next()).toBe(2)
    g.record(2, 1800, 1800 * 2 * 0.95, 1500) // a full-window decode: more wall time, same speed per frame
    expect(g.next()).toBe(2)
  })

  it('ignores tiny runs and counts chosen from outside, and never goes below one thread', () => {
    const { g } = governor(2)
    g.record(2, 20, 1, 768)
    g.record(3, 5000, 100, 768)
    expect(g.next()).toBe(2)
    expect(governor(1).g.next()).toBe(1)
    expect(governor(0).g.next()).toBe(1)
  })
})
