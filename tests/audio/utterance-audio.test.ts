import { describe, expect, it } from 'vitest'
import { msToSamples } from '../../main/audio/pcm'
import { MIN_TRANSCRIBE_MS, UTTERANCE_PAD_MS, UTTERANCE_TAIL_MS, utteranceAudio } from '../../main/audio/utterance-audio'

/** Buffer whose sample j holds a value derived from its call-relative index firstSample + j. */
function callAudio(firstSample: number, length: number): Int16Array {
  const out = new Int16Array(length)
  for (let j = 0; j < length; j++) out[j] = valueAt(firstSample + j)
  return out
}
const valueAt = (callSample: number) => ((callSample * 31) % 60_000) - 30_000 || 1 // never 0: padding is 0
const expected = (fromCallSample: number, toCallSample: number) =>
  Array.from({ length: toCallSample - fromCallSample }, (_, k) => valueAt(fromCallSample + k))

describe('utteranceAudio', () => {
  it('keeps 200 ms before the span and, after it, what the segmenter had heard when it closed (160 ms)', () => {
    expect(UTTERANCE_PAD_MS).toBe(200)
    expect(UTTERANCE_TAIL_MS).toBe(160)
    const samples = callAudio(0, msToSamples(5000))
    const out = utteranceAudio(samples, 0, { startMs: 1000, endMs: 2500 })
    expect(out.length).toBe(msToSamples(1860))
    expect(Array.from(out)).toEqual(expected(msToSamples(800), msToSamples(2660)))
  })

  it('does not pad into the neighbouring piece where the span was cut out of running speech', () => {
    const samples = callAudio(0, msToSamples(8000))
    const middle = utteranceAudio(samples, 0, { startMs: 2500, endMs: 5000, cutBefore: true, cutAfter: true })
    expect(Array.from(middle)).toEqual(expected(msToSamples(2500), msToSamples(5000)))
    const last = utteranceAudio(samples, 0, { startMs: 5000, endMs: 6500, cutBefore: true })
    expect(Array.from(last)).toEqual(expected(msToSamples(5000), msToSamples(6660)))
  })

  it('clips the pad at the start and end of the audio', () => {
    const samples = callAudio(0, msToSamples(3000))
    const out = utteranceAudio(samples, 0, { startMs: 50, endMs: 2950 })
    expect(Array.from(out)).toEqual(expected(0, msToSamples(3000)))
  })

  it('pads short utterances with trailing silence up to the minimum length', () => {
    const samples = callAudio(0, msToSamples(5000))
    const out = utteranceAudio(samples, 0, { startMs: 1000, endMs: 1300 })
    expect(out.length).toBe(msToSamples(MIN_TRANSCRIBE_MS))
    const speech = msToSamples(660) // 200 ms before + 300 ms + 160 ms after
    expect(Array.from(out.subarray(0, speech))).toEqual(expected(msToSamples(800), msToSamples(1460)))
    expect(out.subarray(speech).every((v) => v === 0)).toBe(true)
  })

  it('does not pad an utterance already at the minimum length', () => {
    const samples = callAudio(0, msToSamples(5000))
    const out = utteranceAudio(samples, 0, { startMs: 1000, endMs: 1000 + MIN_TRANSCRIBE_MS - UTTERANCE_PAD_MS - UTTERANCE_TAIL_MS })
    expect(out.length).toBe(msToSamples(MIN_TRANSCRIBE_MS))
    expect(out.every((v) => v !== 0)).toBe(true)
  })

  it('maps call time into a buffer that starts at firstSample', () => {
    const first = msToSamples(10_000)
    const samples = callAudio(first, msToSamples(5000)) // call 10 s .. 15 s
    const out = utteranceAudio(samples, first, { startMs: 11_000, endMs: 13_000 })
    expect(Array.from(out)).toEqual(expected(msToSamples(10_800), msToSamples(13_160)))
  })

  it('clips to the buffer when the span starts before firstSample', () => {
    const first = msToSamples(10_000)
    const samples = callAudio(first, msToSamples(5000))
    const out = utteranceAudio(samples, first, { startMs: 9000, endMs: 11_500 })
    expect(Array.from(out)).toEqual(expected(first, msToSamples(11_660)))
  })

  it('gives silence of the minimum length for a span wholly outside the buffer', () => {
    const first = msToSamples(10_000)
    const samples = callAudio(first, msToSamples(1000))
    for (const span of [
      { startMs: 1000, endMs: 2000 },
      { startMs: 20_000, endMs: 21_000 },
    ]) {
      const out = utteranceAudio(samples, first, span)
      expect(out.length).toBe(msToSamples(MIN_TRANSCRIBE_MS))
      expect(out.every((v) => v === 0)).toBe(true)
    }
  })

  it('returns a copy, not a view of the call audio', () => {
    const samples = callAudio(0, msToSamples(3000))
    const out = utteranceAudio(samples, 0, { startMs: 500, endMs: 2500 })
    out.fill(0)
    expect(samples.every((v) => v !== 0)).toBe(true)
  })
})
