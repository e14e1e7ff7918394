/**
 * What the first utterance of the first call pays for the Silero VAD, with and
 * without `warmUpVad()` at startup. Each run is a fresh process (the ONNX
 * session is made once per process): it feeds cold-call-interrogation.wav to a
 * new SpeechSegmenter in 100 ms frames, as the renderer sends them, and times
 * the segmenter's work (the main thread blocked) from the first frame until
 * the first utterance's first span closes, and the first frame alone.
 *
 *   npx tsx bench/vad-warmup.bench.ts [runs=5]
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SpeechSegmenter, warmUpVad } from '../main/audio/speech-segmenter'
import { readCallAudio } from '../main/audio/wav-file'
import { SPEECH_DIR } from '../tests/helpers/shared-assets'

const self = fileURLToPath(import.meta.url)

async function child(mode: 'cold' | 'warm'): Promise<void> {
  const audio = await readCallAudio(path.join(SPEECH_DIR, 'cold-call-interrogation.wav'))
  let warmMs = 0
  if (mode === 'warm') {
    const t = performance.now()
    warmUpVad()
    warmMs = performance.now() - t
  }
  let seg: SpeechSegmenter | undefined
  let firstFrameMs = -1
  let busyMs = 0
  for (let i = 0; i < audio.length; i += 1600) {
    const t = performance.now()
    // Made at the first frame, as a call's segmenter is made when the call starts.
    seg ??= new SpeechSegmenter()
    const spans = seg.push(audio.subarray(i, i + 1600))
    const ms = performance.now() - t
    busyMs += ms
    if (firstFrameMs < 0) firstFrameMs = ms
    if (spans.length) break
  }
  process.stdout.write(JSON.stringify({ warmMs, firstFrameMs, busyMs }))
}

function main(): void {
  const runs = Number(process.argv[2] ?? 5)
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  for (const mode of ['cold', 'warm'] as const) {
    const rows: Array<{ warmMs: number; firstFrameMs: number; busyMs: number }> = []
    for (let r = 0; r < runs; r++) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', mode], { encoding: 'utf8' })
      rows.push(JSON.parse(out.trim().split('\n').pop()!))
    }
    const f = (k: keyof (typeof rows)[number]) => median(rows.map((x) => x[k])).toFixed(1)
    console.log(`${mode}: startup warm-up ${f('warmMs')} ms; first utterance: first 100 ms frame ${f('firstFrameMs')} ms, segmenter busy until its first span ${f('busyMs')} ms (median of ${runs})`)
  }
}

const at = process.argv.indexOf('--child')
if (at >= 0) await child(process.argv[at + 1] as 'cold' | 'warm')
else main()
