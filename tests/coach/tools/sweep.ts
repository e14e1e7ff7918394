/**
 * Compares training settings on the rows that measure generalisation: each
 * author left out (trained on tuning + the other), the held-out part, the real
 * calls (aggregate scores only), and optionally the left-out styles. One line
 * of F1 figures per setting, terminal only; nothing is written.
 *
 *   npx tsx tests/coach/tools/sweep.ts --lex 0.003,0.01,0.03 [--no-lexical] [--styles] [--iters 800] [--mode lines|clauses]
 */
import { withModel } from '../../../main/coach/coach'
import { loadCorpus, type CorpusCall } from '../corpus-loader'
import { loadRealCalls } from '../real-calls'
import { fromCorpus, scoreLabeled, type LabeledCall, type Variant } from '../scoring'
import { trainModel, type TrainOptions } from './train-lib'
import type { LinearModel } from '../../../main/coach/types'

const args = process.argv.slice(2)
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const iters = Number(arg('--iters') ?? 800)
const settings: (TrainOptions & { rounds?: number })[] = []
if (args.includes('--no-lexical')) settings.push({ lexical: false, iters })
for (const v of (arg('--lex') ?? '').split(',').filter(Boolean)) settings.push({ lambdaLex: Number(v), iters })
for (const v of (arg('--lambda') ?? '').split(',').filter(Boolean)) settings.push({ lambda: Number(v), iters, lexical: false })
// --grid lambdaLex:minLines:minAuthors:cap:lambda:rounds,… (empty fields keep the defaults)
for (const v of (arg('--grid') ?? '').split(',').filter(Boolean)) {
  const [l, ml, ma, cap, lam, rounds] = v.split(':').map((x) => (x === '' || x === undefined ? undefined : Number(x)))
  settings.push({ lambdaLex: l, minLines: ml, minAuthors: ma, lexCap: cap, lambda: lam, rounds, iters })
}
const mode = (arg('--mode') ?? 'lines') as 'lines' | 'clauses' | 'mixed'

const tuning = loadCorpus('tuning')
const w1 = loadCorpus('w1')
const w2 = loadCorpus('w2')
const heldOut = fromCorpus(loadCorpus('held-out'))
const real = loadRealCalls() ?? []
const f2 = (v: number): string => v.toFixed(3)

function fit(calls: readonly CorpusCall[], o: TrainOptions & { rounds?: number }): LinearModel {
  return trainModel(calls, { ...o, lines: mode === 'lines', cuesOnLines: mode === 'mixed' })
}
function abgCte(m: LinearModel, calls: readonly LabeledCall[], v: Variant, confident = false): string {
  const s = withModel(m, () => scoreLabeled(calls, v))
  const out = `${f2(s.flags['asking-before-giving']!.f1)}/${f2(s.flags['closing-too-early']!.f1)}`
  return confident ? `${out} (confident ${f2(s.confident['asking-before-giving']!.f1)}/${f2(s.confident['closing-too-early']!.f1)})` : out
}

for (const o of settings) {
  const t0 = Date.now()
  const m2 = fit([...tuning, ...w1], o)
  const m1 = fit([...tuning, ...w2], o)
  const all = fit([...tuning, ...w1, ...w2], o)
  const cols = [
    `w2-out ${abgCte(m2, fromCorpus(w2), 'no-punctuation')} pieces ${abgCte(m2, fromCorpus(w2), 'pieces')}`,
    `w1-out ${abgCte(m1, fromCorpus(w1), 'no-punctuation')} pieces ${abgCte(m1, fromCorpus(w1), 'pieces')}`,
    `held-out ${abgCte(all, heldOut, 'as-written')} ${abgCte(all, heldOut, 'no-punctuation')}`,
    `trained w1 ${abgCte(all, fromCorpus(w1), 'no-punctuation')} w2 ${abgCte(all, fromCorpus(w2), 'no-punctuation')}`,
    `real ${abgCte(all, real, 'as-written', true)} ${abgCte(all, real, 'no-punctuation', true)} ${abgCte(all, real, 'pieces', true)}`,
  ]
  if (args.includes('--styles')) {
    const w = [...w1, ...w2].filter((c) => c.author !== 'c1')
    const styles = [...new Set(w.map((c) => `${c.author}:${c.style}`))].sort()
    let sa = 0
    let sc = 0
    let n = 0
    const per: string[] = []
    for (const st of styles) {
      const isIt = (c: CorpusCall): boolean => `${c.author}:${c.style}` === st
      const m = fit([...tuning, ...w1, ...w2].filter((c) => !isIt(c)), { ...o, iters: Math.min(iters, 600) })
      const s = withModel(m, () => scoreLabeled(fromCorpus(w.filter(isIt)), 'no-punctuation'))
      const a = s.flags['asking-before-giving']!
      const c = s.flags['closing-too-early']!
      per.push(`${st.split(':')[1]} ${f2(a.f1)}/${f2(c.f1)}`)
      // good-call and discovery have no expected flags: their F1 is 0 whatever happens, leave them out of the mean
      if (a.tp + a.fn > 0) { sa += a.f1; n++ }
      if (c.tp + c.fn > 0) sc += c.f1
    }
    cols.push(`styles mean ${f2(sa / n)}/${f2(sc / n)} [${per.join(', ')}]`)
  }
  console.log(`${JSON.stringify(o)} ${mode} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n  ${cols.join('\n  ')}`)
}
