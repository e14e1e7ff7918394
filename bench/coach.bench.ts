/**
 * Coach benchmark: flag precision/recall/F1 per kind and per-class accuracy of
 * the utterance classifier on the tuning and held-out corpus parts, each as
 * written and lowercased without punctuation; then the time to analyse a
 * one-hour call (~900 utterances) incrementally and at once.
 *
 *   npm run bench:coach
 *
 * Ends with one JSON line holding every figure.
 */
import { performance } from 'node:perf_hooks'
import { analyzeCall, createCoach, UTTERANCE_CLASSES, type CoachSegment } from '../main/coach'
import { CORPUS_PARTS, LABELED_KINDS, loadCorpus } from '../tests/coach/corpus-loader'
import { scoreCalls, VARIANTS, type PartScore } from '../tests/coach/scoring'

const pct = (v: number): string => (v * 100).toFixed(1).padStart(6)
const f3 = (v: number): string => v.toFixed(3)

const results: Record<string, Record<string, PartScore>> = {}
for (const part of CORPUS_PARTS) {
  const calls = loadCorpus(part)
  results[part] = {}
  for (const v of VARIANTS) results[part]![v] = scoreCalls(calls, v)
  const n = calls.reduce((a, c) => a + c.lines.length, 0)
  console.log(`\n== ${part}: ${calls.length} calls, ${n} utterances ==`)
  console.log('\nflags            kind                     P       R      F1    tp  fp  fn')
  for (const v of VARIANTS) {
    for (const k of LABELED_KINDS) {
      const s = results[part]![v]!.flags[k]!
      console.log(`  ${v.padEnd(15)}${k.padEnd(22)} ${f3(s.precision)}  ${f3(s.recall)}  ${f3(s.f1)}  ${String(s.tp).padStart(4)}${String(s.fp).padStart(4)}${String(s.fn).padStart(4)}`)
    }
  }
  console.log('\nclassifier       accuracy %  ' + UTTERANCE_CLASSES.map((c) => c.padStart(14)).join(''))
  for (const v of VARIANTS) {
    const s = results[part]![v]!
    console.log(`  ${v.padEnd(15)}${pct(s.accuracy)}     ` + UTTERANCE_CLASSES.map((c) => `${pct(s.perClass[c].accuracy)} (${s.perClass[c].correct}/${s.perClass[c].total})`.padStart(14)).join(''))
  }
}

// ---- timing: a one-hour call ------------------------------------------------
const lines = loadCorpus().flatMap((c) => c.lines.map((l) => l.text))
const HOUR_UTTERANCES = 900
const call: CoachSegment[] = []
for (let i = 0; i < HOUR_UTTERANCES; i++) {
  const text = lines[i % lines.length]!
  const startMs = i * 4000
  const words = text.split(/\s+/).length
  call.push({ text, startMs, endMs: startMs + Math.min(words * 400, 3800) })
}
const durationMin = (call[call.length - 1]!.endMs! - call[0]!.startMs!) / 60000

function time(fn: () => void): number {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}
const incremental = (): void => {
  const coach = createCoach()
  for (const s of call) coach.push(s)
}
const batch = (): void => {
  analyzeCall(call)
}
const coldIncremental = time(incremental)
const coldBatch = time(batch)
const RUNS = 15
const inc: number[] = []
const bat: number[] = []
for (let r = 0; r < RUNS; r++) {
  inc.push(time(incremental))
  bat.push(time(batch))
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const timing = {
  utterances: HOUR_UTTERANCES,
  callMinutes: Math.round(durationMin),
  incrementalMs: { cold: +coldIncremental.toFixed(2), median: +median(inc).toFixed(2), max: +Math.max(...inc).toFixed(2) },
  batchMs: { cold: +coldBatch.toFixed(2), median: +median(bat).toFixed(2), max: +Math.max(...bat).toFixed(2) },
  perPushUs: +((median(inc) * 1000) / HOUR_UTTERANCES).toFixed(1),
}
console.log(`\n== timing: ${HOUR_UTTERANCES} utterances, ${timing.callMinutes}-minute call, ${RUNS} runs after a cold run ==`)
console.log(`  incremental (push x${HOUR_UTTERANCES})  cold ${timing.incrementalMs.cold} ms   median ${timing.incrementalMs.median} ms   max ${timing.incrementalMs.max} ms   (${timing.perPushUs} µs per push)`)
console.log(`  batch (analyzeCall)         cold ${timing.batchMs.cold} ms   median ${timing.batchMs.median} ms   max ${timing.batchMs.max} ms`)

const round = (v: number): number => Math.round(v * 1000) / 1000
const summary = {
  flags: Object.fromEntries(CORPUS_PARTS.map((p) => [p, Object.fromEntries(VARIANTS.map((v) => [v, Object.fromEntries(LABELED_KINDS.map((k) => {
    const s = results[p]![v]!.flags[k]!
    return [k, { precision: round(s.precision), recall: round(s.recall), f1: round(s.f1), tp: s.tp, fp: s.fp, fn: s.fn }]
  }))]))])),
  classifier: Object.fromEntries(CORPUS_PARTS.map((p) => [p, Object.fromEntries(VARIANTS.map((v) => {
    const s = results[p]![v]!
    return [v, { utterances: s.utterances, accuracy: round(s.accuracy), perClass: Object.fromEntries(UTTERANCE_CLASSES.map((c) => [c, round(s.perClass[c].accuracy)])) }]
  }))])),
  timing,
}
console.log('')
console.log(JSON.stringify(summary))
