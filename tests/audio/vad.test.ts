/**
 * Silero VAD on real speech and real noise: the shared recordings, espeak-ng
 * speech with sox noise laid over it, breaths, keyboard clicks and silence,
 * all made at run time (vad-scenes.ts). The real model runs; nothing is mocked.
 * bench:vad prints the same figures as a table.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SAMPLE_RATE } from '../../main/audio/pcm'
import { SpeechSegmenter, segmentSamples, type SpeechSpan } from '../../main/audio/speech-segmenter'
import { readCallAudio } from '../../main/audio/wav-file'
import { SPEECH_DIR } from '../helpers/shared-assets'
import { breaths, cleanupScenes, clicks, mix, noise, scoreSpans, speechScene, withNoise, type Scene } from './vad-scenes'

const totalMs = (samples: Int16Array) => (samples.length * 1000) / SAMPLE_RATE
const spokenMs = (spans: SpeechSpan[]) => spans.reduce((s, x) => s + x.endMs - x.startMs, 0)

/** Spans grouped into utterances at the pauses the segmenter found (cuts inside speech are joined). */
function atPauses(spans: SpeechSpan[]): Array<{ startMs: number; endMs: number }> {
  const out: Array<{ startMs: number; endMs: number }> = []
  let open: { startMs: number; endMs: number } | undefined
  for (const s of spans) {
    open ??= { startMs: s.startMs, endMs: s.endMs }
    open.endMs = s.endMs
    if (s.endsAtPause) {
      out.push(open)
      open = undefined
    }
  }
  return out
}

afterAll(() => cleanupScenes())

describe('VAD on real voice', () => {
  it('splits jfk.wav at its three pauses and nowhere else', async () => {
    const samples = await readCallAudio(path.join(SPEECH_DIR, 'jfk.wav'))
    // Measured on the file (50 ms RMS under 400 — the room — for over 0.5 s):
    // after "…fellow Americans", after "ask not", after "…do for you".
    const pauses = [
      [2150, 3250],
      [4300, 5400],
      [7600, 8150],
    ]
    const utterances = atPauses(segmentSamples(samples))
    expect(utterances).toHaveLength(4)
    pauses.forEach(([from, to], i) => {
      expect(utterances[i]!.endMs).toBeGreaterThan(from! - 200)
      expect(utterances[i]!.endMs).toBeLessThanOrEqual(from! + 150)
      expect(utterances[i + 1]!.startMs).toBeGreaterThanOrEqual(to! - 150)
      expect(utterances[i + 1]!.startMs).toBeLessThan(to! + 200)
    })
  })

  it('keeps the 5 utterances of give-first-call.wav apart under low white noise', async () => {
    const samples = await readCallAudio(path.join(SPEECH_DIR, 'give-first-call.wav'))
    const clean = atPauses(segmentSamples(samples))
    // "Hi Dana," | "it's Priya from Northpeak Logistics." | … | "Mind if I share how they did it?" | …
    expect(clean).toHaveLength(5)
    for (const rms of [100, 300]) {
      const noisy = atPauses(segmentSamples(mix(samples, await noise('white', totalMs(samples) / 1000 + 1, rms))))
      expect(noisy).toHaveLength(5)
      noisy.forEach((u, i) => {
        expect(Math.abs(u.startMs - clean[i]!.startMs)).toBeLessThanOrEqual(100)
        expect(Math.abs(u.endMs - clean[i]!.endMs)).toBeLessThanOrEqual(150)
      })
    }
  })
})

describe('VAD on espeak-ng speech in noise', () => {
  let clean: Scene
  beforeAll(async () => {
    clean = await speechScene()
  })

  it('finds every line of clean speech with its boundaries', () => {
    const score = scoreSpans(segmentSamples(clean.samples), clean.truth, totalMs(clean.samples))
    expect(score.utterances).toBe(clean.truth.length)
    expect(score.missedPct).toBeLessThan(3)
    expect(score.falseSPerMin).toBeLessThan(0.5)
    expect(score.boundaryErrMs!).toBeLessThan(120)
  })

  for (const kind of ['white', 'pink', 'brown'] as const) {
    for (const snr of [20, 10, 5]) {
      it(`still detects the speech under ${kind} noise at ${snr} dB SNR`, async () => {
        const scene = await withNoise(clean, kind, snr)
        const score = scoreSpans(segmentSamples(scene.samples), scene.truth, totalMs(scene.samples))
        expect(score.utterances).toBe(scene.truth.length)
        expect(score.missedPct).toBeLessThan(5)
        expect(score.falseSPerMin).toBeLessThan(1)
        expect(score.boundaryErrMs!).toBeLessThan(200)
      })
    }
  }
})

describe('VAD on sounds that are not speech', () => {
  // ≈ 0 false speech per minute: at most 0.5 s in a minute.
  const limitMs = 500
  for (const kind of ['white', 'pink', 'brown'] as const) {
    for (const rms of [300, 2000]) {
      it(`hears no speech in a minute of ${kind} noise at RMS ${rms}`, async () => {
        const spans = segmentSamples(await noise(kind, 60, rms))
        expect(spokenMs(spans)).toBeLessThanOrEqual(limitMs)
      })
    }
  }

  it('hears no speech in a minute of breaths', async () => {
    expect(spokenMs(segmentSamples(await breaths(60)))).toBeLessThanOrEqual(limitMs)
  })

  it('hears no speech in a minute of keyboard clicks', async () => {
    expect(spokenMs(segmentSamples(await clicks(60)))).toBeLessThanOrEqual(limitMs)
  })

  it('gives no span at all for silence, digital or dithered, so silence never reaches Whisper', () => {
    const zeros = new Int16Array(60 * SAMPLE_RATE)
    const dither = Int16Array.from(zeros, (_, i) => ((i * 7919) % 3) - 1)
    for (const samples of [zeros, dither]) {
      const seg = new SpeechSegmenter()
      let heard = 0
      for (let i = 0; i < samples.length; i += 1600) {
        heard += seg.push(samples.subarray(i, i + 1600)).length
        expect(seg.speaking).toBe(false)
      }
      expect(heard + seg.flush().length).toBe(0)
      expect(seg.lastProbability).toBeLessThan(0.1)
    }
  })
})
