import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SAMPLE_RATE } from '../../main/audio/pcm'
import { createFrameVad, VAD_FRAME_MS } from '../../main/audio/silero-vad'
import { DEFAULT_SEGMENTER_OPTIONS, SpeechSegmenter, segmentSamples, warmUpVad, type SpeechSpan } from '../../main/audio/speech-segmenter'
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

const MAX_PIECE_MS = DEFAULT_SEGMENTER_OPTIONS.maxSegmentMs + DEFAULT_SEGMENTER_OPTIONS.cutGraceMs

/** Pieces of one utterance: the README says pauses inside an utterance are under 0.6 s. */
function utterances(spans: SpeechSpan[]): Array<{ startMs: number; endMs: number }> {
  const out: Array<{ startMs: number; endMs: number }> = []
  for (const s of spans) {
    const last = out.at(-1)
    if (last && s.startMs - last.endMs < 600) last.endMs = s.endMs
    else out.push({ startMs: s.startMs, endMs: s.endMs })
  }
  return out
}

/** Tone and silence in ms → samples (for the segmenter's own logic, on the energy fallback). */
function pattern(parts: Array<['tone' | 'gap', number]>): Int16Array {
  const out: number[] = []
  for (const [kind, ms] of parts) {
    for (let i = 0; i < (ms * SAMPLE_RATE) / 1000; i++) out.push(kind === 'tone' ? Math.round(3000 * Math.sin((2 * Math.PI * 220 * out.length) / SAMPLE_RATE)) : 0)
  }
  return Int16Array.from(out)
}

describe('SpeechSegmenter on Silero VAD', () => {
  it('loads the trained model (no silent fallback to energy here)', () => {
    expect(warmUpVad()).toBe('silero')
    expect(new SpeechSegmenter().backend).toBe('silero')
  })

  for (const [file, truth] of Object.entries(TRUTH)) {
    it(`covers the ${truth.length} utterances in ${file} within 150 ms, in pieces of at most ${MAX_PIECE_MS} ms`, async () => {
      const samples = await readCallAudio(path.join(SPEECH_DIR, file))
      const spans = segmentSamples(samples)
      for (const s of spans) expect(s.endMs - s.startMs).toBeLessThanOrEqual(MAX_PIECE_MS)
      const found = utterances(spans)
      expect(found).toHaveLength(truth.length)
      found.forEach((span, i) => {
        const [start, end] = truth[i]!
        expect(Math.abs(span.startMs - start * 1000)).toBeLessThanOrEqual(150)
        expect(Math.abs(span.endMs - end * 1000)).toBeLessThanOrEqual(150)
      })
    })
  }

  it('gives every span its frame probabilities, its speech mass and how it ends', async () => {
    const samples = await readCallAudio(path.join(SPEECH_DIR, 'give-first-call.wav'))
    const spans = segmentSamples(samples)
    expect(spans.some((s) => s.cutAfter)).toBe(true)
    spans.forEach((s, i) => {
      expect(s.startMs % VAD_FRAME_MS).toBe(0)
      expect(s.endMs % VAD_FRAME_MS).toBe(0)
      expect(s.speechProb).toBeInstanceOf(Float32Array)
      expect(s.speechProb.length).toBe((s.endMs - s.startMs) / VAD_FRAME_MS)
      for (const p of s.speechProb) expect(p >= 0 && p <= 1).toBe(true)
      const mass = s.speechProb.reduce((sum, p) => sum + p * VAD_FRAME_MS, 0)
      expect(s.speechMass).toBe(Math.round(mass))
      // Speech: most of the span is sure to be voice.
      expect(s.speechMass).toBeGreaterThan(0.6 * (s.endMs - s.startMs))
      expect(s.endsAtPause).toBe(!s.cutAfter)
      if (s.cutAfter) {
        // The next piece continues right here, and says so.
        expect(spans[i + 1]).toMatchObject({ startMs: s.endMs, cutBefore: true })
      } else if (spans[i + 1]) {
        expect(spans[i + 1]!.cutBefore).toBeUndefined()
        expect(spans[i + 1]!.startMs - s.endMs).toBeGreaterThanOrEqual(DEFAULT_SEGMENTER_OPTIONS.hangoverMs)
      }
    })
  })

  it('with a longer hangover, keeps a line whole across its comma', async () => {
    const samples = await readCallAudio(path.join(SPEECH_DIR, 'give-first-call.wav'))
    const lines = (hangoverMs: number) =>
      segmentSamples(samples, { hangoverMs }).reduce((n, s) => n + (s.endsAtPause ? 1 : 0), 0)
    // "Hi Dana, | it's Priya from Northpeak Logistics." is two at 160 ms, one at 300 ms.
    expect(lines(DEFAULT_SEGMENTER_OPTIONS.hangoverMs)).toBe(5)
    expect(lines(300)).toBe(4)
  })

  it('closes a phrase at a short pause, not at the end of the turn', async () => {
    // cold-call-interrogation #4 is "Great. Can we set up a time for a demo next week?"
    const samples = await readCallAudio(path.join(SPEECH_DIR, 'cold-call-interrogation.wav'))
    const spans = segmentSamples(samples).filter((s) => s.startMs >= 14_500)
    expect(spans.length).toBeGreaterThanOrEqual(2)
    expect(spans[0]!.endMs).toBeLessThan(15_400) // "Great." alone
    expect(spans[0]!.endsAtPause).toBe(true)
    expect(spans[0]!.cutAfter).toBeUndefined()
  })

  it('cuts long speech at a gap between words: the audio right at each cut is near silence', async () => {
    const samples = await readCallAudio(path.join(SPEECH_DIR, 'give-first-call.wav'))
    const cuts = segmentSamples(samples).filter((s) => s.cutAfter)
    expect(cuts.length).toBeGreaterThanOrEqual(3)
    const level = (fromMs: number, toMs: number) => {
      let sum = 0
      const a = (fromMs * SAMPLE_RATE) / 1000
      const b = (toMs * SAMPLE_RATE) / 1000
      for (let i = a; i < b; i++) sum += samples[i]! * samples[i]!
      return Math.sqrt(sum / (b - a))
    }
    const speechLevel = level(5_400, 12_700)
    for (const c of cuts) {
      // The quietest 10 ms within 20 ms of the cut is far below the voice (a word gap, not a vowel).
      const quietest = Math.min(...[-20, -10, 0, 10].map((o) => level(c.endMs + o, c.endMs + o + 10)))
      expect(quietest).toBeLessThan(speechLevel / 4)
    }
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

  it('segments only the end of a file when asked (crash recovery), in file time', async () => {
    const samples = await readCallAudio(path.join(SPEECH_DIR, 'give-first-call.wav'))
    const whole = segmentSamples(samples)
    // From 13.5 s: inside the pause before utterance 3 (the pass starts 10 s before, on the same frame grid).
    const tail = segmentSamples(samples, undefined, 13_500)
    expect(tail.every((s) => s.startMs >= 13_500)).toBe(true)
    expect(tail.map((s) => [s.startMs, s.endMs, s.endsAtPause])).toEqual(
      whole.filter((s) => s.startMs >= 13_500).map((s) => [s.startMs, s.endMs, s.endsAtPause]),
    )
    expect(tail.length).toBeGreaterThanOrEqual(2)
  })

  it('tells between pushes what is being heard: the open span and its probabilities', async () => {
    const samples = await readCallAudio(path.join(SPEECH_DIR, 'give-first-call.wav'))
    const seg = new SpeechSegmenter()
    expect(seg.open).toBeUndefined()
    // 8 s in: inside utterance 2 (5.33–12.73 s), after its first cut.
    const closed = seg.push(samples.subarray(0, 8 * SAMPLE_RATE))
    expect(seg.speaking).toBe(true)
    const open = seg.open!
    expect(open.startMs).toBeGreaterThanOrEqual(6_000)
    // The open piece continues the last closed one (utterance 2 is longer than a piece).
    expect(closed.at(-1)).toMatchObject({ endMs: open.startMs, cutAfter: true })
    expect(open.cutBefore).toBe(true)
    expect(open.speechEndMs).toBeLessThanOrEqual(seg.positionMs)
    expect(open.speechProb.length).toBe((seg.positionMs - open.startMs) / VAD_FRAME_MS)
    expect(seg.trailingSilenceMs).toBe(seg.positionMs - open.speechEndMs)
    expect(seg.lastProbability).toBeGreaterThan(0)
    // In the 1.6 s pause after "… early shift.": nothing open.
    seg.push(samples.subarray(8 * SAMPLE_RATE, 13.5 * SAMPLE_RATE))
    expect(seg.speaking).toBe(false)
    expect(seg.open).toBeUndefined()
    expect(seg.trailingSilenceMs).toBe(0)
  })

  it('does not take a steady tone (a hum, a dial tone) for speech', () => {
    expect(segmentSamples(pattern([['gap', 500], ['tone', 3000], ['gap', 1000]]))).toEqual([])
  })
})

describe('SpeechSegmenter cutting logic (energy fallback, tones)', () => {
  const energy = { vad: 'energy' as const }

  it('cuts a monologue at the maximum segment length, with no gap and no overlap between pieces', () => {
    // 12 s of "syllables": 300 ms of tone, 40 ms gaps (shorter than the hangover).
    const syllables = pattern(Array.from({ length: 36 }, (_, i) => (i % 2 ? ['gap', 40] : ['tone', 300]) as ['tone' | 'gap', number]).concat([['tone', 5880]]))
    const spans = segmentSamples(syllables, { ...energy, maxSegmentMs: 5000 })
    expect(spans.length).toBe(3)
    for (const s of spans) expect(s.endMs - s.startMs).toBeLessThanOrEqual(5000 + DEFAULT_SEGMENTER_OPTIONS.cutGraceMs)
    expect(spans[1]!.startMs).toBe(spans[0]!.endMs)
    expect(spans[2]!.startMs).toBe(spans[1]!.endMs)
    expect(spans[2]!.endMs).toBe(12_000)
    expect(spans.map((s) => [!!s.cutBefore, !!s.cutAfter, s.endsAtPause])).toEqual([
      [false, true, false],
      [true, true, false],
      [true, false, true],
    ])
  })

  it('does not cut off a last word that runs just past the maximum length', () => {
    // Speech ends 200 ms past 2 s: within the grace period, so it stays one piece.
    expect(segmentSamples(pattern([['tone', 2200], ['gap', 1000]]), energy).map((s) => [s.startMs, s.endMs, s.endsAtPause])).toEqual([[0, 2208, true]])
    // 600 ms past: cut near the maximum, and the rest is its own piece.
    const spans = segmentSamples(pattern([['tone', 2600], ['gap', 1000]]), energy)
    expect(spans).toHaveLength(2)
    expect(spans[0]!.endMs).toBeGreaterThanOrEqual(2000 - DEFAULT_SEGMENTER_OPTIONS.cutSearchMs)
    expect(spans[0]!.endMs).toBeLessThanOrEqual(MAX_PIECE_MS)
    expect(spans[1]).toMatchObject({ startMs: spans[0]!.endMs, cutBefore: true, endsAtPause: true })
  })

  it('never reports a cut where the speech in fact stopped', () => {
    // The speech stops at 2.25 s, inside the cut window: the quietest place is
    // the final pause, and the piece ends there as an utterance, not as a cut.
    const spans = segmentSamples(pattern([['tone', 2250], ['gap', 1000]]), energy)
    expect(spans).toHaveLength(1)
    expect(spans[0]).toMatchObject({ startMs: 0, endsAtPause: true })
    expect(spans[0]!.cutAfter).toBeUndefined()
  })

  it('cuts at a gap between words rather than inside a sound', () => {
    // 1.7 s of "speech", a 100 ms gap, 1.5 s more, a pause.
    const spans = segmentSamples(pattern([['tone', 1700], ['gap', 100], ['tone', 1500], ['gap', 1000]]), energy)
    expect(spans).toHaveLength(2)
    expect(spans[0]!.endMs).toBeGreaterThanOrEqual(1700)
    expect(spans[0]!.endMs).toBeLessThanOrEqual(1800)
    expect(spans[1]).toMatchObject({ startMs: spans[0]!.endMs, cutBefore: true })
  })

  it('drops a blip shorter than the minimum speech, keeps a short piece that continues a cut', () => {
    expect(segmentSamples(pattern([['gap', 500], ['tone', 100], ['gap', 1000]]), energy)).toEqual([])
    const spans = segmentSamples(pattern([['tone', 2400], ['gap', 1000]]), energy)
    expect(spans).toHaveLength(2)
    expect(spans[1]!.cutBefore).toBe(true)
    expect(spans[1]!.endMs - spans[1]!.startMs).toBeLessThan(DEFAULT_SEGMENTER_OPTIONS.maxSegmentMs)
  })
})

describe('VAD loading', () => {
  afterEach(() => vi.restoreAllMocks())

  it('falls back to the energy detector when the model cannot load, and says why', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const vad = createFrameVad('silero', path.join(SPEECH_DIR, 'no-such-model.onnx'))
    expect(vad.backend).toBe('energy')
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/Silero VAD could not load from .*no-such-model\.onnx/)
  })

  it('refuses a file that is not the Silero model', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    // A real file, but not an ONNX model: the load fails and the stream still gets a VAD.
    expect(createFrameVad('silero', path.join(SPEECH_DIR, 'jfk.wav')).backend).toBe('energy')
    expect(warn.mock.calls.length).toBeLessThanOrEqual(1)
  })
})
