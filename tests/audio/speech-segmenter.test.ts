import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SAMPLE_RATE } from '../../main/audio/pcm'
import { SpeechSegmenter, segmentSamples } from '../../main/audio/speech-segmenter'
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

describe('SpeechSegmenter', () => {
  for (const [file, truth] of Object.entries(TRUTH)) {
    it(`finds the ${truth.length} utterances in ${file} within 300 ms`, async () => {
      const samples = await readCallAudio(path.join(SPEECH_DIR, file))
      const spans = segmentSamples(samples)
      expect(spans).toHaveLength(truth.length)
      spans.forEach((span, i) => {
        const [start, end] = truth[i]!
        expect(Math.abs(span.startMs - start * 1000)).toBeLessThanOrEqual(300)
        expect(Math.abs(span.endMs - end * 1000)).toBeLessThanOrEqual(300)
      })
    })
  }

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

  it('cuts a monologue at the maximum segment length', () => {
    const tone = new Int16Array(SAMPLE_RATE * 12)
    for (let i = 0; i < tone.length; i++) tone[i] = Math.round(3000 * Math.sin((2 * Math.PI * 220 * i) / SAMPLE_RATE))
    const spans = segmentSamples(tone, { maxSegmentMs: 5000 })
    expect(spans.length).toBe(3)
    expect(spans[0]!.endMs - spans[0]!.startMs).toBeLessThanOrEqual(5000)
    expect(spans[2]!.endMs).toBe(12_000)
  })
})
