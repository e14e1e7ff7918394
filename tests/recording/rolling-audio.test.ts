import { describe, expect, it } from 'vitest'
import { msToSamples } from '../../main/audio/pcm'
import { RollingAudio } from '../../main/recording/rolling-audio'

/** The full stream, sample i = a value derived from i (so a shifted tail shows). */
const streamValue = (i: number) => ((i * 7) % 65_521) - 32_000

function chunkOf(from: number, length: number): Int16Array {
  const out = new Int16Array(length)
  for (let k = 0; k < length; k++) out[k] = streamValue(from + k)
  return out
}

/** Deterministic chunk sizes: mostly small frames, now and then one longer than keepMs. */
function chunkSizes(count: number, keep: number): number[] {
  let seed = 12345
  const sizes: number[] = []
  for (let i = 0; i < count; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    const r = seed % 100
    sizes.push(r < 5 ? keep + (seed % (keep * 2)) : r < 10 ? 0 : 1 + (seed % 1700))
  }
  return sizes
}

describe('RollingAudio', () => {
  it('starts empty at sample 0', () => {
    const audio = new RollingAudio(1000)
    expect(audio.startSample).toBe(0)
    expect(audio.samples.length).toBe(0)
  })

  it('keeps everything until it holds more than its buffer', () => {
    const audio = new RollingAudio(1000)
    audio.append(chunkOf(0, 10_000))
    audio.append(chunkOf(10_000, 20_000))
    expect(audio.startSample).toBe(0)
    expect(Array.from(audio.samples)).toEqual(Array.from(chunkOf(0, 30_000)))
  })

  it('drops the oldest audio and advances startSample by exactly what it dropped', () => {
    const keep = msToSamples(1000)
    const audio = new RollingAudio(1000)
    audio.append(chunkOf(0, 30_000))
    audio.append(chunkOf(30_000, 4000)) // 34 000 > 32 000 buffer: trim to keep
    expect(audio.startSample).toBe(34_000 - keep)
    expect(audio.samples.length).toBe(keep)
    expect(Array.from(audio.samples)).toEqual(Array.from(chunkOf(34_000 - keep, keep)))
  })

  it('keeps a whole chunk longer than keepMs', () => {
    const audio = new RollingAudio(1000)
    audio.append(chunkOf(0, 20_000))
    audio.append(chunkOf(20_000, 40_000))
    expect(audio.startSample).toBe(20_000)
    expect(Array.from(audio.samples)).toEqual(Array.from(chunkOf(20_000, 40_000)))
  })

  for (const keepMs of [100, 250, 1000]) {
    it(`equals the tail of the full stream across many appends (keepMs ${keepMs})`, () => {
      const keep = msToSamples(keepMs)
      const sizes = chunkSizes(600, keep)
      const maxChunk = Math.max(...sizes)
      const total = sizes.reduce((a, b) => a + b, 0)
      const reference = chunkOf(0, total)
      const audio = new RollingAudio(keepMs)
      let pushed = 0
      let lastStart = 0
      for (const n of sizes) {
        audio.append(reference.slice(pushed, pushed + n))
        pushed += n
        const { startSample, samples } = audio
        // Ends at the newest sample, holds at least keepMs (or all there is), and never moves back.
        expect(startSample + samples.length).toBe(pushed)
        expect(samples.length).toBeGreaterThanOrEqual(Math.min(pushed, keep))
        expect(startSample).toBeGreaterThanOrEqual(lastStart)
        // Memory stays bounded.
        expect(samples.length).toBeLessThanOrEqual(2 * keep + maxChunk)
        lastStart = startSample
        // The boundaries after every append; the whole tail at the end.
        if (samples.length) {
          expect(samples[0]).toBe(reference[startSample])
          expect(samples[samples.length - 1]).toBe(reference[pushed - 1])
        }
      }
      expect(Array.from(audio.samples)).toEqual(Array.from(reference.subarray(audio.startSample, pushed)))
    })
  }

  it('matches the reference after every append (full comparison)', () => {
    const keepMs = 50
    const keep = msToSamples(keepMs)
    const sizes = chunkSizes(300, keep).map((n) => n % 2000)
    const reference = chunkOf(0, sizes.reduce((a, b) => a + b, 0))
    const audio = new RollingAudio(keepMs)
    let pushed = 0
    for (const n of sizes) {
      audio.append(reference.subarray(pushed, pushed + n))
      pushed += n
      expect(Array.from(audio.samples)).toEqual(Array.from(reference.subarray(audio.startSample, pushed)))
    }
    expect(audio.startSample).toBeGreaterThan(0)
  })

  it('is not affected when the caller reuses its frame buffer', () => {
    const audio = new RollingAudio(1000)
    const frame = new Int16Array(160)
    for (let f = 0; f < 10; f++) {
      frame.set(chunkOf(f * 160, 160))
      audio.append(frame)
    }
    expect(Array.from(audio.samples)).toEqual(Array.from(chunkOf(0, 1600)))
  })
})
