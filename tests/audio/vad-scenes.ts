/**
 * Test audio for the VAD, made at run time with the real tools (espeak-ng for
 * speech, sox for noise and breaths) into a temporary folder: no big WAVs in
 * the repository, and every figure is computed against a known truth.
 *
 * A scene is speech utterances separated by silence, with noise laid over the
 * whole of it at a chosen SNR (speech RMS over its voiced frames vs noise RMS).
 * Truth is each utterance's voiced extent in the clean signal: the README's
 * rule for the shared samples (10 ms frames with RMS above 200).
 * sox runs with -R (repeatable noise), so every run hears the same audio.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SAMPLE_RATE } from '../../main/audio/pcm'
import { readCallAudio } from '../../main/audio/wav-file'

export type Interval = [startMs: number, endMs: number]
export type NoiseKind = 'white' | 'pink' | 'brown'

/** Written for these tests: plain rep lines, none taken from any recording. */
export const LINES = [
  'Thanks for taking my call, do you have two minutes?',
  'We help small teams answer every customer question on the same day.',
  'What does your support queue look like on a busy Monday morning?',
  'Would it help to see a short demo next Tuesday afternoon?',
  'Great, I will send the invite right after this call.',
  'How many people handle the phones for you today?',
]

export const hasTool = (tool: string) => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

let dir: string | undefined
const workDir = () => (dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-vad-')))

/** Removes the generated files (call from afterAll). */
export function cleanupScenes(): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
  dir = undefined
}

let n = 0
const tmpWav = () => path.join(workDir(), `a${n++}.wav`)

/** One line spoken by espeak-ng, resampled by sox to the call format (16 kHz mono 16-bit). */
export async function speak(text: string, voice = 'en-us'): Promise<Int16Array> {
  const raw = tmpWav()
  const out = tmpWav()
  execFileSync('espeak-ng', ['-v', voice, '-s', '165', '-w', raw, text])
  execFileSync('sox', [raw, '-r', String(SAMPLE_RATE), '-b', '16', '-c', '1', out])
  return readCallAudio(out)
}

/** sox-synthesized noise (repeatable), scaled to `rms` (int16 scale). */
export async function noise(kind: NoiseKind, seconds: number, rms: number): Promise<Int16Array> {
  const out = tmpWav()
  execFileSync('sox', ['-R', '-n', '-r', String(SAMPLE_RATE), '-b', '16', '-c', '1', out, 'synth', String(seconds), `${kind}noise`, 'vol', '0.5'])
  return scaleTo(await readCallAudio(out), rms)
}

export function rmsOf(samples: Int16Array, intervals?: Interval[]): number {
  let sum = 0
  let count = 0
  const add = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      sum += samples[i]! * samples[i]!
      count++
    }
  }
  if (!intervals) add(0, samples.length)
  else for (const [a, b] of intervals) add(ms(a), Math.min(samples.length, ms(b)))
  return count ? Math.sqrt(sum / count) : 0
}

const ms = (t: number) => Math.round((t * SAMPLE_RATE) / 1000)

function scaleTo(samples: Int16Array, rms: number): Int16Array {
  const gain = rms / Math.max(1e-9, rmsOf(samples))
  return Int16Array.from(samples, (v) => clip(v * gain))
}

const clip = (v: number) => Math.max(-32768, Math.min(32767, Math.round(v)))

/** Sum of two signals (the second repeated or cut to the first's length), clipped. */
export function mix(a: Int16Array, b: Int16Array): Int16Array {
  return Int16Array.from(a, (v, i) => clip(v + b[i % b.length]!))
}

/** The README's rule: 10 ms frames with RMS above 200, gaps under 600 ms inside an utterance. */
export function voicedExtent(samples: Int16Array, offsetMs = 0): Interval[] {
  const frame = SAMPLE_RATE / 100
  const out: Interval[] = []
  for (let f = 0; (f + 1) * frame <= samples.length; f++) {
    let sum = 0
    for (let i = f * frame; i < (f + 1) * frame; i++) sum += samples[i]! * samples[i]!
    if (Math.sqrt(sum / frame) <= 200) continue
    const at: Interval = [offsetMs + f * 10, offsetMs + f * 10 + 10]
    const last = out.at(-1)
    if (last && at[0] - last[1] < 600) last[1] = at[1]
    else out.push(at)
  }
  return out
}

export interface Scene {
  samples: Int16Array
  /** Voiced extent of each utterance, ms. */
  truth: Interval[]
}

/** Utterances with `gapMs` of silence between them and `leadMs` before the first and after the last. */
export function sceneOf(utterances: Int16Array[], gapMs = 1500, leadMs = 1000): Scene {
  const parts: Int16Array[] = [new Int16Array(ms(leadMs))]
  const truth: Interval[] = []
  let at = leadMs
  utterances.forEach((u, i) => {
    if (i) {
      parts.push(new Int16Array(ms(gapMs)))
      at += gapMs
    }
    const extent = voicedExtent(u)
    truth.push([at + extent[0]![0], at + extent.at(-1)![1]])
    parts.push(u)
    at += (u.length * 1000) / SAMPLE_RATE
  })
  parts.push(new Int16Array(ms(leadMs)))
  const samples = new Int16Array(parts.reduce((s, p) => s + p.length, 0))
  let off = 0
  for (const p of parts) {
    samples.set(p, off)
    off += p.length
  }
  return { samples, truth }
}

/** The scene with `kind` noise over all of it, `snrDb` below the speech's RMS. */
export async function withNoise(scene: Scene, kind: NoiseKind, snrDb: number): Promise<Scene> {
  const speechRms = rmsOf(scene.samples, scene.truth)
  const bed = await noise(kind, scene.samples.length / SAMPLE_RATE + 1, speechRms / 10 ** (snrDb / 20))
  return { samples: mix(scene.samples, bed), truth: scene.truth }
}

/** The six lines as one scene (1.5 s of silence between lines). */
export async function speechScene(): Promise<Scene> {
  const lines: Int16Array[] = []
  for (const line of LINES) lines.push(await speak(line))
  return sceneOf(lines)
}

/** Deterministic PRNG (mulberry32) for placing breaths and clicks. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Breaths into a headset mic: band-passed pink-noise bursts of 0.3–0.7 s with
 * a rise and a fall (sox), every 2–4 s, at RMS 300–2500 over a quiet room (RMS 30).
 */
export async function breaths(seconds: number, seed = 1): Promise<Int16Array> {
  const rand = prng(seed)
  const shapes: Int16Array[] = []
  for (const [dur, centre, width] of [[0.35, 1200, 1500], [0.5, 900, 1200], [0.7, 1600, 2000]] as const) {
    const out = tmpWav()
    execFileSync('sox', ['-R', '-n', '-r', String(SAMPLE_RATE), '-b', '16', '-c', '1', out, 'synth', String(dur), 'pinknoise', 'vol', '0.5',
      'sinc', `${centre - width / 2}-${centre + width / 2}`, 'fade', 'q', String(dur * 0.4), String(dur), String(dur * 0.5)])
    shapes.push(await readCallAudio(out))
  }
  const bed = await noise('pink', seconds, 30)
  let at = 1 + rand()
  while (at < seconds - 1) {
    const shape = shapes[Math.floor(rand() * shapes.length)]!
    const gain = (300 + rand() * 2200) / rmsOf(shape)
    const from = ms(at * 1000)
    for (let i = 0; i < shape.length && from + i < bed.length; i++) bed[from + i] = clip(bed[from + i]! + shape[i]! * gain)
    at += 2 + rand() * 2
  }
  return bed
}

/**
 * Typing on a keyboard: each key a press and a release ~80 ms apart, each a
 * 6 ms decaying noise burst with a 3 kHz ring, peak 3 000–15 000; bursts of
 * 3–8 keys at 5–8 keys/s, over a quiet room (RMS 30).
 */
export async function clicks(seconds: number, seed = 2): Promise<Int16Array> {
  const rand = prng(seed)
  const bed = await noise('white', seconds, 30)
  const click = (atSample: number, peak: number) => {
    const len = ms(6)
    for (let i = 0; i < len && atSample + i < bed.length; i++) {
      const env = Math.exp(-i / (SAMPLE_RATE * 0.0015))
      const v = peak * env * (0.6 * (rand() * 2 - 1) + 0.4 * Math.sin((2 * Math.PI * 3000 * i) / SAMPLE_RATE))
      bed[atSample + i] = clip(bed[atSample + i]! + v)
    }
  }
  let t = 0.5
  while (t < seconds - 1) {
    const keys = 3 + Math.floor(rand() * 6)
    for (let k = 0; k < keys && t < seconds - 0.5; k++) {
      const peak = 3000 + rand() * 12000
      click(ms(t * 1000), peak)
      click(ms((t + 0.07 + rand() * 0.03) * 1000), peak * 0.6)
      t += 1 / (5 + rand() * 3)
    }
    t += 0.5 + rand() * 1.5
  }
  return bed
}

/** Measures spans against truth. Spans are merged into utterances where they touch or a gap is under 600 ms. */
export function scoreSpans(spans: Array<{ startMs: number; endMs: number }>, truth: Interval[], totalMs: number) {
  const total = (xs: Interval[]) => xs.reduce((s, [a, b]) => s + (b - a), 0)
  const overlap = (xs: Interval[], [a, b]: Interval) => xs.reduce((s, [c, d]) => s + Math.max(0, Math.min(b, d) - Math.max(a, c)), 0)
  const detected: Interval[] = spans.map((s) => [s.startMs, s.endMs])
  // Onsets and tails a few frames past the README's voiced frames are not false speech.
  const tolerance = 250
  const padded: Interval[] = truth.map(([a, b]) => [a - tolerance, b + tolerance])
  const falseMs = detected.reduce((s, d) => s + (d[1] - d[0]) - overlap(padded, d), 0)
  const missedMs = truth.reduce((s, t) => s + (t[1] - t[0]) - overlap(detected, t), 0)
  const utterances: Interval[] = []
  for (const [a, b] of detected) {
    const last = utterances.at(-1)
    if (last && a - last[1] < 600) last[1] = b
    else utterances.push([a, b])
  }
  const errors: number[] = []
  for (const t of truth) {
    const u = utterances.find((d) => overlap([d], t) > 0)
    if (u) errors.push(Math.abs(u[0] - t[0]), Math.abs(u[1] - t[1]))
  }
  const nonSpeechMs = totalMs - total(truth)
  return {
    truthS: total(truth) / 1000,
    detectedS: total(detected) / 1000,
    falseSPerMin: nonSpeechMs > 0 ? falseMs / 1000 / (nonSpeechMs / 60_000) : 0,
    missedPct: truth.length ? (100 * missedMs) / total(truth) : 0,
    boundaryErrMs: errors.length ? errors.reduce((s, e) => s + e, 0) / errors.length : null,
    utterances: utterances.length,
  }
}
