import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SAMPLE_RATE } from '../../main/audio/pcm'
import { DEFAULT_SEGMENTER_OPTIONS, SpeechSegmenter, segmentSamples, type SpeechSpan } from '../../main/audio/speech-segmenter'
import { readCallAudio } from '../../main/audio/wav-file'
import { SPEECH_DIR } from '../helpers/shared-assets'

// Ground truth from ../shared/models/README.md (seconds).
const TRUTH: Record<string, Array<[number, number]>> = {
  'cold-call-interrogation.wav': [
    [0.81, 3.32],
    [4.96, 7.91],
    [9.55, 13.15],
    [14.82, 18.1],
  ],
  'give-first-call.wav': [
    [0.81, 3.69],
    [5.33, 12.73],
    [14.37, 16.1],
    [17.76, 21.26],
  ],
}

/** Pieces of one utterance: the README says pauses inside an utterance are under 0.6 s. */
function utterances(spans: SpeechSpan[]): SpeechSpan[] {
  const out: SpeechSpan[] = []
  for (const s of spans) {
    const last = out.at(-1)
    if (last && s.startMs - last.endMs < 600) last.endMs = s.endMs
    else out.push({ ...s })
  }
  return out
}

describe('SpeechSegmenter', () => {
  for (const [file, truth] of Object.entries(TRUTH)) {
    it(`covers the ${truth.length} utterances in ${file} within 300 ms, in pieces of at most 2.3 s`, async () => {
      const samples = await readCallAudio(path.join(SPEECH_DIR, file))
      const spans = segmentSamples(samples)
      for (const s of spans) expect(s.endMs - s.startMs).toBeLessThanOrEqual(DEFAULT_SEGMENTER_OPTIONS.maxSegmentMs + DEFAULT_SEGMENTER_OPTIONS.cutGraceMs)
      const found = utterances(spans)
      expect(found).toHaveLength(truth.length)
      found.forEach((span, i) => {
        const [start, end] = truth[i]!
        expect(Math.abs(span.startMs - start * 1000)).toBeLessThanOrEqual(300)
        expect(Math.abs(span.endMs - end * 1000)).toBeLessThanOrEqual(300)
      })
    })
  }

  it('closes a phrase at a short pause, not at the end of the turn', async () => {
    // cold-call-interrogation #4 is "Great. Can we set up a time for a demo next week?"
    const samples = await readCallAudio(path.join(SPEECH_DIR, 'cold-call-interrogation.wav'))
    const spans = segmentSamples(samples).filter((s) => s.startMs >= 14_500)
    expect(spans.length).toBeGreaterThanOrEqual(2)
    expect(spans[0]!.endMs).toBeLessThan(15_400) // "Great." alone
    expect(spans[0]!.cutAfter).toBeUndefined() // ended by the pause, not cut
    expect(spans[1]!.startMs - spans[0]!.endMs).toBeGreaterThanOrEqual(DEFAULT_SEGMENTER_OPTIONS.hangoverMs)
  })

  it('gives the same spans whatever the chunk size of the stream', async () => {
    const samples = await readCallAudio(path.join(SPEECH_DIR, 'give-first-call.wav'))
    const whole = segmentSamples(samples)
    for (const chunk of [1, 137, 1600, 4096]) {
      const seg = new SpeechSegmenter()
      const spans = []
      for (let i = 0; i < samples.length; i += chunk) spans.push(...seg.push(samples.subarray(i, i + chunk)))
      spans.push(...seg.flush())
      expect(spans).toEqual(whole)
    }
  })

  it('ignores steady background noise and short clicks', () => {
    const seconds = 5
    const noise = new Int16Array(SAMPLE_RATE * seconds)
    let seed = 7
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      noise[i] = ((seed / 0x7fffffff) * 2 - 1) * 150 // RMS ≈ 87: a quiet room
    }
    // a 30 ms click
    for (let i = SAMPLE_RATE; i < SAMPLE_RATE + 480; i++) noise[i] = i % 2 ? 8000 : -8000
    expect(segmentSamples(noise)).toEqual([])
  })

  it('cuts a monologue at the maximum segment length, with no gap and no overlap between pieces', () => {
    const tone = new Int16Array(SAMPLE_RATE * 12)
    for (let i = 0; i < tone.length; i++) tone[i] = Math.round(3000 * Math.sin((2 * Math.PI * 220 * i) / SAMPLE_RATE))
    const spans = segmentSamples(tone, { maxSegmentMs: 5000 })
    expect(spans.length).toBe(3)
    for (const s of spans) expect(s.endMs - s.startMs).toBeLessThanOrEqual(5000)
    expect(spans[1]!.startMs).toBe(spans[0]!.endMs)
    expect(spans[2]!.startMs).toBe(spans[1]!.endMs)
    expect(spans[2]!.endMs).toBe(12_000)
    // Each piece says which of its ends is a cut, so its audio is not padded into the neighbour.
    expect(spans.map((s) => [!!s.cutBefore, !!s.cutAfter])).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ])
  })

  /** Tone and silence in ms: [kind, ms][] → samples. */
  function pattern(parts: Array<['tone' | 'gap', number]>): Int16Array {
    const out: number[] = []
    for (const [kind, ms] of parts) {
      for (let i = 0; i < (ms * SAMPLE_RATE) / 1000; i++) out.push(kind === 'tone' ? Math.round(3000 * Math.sin((2 * Math.PI * 220 * out.length) / SAMPLE_RATE)) : 0)
    }
    return Int16Array.from(out)
  }

  it('cuts early at a real gap between words, never at a word-inner silence', () => {
    // 1.8 s of speech, a 60 ms closure ("wee_k"), 0.5 s, a 130 ms gap, 1 s, then a pause.
    const spans = segmentSamples(pattern([['tone', 1800], ['gap', 60], ['tone', 500], ['gap', 130], ['tone', 1000], ['gap', 1000]]), { maxSegmentMs: 2500 })
    expect(spans).toHaveLength(2)
    expect(spans[0]).toMatchObject({ startMs: 0, cutAfter: true })
    // Cut inside the 130 ms gap (2360–2490 ms), keeping the gap heard so far.
    expect(spans[0]!.endMs).toBeGreaterThan(2360)
    expect(spans[0]!.endMs).toBeLessThanOrEqual(2490)
    expect(spans[1]).toMatchObject({ startMs: spans[0]!.endMs, endMs: 3490, cutBefore: true })
  })

  it('does not cut off a last word that runs just past the maximum length', () => {
    // Speech ends 100 ms past 2.5 s: within the grace period, so it stays one piece.
    const opts = { maxSegmentMs: 2500, cutGraceMs: 300 }
    expect(segmentSamples(pattern([['tone', 2600], ['gap', 1000]]), opts).map((s) => [s.startMs, s.endMs])).toEqual([[0, 2600]])
    // 400 ms past: cut at the quietest frame before 2.5 s, and the rest is its own piece.
    const spans = segmentSamples(pattern([['tone', 2900], ['gap', 1000]]), opts)
    expect(spans).toHaveLength(2)
    expect(spans[0]!.endMs).toBeGreaterThanOrEqual(2200)
    expect(spans[0]!.endMs).toBeLessThanOrEqual(2500)
    expect(spans[1]).toMatchObject({ startMs: spans[0]!.endMs, endMs: 2900, cutBefore: true })
  })

  it('keeps a short piece that continues a cut (the end of a phrase), though shorter than a click', () => {
    // An early cut at a 130 ms gap, then 100 ms of speech and a pause.
    const spans = segmentSamples(pattern([['tone', 1600], ['gap', 130], ['tone', 100], ['gap', 1000]]))
    expect(spans).toHaveLength(2)
    expect(spans[1]).toMatchObject({ endMs: 1830, cutBefore: true })
    expect(spans[1]!.endMs - spans[1]!.startMs).toBeLessThan(DEFAULT_SEGMENTER_OPTIONS.minSpeechMs)
  })

  it('cuts running speech at its quietest moment (a word gap), not mid-word', () => {
    // "Words": 400 ms of tone, then a 60 ms dip to a whisper (still above the
    // hangover's reach), repeating — continuous speech with short word gaps.
    const tone = new Int16Array(SAMPLE_RATE * 10)
    const period = 0.46 * SAMPLE_RATE
    for (let i = 0; i < tone.length; i++) {
      const inDip = i % period >= 0.4 * SAMPLE_RATE
      tone[i] = Math.round((inDip ? 200 : 3000) * Math.sin((2 * Math.PI * 220 * i) / SAMPLE_RATE))
    }
    const spans = segmentSamples(tone)
    expect(spans.length).toBeGreaterThanOrEqual(4)
    for (const s of spans.slice(0, -1)) {
      const endS = s.endMs / 1000
      // Each cut ends on a frame inside a dip: 400–460 ms into a 460 ms period.
      const phase = (endS * 1000) % 460
      expect(phase === 0 || (phase > 400 && phase <= 460)).toBe(true)
    }
  })
})
