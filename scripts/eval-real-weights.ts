/**
 * Measures the live path on real Whisper weights and real recordings; for a
 * person with network access (real weights cannot be fetched on the build
 * machines, so CI never runs this). Each recording is replayed through the
 * app's own core (recorder, Silero VAD, utterances, engine, coach) at real
 * time (or --speed times faster), exactly as a live call, and then:
 *
 * - live-tier WER: the text the live path stored when each utterance ended
 *   (what the overlay's prompts were decided on), against the reference;
 * - final-tier WER: the text after the full-context re-decode (what the
 *   debrief and exports show);
 * - hallucinated words per minute of non-speech: the same replay of audio
 *   with no speech in it (silence, white, pink and brown noise made with sox,
 *   plus any --noise WAVs, e.g. breaths, keyboard, room tone); every word
 *   stored is invented;
 * - live-vs-final flag agreement: flags shown during the call against the
 *   flags left after the final tier, by utterance and kind (Jaccard), and how
 *   many were retracted.
 *
 *   npx tsx scripts/eval-real-weights.ts --model ggml-base.en.bin --recordings DIR [--noise DIR] [--speed 1]
 *
 * DIR holds NAME.wav (16 kHz mono 16-bit, or anything sox converts) with
 * NAME.txt beside it: the rep's words (one utterance per line, or free text).
 * Set CALLDESK_LIVE_AUDIO_CTX=512|768|1500 to compare live-tier settings.
 * Prints one JSON object; the README says what each figure means.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import type { EventName, EventPayload, Flag, Segment } from '../contract/ipc-contract'
import { readCallAudio } from '../main/audio/wav-file'
import { createCallDeskCore } from '../main/core/call-desk-core'
import { LIVE_AUDIO_CTX } from '../main/transcription/decode-params'

// node:util splits argv (strict: an unknown or value-less option is refused); zod checks the values.
let values: Record<string, string | boolean | undefined>
try {
  values = parseArgs({
    args: process.argv.slice(2),
    options: { model: { type: 'string' }, recordings: { type: 'string' }, noise: { type: 'string' }, speed: { type: 'string' } },
    strict: true,
  }).values
} catch (error) {
  process.stderr.write(`${(error as Error).message}\nusage: eval-real-weights --model PATH --recordings DIR [--noise DIR] [--speed N]\n`)
  process.exit(2)
}
const Args = z.object({
  model: z.string({ error: '--model PATH (a ggml Whisper model file) is required' }).min(1),
  recordings: z.string({ error: '--recordings DIR (NAME.wav with NAME.txt beside it) is required' }).min(1),
  noise: z.string().optional(),
  speed: z.coerce.number().min(0.5).max(20).default(1),
})
const parsed = Args.safeParse(values)
if (!parsed.success) {
  process.stderr.write(`${parsed.error.issues.map((i) => i.message).join('\n')}\n`)
  process.exit(2)
}
const args = parsed.data

const normWords = (t: string) =>
  t
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)

/** Word edit distance (substitutions + deletions + insertions). */
function editDistance(ref: string[], hyp: string[]): number {
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j)
  for (let i = 1; i <= ref.length; i++) {
    const cur = [i]
    for (let j = 1; j <= hyp.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1))
    prev = cur
  }
  return prev[hyp.length]!
}

/** Any audio file → 16 kHz mono s16 samples (sox), so recordings need not be in the app's format. */
async function load(file: string, tmp: string): Promise<Int16Array> {
  try {
    return await readCallAudio(file)
  } catch {
    const out = path.join(tmp, `${path.basename(file)}.16k.wav`)
    execFileSync('sox', [file, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', out])
    return readCallAudio(out)
  }
}

interface Replay {
  live: string[]
  final: string[]
  shown: Array<Pick<Flag, 'segmentId' | 'kind'>>
  kept: Array<{ segmentId: number | null; kind: string }>
  minutes: number
}

async function replay(samples: Int16Array, dataDir: string): Promise<Replay> {
  const liveText = new Map<number, string>()
  const shown: Flag[] = []
  const core = await createCallDeskCore({
    dataDir,
    appVersion: 'eval',
    env: { ...process.env, CALLDESK_MODEL: path.resolve(args.model) },
    audioUrlFor: () => '',
    emit: <K extends EventName>(event: K, payload: EventPayload<K>) => {
      if (event === 'segment') {
        const s = payload as Segment
        if (s.status === 'done' && s.tier === 'provisional' && !liveText.has(s.id)) liveText.set(s.id, s.text)
      }
      if (event === 'flag') shown.push(payload as Flag)
    },
  })
  core.warmUp() // as the app does once its window is up
  try {
    const { callId } = await core.handlers.startCall({ kind: 'live' })
    const frame = 320 // 20 ms, as the renderer sends
    const t0 = Date.now()
    for (let i = 0, seq = 0; i < samples.length; i += frame, seq++) {
      const due = t0 + ((seq + 1) * 20) / args.speed
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()))
      core.handlers.pushAudio({ callId, seq, pcm: new Uint8Array(samples.slice(i, i + frame).buffer) })
    }
    await core.handlers.stopCall({ callId })
    await core.queue.whenIdle()
    const segments = core.store.segments.listForCall(callId).filter((s) => s.source === 'speech')
    return {
      live: segments.map((s) => liveText.get(s.id) ?? ''),
      final: segments.map((s) => s.text),
      shown,
      kept: core.store.flags.listForCall(callId),
      minutes: samples.length / 16_000 / 60,
    }
  } finally {
    await core.shutdown()
  }
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-eval-'))
  try {
    const wer = { live: { errors: 0, words: 0 }, final: { errors: 0, words: 0 } }
    const flags = { shown: 0, kept: 0, both: 0, retracted: 0 }
    const perRecording: Array<Record<string, unknown>> = []
    const names = fs.readdirSync(args.recordings).filter((f) => /\.(wav|mp3|flac|ogg|m4a)$/i.test(f))
    for (const name of names) {
      const refFile = path.join(args.recordings, name.replace(/\.[^.]+$/, '.txt'))
      if (!fs.existsSync(refFile)) {
        process.stderr.write(`skipping ${name}: no ${path.basename(refFile)} beside it\n`)
        continue
      }
      process.stderr.write(`replaying ${name}…\n`)
      const ref = normWords(fs.readFileSync(refFile, 'utf8'))
      const r = await replay(await load(path.join(args.recordings, name), tmp), path.join(tmp, name))
      const liveErr = editDistance(ref, normWords(r.live.join(' ')))
      const finalErr = editDistance(ref, normWords(r.final.join(' ')))
      wer.live.errors += liveErr
      wer.final.errors += finalErr
      wer.live.words += ref.length
      wer.final.words += ref.length
      const key = (f: { segmentId: number | null; kind: string }) => `${f.segmentId}:${f.kind}`
      const shownKeys = new Set(r.shown.map(key))
      const keptKeys = new Set(r.kept.map(key))
      const both = [...shownKeys].filter((k) => keptKeys.has(k)).length
      flags.shown += shownKeys.size
      flags.kept += keptKeys.size
      flags.both += both
      flags.retracted += shownKeys.size - both
      perRecording.push({ name, minutes: Math.round(r.minutes * 10) / 10, liveWer: liveErr / Math.max(1, ref.length), finalWer: finalErr / Math.max(1, ref.length), flagsShown: shownKeys.size, flagsKept: keptKeys.size })
    }

    // Non-speech: generated with sox, plus the user's own.
    const noise: Array<{ name: string; file: string }> = []
    for (const [name, synth] of [['silence', []], ['white', ['whitenoise']], ['pink', ['pinknoise']], ['brown', ['brownnoise']]] as const) {
      const file = path.join(tmp, `${name}.wav`)
      const args2 = ['-n', '-r', '16000', '-c', '1', '-b', '16', file, 'synth', '60', ...(synth.length ? [...synth, 'vol', '0.05'] : ['sine', '0', 'vol', '0'])]
      execFileSync('sox', args2)
      noise.push({ name, file })
    }
    if (args.noise) for (const f of fs.readdirSync(args.noise).filter((f) => /\.(wav|mp3|flac|ogg)$/i.test(f))) noise.push({ name: f, file: path.join(args.noise, f) })
    const hallucination: Record<string, number> = {}
    let inventedWords = 0
    let noiseMinutes = 0
    for (const n of noise) {
      process.stderr.write(`replaying non-speech ${n.name}…\n`)
      const r = await replay(await load(n.file, tmp), path.join(tmp, `noise-${n.name}`))
      const words = normWords(r.final.join(' ')).length + normWords(r.live.join(' ')).length
      hallucination[n.name] = Math.round((words / r.minutes) * 10) / 10
      inventedWords += words
      noiseMinutes += r.minutes
    }

    console.log(
      JSON.stringify({
        model: path.basename(args.model),
        liveAudioCtx: LIVE_AUDIO_CTX,
        speed: args.speed,
        liveTierWer: wer.live.words ? Math.round((wer.live.errors / wer.live.words) * 1000) / 1000 : null,
        finalTierWer: wer.final.words ? Math.round((wer.final.errors / wer.final.words) * 1000) / 1000 : null,
        hallucinatedWordsPerMinuteOfNonSpeech: noiseMinutes ? Math.round((inventedWords / noiseMinutes) * 10) / 10 : null,
        hallucinationByNoise: hallucination,
        liveVsFinalFlags: {
          shown: flags.shown,
          kept: flags.kept,
          retracted: flags.retracted,
          agreement: flags.shown + flags.kept - flags.both ? Math.round((flags.both / (flags.shown + flags.kept - flags.both)) * 1000) / 1000 : 1,
        },
        perRecording,
      }),
    )
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
