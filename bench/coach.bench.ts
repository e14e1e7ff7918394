/**
 * Coach benchmark. Prints, per flag kind, precision / recall / F1 (all flags,
 * and only the 'confident' ones the overlay shows) on:
 *   1. the shipped model on its own training parts (tuning, w1, w2) and on the held-out part;
 *   2. left-out authors: the classifier retrained (as shipped: train-lib.ts trainModel) without one writer (tuning + w1 -> w2, tuning + w2 -> w1),
 *      scored on the writer left out and on the held-out part; and left-out styles (each w1/w2 style in turn);
 *   3. ../shared/eval/real-calls (read at run time, never copied): each line as written, lowercased without
 *      punctuation, and lowercased cut into pieces of at most 5 words pushed one at a time into the live coach;
 * then the time to analyse a one-hour call (900 utterances, and the same call as ≤5-word pieces).
 *
 *   npm run bench:coach                 # everything
 *   npm run bench:coach -- --quick      # skip the left-out retraining
 *   npm run bench:coach -- --misses     # also list the real-call lines the coach got wrong
 *   npm run bench:coach -- --speed      # only the timing part (for profiling: node --cpu-prof --import tsx bench/coach.bench.ts --speed)
 *
 * Ends with one JSON line holding every figure.
 */
import { performance } from 'node:perf_hooks'
import { analyzeCall, createCoach, type CoachSegment, type FlagKind } from '../main/coach'
import { withModel } from '../main/coach/coach'
import { LABELED_KINDS, loadCorpus, stripPunctuation, type CorpusCall, type CorpusPart } from '../tests/coach/corpus-loader'
import { loadRealCalls } from '../tests/coach/real-calls'
import { ALL_VARIANTS, fromCorpus, pieces, scoreLabeled, VARIANTS, type KindScore, type LabeledCall, type PartScore, type Variant } from '../tests/coach/scoring'
import { trainModel } from '../tests/coach/tools/train-lib'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const showMisses = args.includes('--misses')
const speedOnly = args.includes('--speed')
const f3 = (v: number): string => v.toFixed(3)
const round = (v: number): number => Math.round(v * 1000) / 1000
const summary: Record<string, unknown> = {}

function row(label: string, k: string, s: KindScore, c: KindScore): string {
  return `  ${label.padEnd(16)}${k.padEnd(22)} ${f3(s.precision)}  ${f3(s.recall)}  ${f3(s.f1)} ${String(s.tp).padStart(4)}${String(s.fp).padStart(4)}${String(s.fn).padStart(4)}   | ${f3(c.precision)}  ${f3(c.recall)}  ${f3(c.f1)}`
}
const HEADER = '                  kind                     P      R      F1     tp  fp  fn   | confident only: P  R  F1'

function report(title: string, calls: readonly LabeledCall[], variants: readonly Variant[], kinds: readonly FlagKind[]): Record<string, PartScore> {
  const n = calls.reduce((a, c) => a + c.lines.length, 0)
  console.log(`\n== ${title}: ${calls.length} calls, ${n} lines ==\n${HEADER}`)
  const out: Record<string, PartScore> = {}
  for (const v of variants) {
    const s = scoreLabeled(calls, v)
    out[v] = s
    for (const k of kinds) console.log(row(v, k, s.flags[k]!, s.confident[k]!))
    if (s.utterances) console.log(`  ${v.padEnd(16)}line classes: accuracy ${f3(s.accuracy)} on ${s.utterances}`)
  }
  summary[title] = Object.fromEntries(Object.entries(out).map(([v, s]) => [v, {
    accuracy: s.utterances ? round(s.accuracy) : null,
    flags: Object.fromEntries(kinds.map((k) => [k, { p: round(s.flags[k]!.precision), r: round(s.flags[k]!.recall), f1: round(s.flags[k]!.f1), confidentP: round(s.confident[k]!.precision), confidentR: round(s.confident[k]!.recall), confidentF1: round(s.confident[k]!.f1) }])),
  }]))
  return out
}

const part = (p: CorpusPart): CorpusCall[] => loadCorpus(p)
const MAIN: readonly FlagKind[] = ['asking-before-giving', 'closing-too-early']

// ---- 1. the shipped model -----------------------------------------------------
if (!speedOnly) for (const p of ['tuning', 'w1', 'w2', 'held-out'] as const) {
  const calls = part(p)
  if (calls.length) report(`${p}${p === 'held-out' ? ' (never trained on)' : ' (trained on)'}`, fromCorpus(calls), VARIANTS, calls[0]!.author === 'a0' ? LABELED_KINDS.slice(0, 4) : LABELED_KINDS)
}

// ---- 2. left-out authors and styles ---------------------------------------------
if (!quick && !speedOnly) {
  const tuning = part('tuning')
  for (const [keep, leave] of [['w1', 'w2'], ['w2', 'w1']] as const) {
    const kept = part(keep)
    const left = part(leave)
    if (!kept.length || !left.length) continue
    const model = trainModel([...tuning, ...kept])
    withModel(model, () => {
      report(`author ${leave} left out (trained on tuning + ${keep})`, fromCorpus(left), ALL_VARIANTS, MAIN)
      report(`held-out, trained on tuning + ${keep}`, fromCorpus(part('held-out')), VARIANTS, MAIN)
    })
  }
  const w = [...part('w1'), ...part('w2')]
  const styles = [...new Set(w.map((c) => `${c.author}:${c.style}`))].sort()
  if (styles.length) {
    console.log('\n== left-out styles: retrained without the style, scored on it (no punctuation) ==')
    console.log('  style                      calls   ABG P/R/F1            CTE P/R/F1')
    const training = [...tuning, ...w]
    const styleOut: Record<string, unknown> = {}
    for (const st of styles) {
      const isIt = (c: CorpusCall): boolean => `${c.author}:${c.style}` === st
      const model = trainModel(training.filter((c) => !isIt(c)), { iters: 600 })
      const s = withModel(model, () => scoreLabeled(fromCorpus(w.filter(isIt)), 'no-punctuation'))
      const a = s.flags['asking-before-giving']!
      const c = s.flags['closing-too-early']!
      console.log(`  ${st.padEnd(27)}${String(w.filter(isIt).length).padStart(5)}   ${f3(a.precision)}/${f3(a.recall)}/${f3(a.f1)}   ${f3(c.precision)}/${f3(c.recall)}/${f3(c.f1)}`)
      styleOut[st] = { abgF1: round(a.f1), cteF1: round(c.f1) }
    }
    summary['left-out styles'] = styleOut
  }
}

// ---- 3. real calls ---------------------------------------------------------------
const real = speedOnly ? [] : loadRealCalls()
if (!real) console.log('\n(real calls not found: set CALLDESK_REAL_CALLS or put them at ../shared/eval/real-calls)')
else if (real.length) {
  const r = report('real calls (../shared/eval/real-calls)', real, ALL_VARIANTS, MAIN)
  if (showMisses) {
    for (const v of ALL_VARIANTS) {
      console.log(`\n  misses, ${v}:`)
      for (const m of r[v]!.misses) console.log(`    ${m.got} ${m.kind.padEnd(22)} ${m.call}:${m.line}`)
    }
  }
}

// ---- 4. timing: a one-hour call ----------------------------------------------------
const lines = loadCorpus().flatMap((c) => c.lines.map((l) => l.text))
const HOUR_UTTERANCES = 900
const call: CoachSegment[] = []
for (let i = 0; i < HOUR_UTTERANCES; i++) {
  const text = lines[(i * 7) % lines.length]!
  const startMs = i * 4000
  const words = text.split(/\s+/).length
  call.push({ text, startMs, endMs: startMs + Math.min(words * 400, 3800) })
}
// the same call as Whisper's pieces: lowercased, ≤5 words, back to back
const pieceCall: CoachSegment[] = []
for (const s of call) {
  const ps = pieces(stripPunctuation(s.text))
  const dur = (s.endMs! - s.startMs!) / Math.max(1, ps.length)
  ps.forEach((text, k) => pieceCall.push({ text, startMs: s.startMs! + k * dur, endMs: s.startMs! + (k + 1) * dur }))
}
/** Wall time and this process's CPU time (user + system) of one run, in ms. */
function time(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  fn()
  const wall = performance.now() - t0
  const c = process.cpuUsage(c0)
  return { wall, cpu: (c.user + c.system) / 1000 }
}
const pushAll = (segs: CoachSegment[]) => (): void => {
  const coach = createCoach()
  for (const s of segs) coach.push(s)
}
const RUNS = 15
const WARMUP = 5
const TARGET_MS = 50
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
interface Timing { cold: number; median: number; max: number; cpuMedian: number; ratio: number }
/**
 * Cold run first (what the first call after start-up costs), then WARMUP runs
 * that are not counted (the JIT settles: on a loaded machine its compiler
 * threads lag, and whichever case ran first used to pay for it), then RUNS
 * measured. `ratio` = CPU median / the 50 ms budget: the CPU time does not
 * count the time other processes held the cores, so it is the figure to read
 * on a shared machine; wall time is printed beside it.
 */
function measure(fn: () => void): Timing {
  const cold = time(fn).wall
  for (let r = 0; r < WARMUP; r++) fn()
  const xs: { wall: number; cpu: number }[] = []
  for (let r = 0; r < RUNS; r++) xs.push(time(fn))
  const cpuMedian = median(xs.map((x) => x.cpu))
  return { cold: round(cold), median: round(median(xs.map((x) => x.wall))), max: round(Math.max(...xs.map((x) => x.wall))), cpuMedian: round(cpuMedian), ratio: round(cpuMedian / TARGET_MS) }
}
// the corpus lines in file order, 3.5 s each 4 s apart (was a timed unit test, < 250 ms; timing belongs here)
const inOrder: CoachSegment[] = Array.from({ length: HOUR_UTTERANCES }, (_, i) => ({ text: lines[i % lines.length]!, startMs: i * 4000, endMs: i * 4000 + 3500 }))
const timing = {
  utterances: HOUR_UTTERANCES,
  pieces: pieceCall.length,
  incrementalMs: measure(pushAll(call)),
  batchMs: measure(() => void analyzeCall(call)),
  piecesMs: measure(pushAll(pieceCall)),
  inOrderMs: measure(pushAll(inOrder)),
}
const line = (label: string, t: Timing): string =>
  `  ${label}cold ${t.cold} ms   median ${t.median} ms (CPU ${t.cpuMedian} ms = ${t.ratio} of the budget)   max ${t.max} ms`
console.log(`\n== timing: one 60-minute call, ${RUNS} runs after a cold run and ${WARMUP} warm-up runs (target < ${TARGET_MS} ms) ==`)
console.log(line(`${HOUR_UTTERANCES} utterances, push one by one   `, timing.incrementalMs))
console.log(line(`${HOUR_UTTERANCES} utterances, analyzeCall        `, timing.batchMs))
console.log(line(`${pieceCall.length} pieces (≤5 words), push       `, timing.piecesMs))
console.log(line(`${HOUR_UTTERANCES} corpus lines in order, push    `, timing.inOrderMs))
summary['timing'] = timing
console.log('')
console.log(JSON.stringify(summary))
