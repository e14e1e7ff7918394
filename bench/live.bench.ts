/**
 * Live-path latency on spoken audio, through the running app (test host:
 * recorder, Silero VAD, utterances, whisper.cpp engine, coach) with the overlay
 * page open in Chromium.
 *
 * Oracle harness (default): corpus calls are spoken by espeak-ng word by word
 * (every word's time known), played in real time, and decoded by the real
 * engine with a synthetic model of the real shapes (timing is real); each
 * decode's words come from the script (garbled where the window cuts them), so
 * the coach gets realistic text and raises real flags. Reported per shape:
 * - end of speech → live text stored, → prompt on screen (p50/p95; a prompt
 *   shown from committed words before the speech ended counts as ≤ 0);
 * - the floor of the same run: endpoint delay (VAD hangover) + the engine time
 *   of the utterance's last decode (its last window);
 * - the deepest the engine's line got; flag agreement of the live call's final
 *   flags with the coach on the whole lines; and (in-process, every corpus
 *   call, random cuts) coach F1 as the live path feeds it vs whole lines.
 *
 *   npm run bench:live [-- --shapes tiny.en,base.en] [--calls 2] [--minutes 10] [--tokens cap|script] [--model PATH]
 *
 * --tokens script: each decode stops at about the tokens its window's words
 * need, as a real model would (the synthetic one otherwise runs to the cap).
 *
 * --minutes N adds a run of N minutes of continuous speech (corpus lines back
 * to back) that reports the engine's queue depth over time.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import type { Flag, Segment } from '../contract/ipc-contract'
import { analyzeCall } from '../main/coach'
import { DEFAULT_SEGMENTER_OPTIONS } from '../main/audio/speech-segmenter'
import { LIVE_AUDIO_CTX } from '../main/transcription/decode-params'
import { launchChromium } from '../tests/helpers/chromium'
import { connectApi, startHost } from '../tests/helpers/test-host-process'
import { expectedFlags, LABELED_KINDS, loadCorpus, type CorpusCall } from '../tests/coach/corpus-loader'
import { randomCuts, seeded, simulateLiveCall, type ScriptLine } from './oracle/live-sim'
import { timedScript } from './oracle/oracle-recognizer'
import { speakScript } from './oracle/speak'
import { writeSyntheticTinyEn, type ModelShape } from './synthetic-model'

const argv = process.argv.slice(2)
const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined)
const Args = z.object({
  model: z.string().min(1).optional(),
  shapes: z
    .string()
    .default('tiny.en,base.en')
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(['tiny.en', 'base.en']))),
  calls: z.coerce.number().int().min(0).max(20).default(2),
  minutes: z.coerce.number().min(0).max(30).default(0),
  /** 'cap': the synthetic model decodes to every job's token cap (worst case); 'script': to about the window's words, where a real model stops. */
  tokens: z.enum(['cap', 'script']).default('cap'),
})
const args = Args.parse({ model: flag('--model'), shapes: flag('--shapes'), calls: flag('--calls'), minutes: flag('--minutes'), tokens: flag('--tokens') })

const FRAME_MS = 20 // the renderer's capture worklet sends 20 ms frames
const FRAME_SAMPLES = (16_000 * FRAME_MS) / 1000
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : null
}
const stat = (values: number[]) => ({ p50: pct(values, 50), p95: pct(values, 95), n: values.length })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface CallRun {
  rows: Array<Record<string, number | string | null>>
  /** Every job waiting or running, final-tier ones included (a live call keeps one in line; they wait for the rep to be quiet). */
  maxQueued: number
  /** Live decodes waiting behind the one running. */
  maxLiveQueued: number
  decodes: number
  flagAgreement: { live: number; whole: number; both: number }
  depthOverTime: Array<{ atS: number; queued: number }>
}

async function runCall(modelPath: string, lines: readonly string[], tmp: string, label: string, opts: { waitForFinalTier: boolean } = { waitForFinalTier: true }): Promise<CallRun> {
  const spoken = speakScript(lines)
  const scriptPath = path.join(tmp, `${label}.script.json`)
  fs.writeFileSync(scriptPath, JSON.stringify(spoken.words))
  const host = await startHost({ env: { CALLDESK_MODEL: modelPath, CALLDESK_TIMING: '1', CALLDESK_ORACLE_SCRIPT: scriptPath, CALLDESK_ORACLE_TOKENS: args.tokens } })
  const browser = await launchChromium()
  try {
    const overlay = await browser.newPage({ viewport: { width: 380, height: 230 } })
    await overlay.goto(`${host.url}overlay.html`)
    await overlay.getByTestId('current-prompt').waitFor()
    await overlay.evaluate(() => {
      const w = window as unknown as { __renders: Array<{ id: string; t: number }> }
      w.__renders = []
      const el = document.querySelector('[data-testid="current-prompt"]')!
      new MutationObserver(() => {
        const id = el.getAttribute('data-flag-id')
        if (id) requestAnimationFrame(() => w.__renders.push({ id, t: Date.now() }))
      }).observe(el, { attributes: true, attributeFilter: ['data-flag-id'] })
    })
    const api = await connectApi(host)
    const done = new Map<number, number>()
    const finals = new Set<number>()
    const flags: Array<{ flag: Flag; t: number }> = []
    let maxQueued = 0
    const depthOverTime: CallRun['depthOverTime'] = []
    api.on('segment', (s: Segment) => {
      if (s.status !== 'pending' && !done.has(s.id)) done.set(s.id, Date.now())
      if (s.tier === 'final') finals.add(s.id)
    })
    api.on('flag', (f: Flag) => flags.push({ flag: f, t: Date.now() }))
    let windowMax = 0
    api.on('engineState', (e: { queued: number }) => {
      maxQueued = Math.max(maxQueued, e.queued)
      windowMax = Math.max(windowMax, e.queued)
    })

    const padded = new Int16Array(spoken.samples.length + 24_000)
    padded.set(spoken.samples)
    const { callId } = await api.startCall({ kind: 'live', deviceLabel: 'bench' })
    const t0 = Date.now()
    const frames = Math.ceil(padded.length / FRAME_SAMPLES)
    for (let i = 0; i < frames; i++) {
      const due = t0 + (i + 1) * FRAME_MS
      if (due > Date.now()) await sleep(due - Date.now())
      await api.pushAudio({ callId, seq: i, pcm: new Uint8Array(padded.slice(i * FRAME_SAMPLES, (i + 1) * FRAME_SAMPLES).buffer) })
      if (i % 500 === 0) {
        depthOverTime.push({ atS: Math.round((i * FRAME_MS) / 1000), queued: windowMax })
        windowMax = 0
      }
    }
    await api.stopCall({ callId })
    let detail = await api.getCall({ callId })
    const deadline = Date.now() + 60_000 + detail.segments.length * 30_000
    // The continuous run waits for the live text only (its final tier would take as long again).
    const waiting = (s: Segment) => s.source === 'speech' && (opts.waitForFinalTier ? !finals.has(s.id) : !done.has(s.id))
    while (detail.segments.some(waiting) && Date.now() < deadline) {
      await sleep(500)
      detail = await api.getCall({ callId })
    }
    await sleep(500)
    const renders = (await overlay.evaluate(() => (window as unknown as { __renders: Array<{ id: string; t: number }> }).__renders)).slice()
    const lastDecode = new Map<number, number>()
    const lastWait = new Map<number, number>()
    const lastThreads = new Map<number, number>()
    const lastIdle = new Map<number, number>()
    const backlog = new Map<number, number>()
    let maxLiveQueued = 0
    let decodes = 0
    for (const line of host.stderr().split('\n')) {
      if (!line.startsWith('{"timing":"live"')) continue
      const t = JSON.parse(line) as { segmentId: number; engineMs: number; waitMs: number; liveQueued: number; finalBacklog?: number; threads?: number; idleCores?: number }
      lastDecode.set(t.segmentId, t.engineMs) // the last one is the utterance's end decode
      lastWait.set(t.segmentId, t.waitMs)
      if (t.threads !== undefined) lastThreads.set(t.segmentId, t.threads)
      if (t.idleCores !== undefined) lastIdle.set(t.segmentId, Math.round(t.idleCores * 100) / 100)
      if (t.finalBacklog !== undefined) backlog.set(t.segmentId, Math.max(backlog.get(t.segmentId) ?? 0, t.finalBacklog))
      maxLiveQueued = Math.max(maxLiveQueued, t.liveQueued)
      decodes++
    }
    const rows: CallRun['rows'] = detail.segments.map((seg) => {
      const eos = t0 + Math.ceil(seg.endMs / FRAME_MS) * FRAME_MS
      const f = flags.find((x) => x.flag.segmentId === seg.id)
      const render = f ? (renders.find((r) => r.id === f.flag.id)?.t ?? null) : null
      const engineMs = lastDecode.get(seg.id) ?? null
      return {
        call: label,
        endS: Math.round(seg.endMs / 100) / 10,
        seconds: Math.round((seg.endMs - seg.startMs) / 100) / 10,
        flag: f?.flag.kind ?? null,
        eosToTextMs: done.has(seg.id) ? done.get(seg.id)! - eos : null,
        eosToFlagMs: f ? f.t - eos : null,
        eosToPromptMs: render !== null ? render - eos : null,
        lastDecodeEngineMs: engineMs !== null ? Math.round(engineMs) : null,
        // what the end decode waited: in the queue for its engine (an earlier end decode; with one engine, any decode), and in it
        lastDecodeWaitMs: lastWait.has(seg.id) ? Math.round(lastWait.get(seg.id)!) : null,
        lastDecodeThreads: lastThreads.get(seg.id) ?? null,
        // cores the rest of the machine (Chromium, the host, the bench) left idle during it: what the thread governor reads
        lastDecodeIdleCores: lastIdle.get(seg.id) ?? null,
        floorMs: engineMs !== null ? Math.round(DEFAULT_SEGMENTER_OPTIONS.hangoverMs + engineMs) : null,
        // utterances of the call waiting for their final tier while this one was decoded (it runs in the rep's pauses)
        finalTierBacklog: backlog.get(seg.id) ?? null,
      }
    })
    // The call's final flags (after the final tier) against the coach on the whole lines.
    const kinds = (list: Array<{ kind: string; at: number }>) => new Set(list.map((f) => `${f.kind}@${f.at}`))
    const lineOf = (ms: number) => spoken.lines.findIndex((l) => ms >= l.startMs - 400 && ms <= l.endMs + 400)
    const live = kinds(detail.flags.filter((f) => !f.retractedAt).map((f) => ({ kind: f.kind, at: lineOf(f.atMs) })))
    const whole = kinds(analyzeCall(spoken.lines.map((l) => ({ text: l.text, startMs: l.startMs, endMs: l.endMs }))).flags.map((f) => ({ kind: f.kind, at: f.segmentIndex })))
    const both = [...live].filter((k) => whole.has(k)).length
    api.close()
    return { rows, maxQueued, maxLiveQueued, decodes, flagAgreement: { live: live.size, whole: whole.size, both }, depthOverTime }
  } finally {
    await browser.close()
    await host.stop()
  }
}

/** Coach F1 per labeled kind, fed whole lines or fed by the live path (oracle words, segmenter-like cuts every ~2 s plus random ones). */
function coachF1(calls: readonly CorpusCall[]) {
  const count = () => Object.fromEntries(LABELED_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<string, { tp: number; fp: number; fn: number }>
  const whole = count()
  const live = count()
  const rand = seeded(12)
  const score = (into: ReturnType<typeof count>, call: CorpusCall, got: Array<{ kind: string; segmentIndex: number }>) => {
    for (const kind of LABELED_KINDS) {
      const want = new Set(expectedFlags(call.lines).filter((f) => f.kind === kind).map((f) => f.index))
      const have = new Set(got.filter((f) => f.kind === kind).map((f) => f.segmentIndex))
      for (const i of have) (want.has(i) ? into[kind]!.tp++ : into[kind]!.fp++)
      for (const i of want) if (!have.has(i)) into[kind]!.fn++
    }
  }
  for (const call of calls) {
    const lines: ScriptLine[] = timedScript(call.lines.map((l) => l.text))
    score(whole, call, analyzeCall(lines.map((l) => ({ text: l.text, startMs: l.startMs, endMs: l.endMs }))).flags)
    const sim = simulateLiveCall(lines, (line) => {
      const every2s: number[] = []
      for (let t = line.startMs + 2000; t < line.endMs; t += 2000) every2s.push(t)
      return [...every2s, ...randomCuts(rand, line, 2)]
    })
    score(live, call, sim.flags)
  }
  const f1 = (c: { tp: number; fp: number; fn: number }) => {
    const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1
    const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1
    return p + r ? Math.round(((2 * p * r) / (p + r)) * 1000) / 1000 : 0
  }
  return Object.fromEntries(LABELED_KINDS.map((k) => [k, { wholeLines: f1(whole[k]!), liveFed: f1(live[k]!), delta: Math.round((f1(live[k]!) - f1(whole[k]!)) * 1000) / 1000 }]))
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-live-bench-'))
  const corpus = loadCorpus()
  const heldOut = corpus.filter((c) => c.part === 'held-out')
  const out: Record<string, unknown> = {}
  try {
    for (const shape of (args.model ? ['custom'] : args.shapes) as Array<ModelShape | 'custom'>) {
      let modelPath = args.model
      if (!modelPath) {
        modelPath = path.join(tmp, `synthetic-${shape}.bin`)
        await writeSyntheticTinyEn(modelPath, { seed: 1, shape: shape as ModelShape })
      }
      const rows: CallRun['rows'] = []
      let maxQueued = 0
      let maxLiveQueued = 0
      let decodes = 0
      const agreement = { live: 0, whole: 0, both: 0 }
      for (const call of heldOut.slice(0, args.calls)) {
        process.stderr.write(`${shape}: speaking ${call.id} (${call.lines.length} lines)\n`)
        const run = await runCall(modelPath, call.lines.map((l) => l.text), tmp, `${shape}-${call.id}`)
        rows.push(...run.rows)
        maxQueued = Math.max(maxQueued, run.maxQueued)
        maxLiveQueued = Math.max(maxLiveQueued, run.maxLiveQueued)
        decodes += run.decodes
        agreement.live += run.flagAgreement.live
        agreement.whole += run.flagAgreement.whole
        agreement.both += run.flagAgreement.both
      }
      console.table(rows)
      const col = (k: string) => rows.map((r) => r[k]).filter((v): v is number => typeof v === 'number')
      const summary: Record<string, unknown> = {
        eosToTextMs: stat(col('eosToTextMs')),
        eosToPromptMs: stat(col('eosToPromptMs')),
        promptsShownBeforeSpeechEnded: col('eosToPromptMs').filter((v) => v <= 0).length,
        floorMs: stat(col('floorMs')),
        lastDecodeEngineMs: stat(col('lastDecodeEngineMs')),
        lastDecodeWaitMs: stat(col('lastDecodeWaitMs')),
        maxEngineQueue: maxQueued,
        maxLiveQueueWaiting: maxLiveQueued,
        liveDecodes: decodes,
        finalFlagsVsWholeLines: agreement,
      }
      const promptP95 = (summary.eosToPromptMs as { p95: number | null }).p95
      const textP95 = (summary.eosToTextMs as { p95: number | null }).p95
      const floorP95 = (summary.floorMs as { p95: number | null }).p95
      summary.targets = {
        promptP95Ms: shape === 'tiny.en' ? 1000 : null,
        ratioToFloor: 1.25,
        measuredPromptOverFloor: promptP95 !== null && floorP95 ? Math.round((promptP95 / floorP95) * 100) / 100 : null,
        measuredTextOverFloor: textP95 !== null && floorP95 ? Math.round((textP95 / floorP95) * 100) / 100 : null,
      }
      if (args.minutes > 0) {
        const lines: string[] = []
        let seconds = 0
        for (const c of corpus) for (const l of c.lines) if (seconds < args.minutes * 60) (lines.push(l.text), (seconds += l.text.split(/\s+/).length * 0.4))
        process.stderr.write(`${shape}: ${args.minutes} minutes of continuous speech (${lines.length} lines)\n`)
        const spokenRun = await runCall(modelPath, lines, tmp, `${shape}-continuous`, { waitForFinalTier: false })
        const eos = spokenRun.rows.map((r) => r.eosToTextMs).filter((v): v is number => typeof v === 'number')
        // Per minute of the call: where the time of an utterance's text went, and how deep the line was.
        const perMinute = new Map<number, Array<CallRun['rows'][number]>>()
        for (const r of spokenRun.rows) {
          const m = Math.floor((r.endS as number) / 60)
          perMinute.set(m, [...(perMinute.get(m) ?? []), r])
        }
        const num = (rows: Array<CallRun['rows'][number]>, k: string) => rows.map((r) => r[k]).filter((v): v is number => typeof v === 'number')
        console.table(
          [...perMinute].map(([m, rows]) => ({
            minute: m + 1,
            utterances: rows.length,
            eosToTextP50: pct(num(rows, 'eosToTextMs'), 50),
            eosToTextP95: pct(num(rows, 'eosToTextMs'), 95),
            endDecodeEngineP95: pct(num(rows, 'lastDecodeEngineMs'), 95),
            endDecodeWaitP95: pct(num(rows, 'lastDecodeWaitMs'), 95),
            // the rest: endpoint delay, and the host hearing the audio late (its event loop busy)
            otherP95: pct(rows.flatMap((r) => (typeof r.eosToTextMs === 'number' && typeof r.lastDecodeEngineMs === 'number' && typeof r.lastDecodeWaitMs === 'number' ? [r.eosToTextMs - r.lastDecodeEngineMs - r.lastDecodeWaitMs] : [])), 95),
            jobsWaitingMax: Math.max(0, ...spokenRun.depthOverTime.filter((d) => Math.floor(d.atS / 60) === m).map((d) => d.queued)),
            finalTierBacklogMax: Math.max(0, ...num(rows, 'finalTierBacklog')),
          })),
        )
        summary.continuous = {
          minutes: args.minutes,
          utterances: spokenRun.rows.length,
          liveDecodes: spokenRun.decodes,
          maxEngineQueue: spokenRun.maxQueued,
          maxLiveQueueWaiting: spokenRun.maxLiveQueued,
          maxFinalTierBacklog: Math.max(0, ...spokenRun.rows.map((r) => r.finalTierBacklog).filter((v): v is number => typeof v === 'number')),
          eosToTextMs: stat(eos),
          eosToTextMsLastMinute: stat(eos.slice(-Math.ceil(eos.length / args.minutes))),
        }
      }
      out[shape] = summary
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  console.log(
    JSON.stringify({
      machine: { cpus: os.availableParallelism(), node: process.version, load: os.loadavg().map((l) => Math.round(l * 10) / 10) },
      model: args.model ?? 'synthetic (real shapes, random weights); words from the oracle (espeak-ng script)',
      decode: { liveAudioCtx: LIVE_AUDIO_CTX, hangoverMs: DEFAULT_SEGMENTER_OPTIONS.hangoverMs, syntheticTokens: args.tokens },
      shapes: out,
      coachF1: coachF1(corpus),
    }),
  )
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
