/**
 * Where the shipped classifier is wrong on our own corpus lines, and why:
 * each miss is sorted into
 *   - split:   the line read as one clause (how the trainer sees it) is right, but
 *              the coach splits it and the weightiest clause job is wrong;
 *   - rule:    the model alone is right on the one-clause reading, a readClause rule overrides it;
 *   - model:   wrong even read as one clause (a feature gap or the model).
 * Terminal only.
 *
 *   npx tsx tests/coach/tools/own-misses.ts [--parts w1,w2] [--variant as-written|no-punctuation] [--only split|rule|model] [--quiet]
 */
import { analyzeCall, type UtteranceClass } from '../../../main/coach'
import { classifyFeatures } from '../../../main/coach/classifier'
import { featuresAsOneClause, readAsOneClause } from '../../../main/coach/coach'
import { splitClauses } from '../../../main/coach/clauses'
import { normalize } from '../../../main/coach/normalize'
import { loadCorpus, type CorpusPart } from '../corpus-loader'
import { variantText, type Variant } from '../scoring'

const args = process.argv.slice(2)
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const parts = (arg('--parts')?.split(',') ?? ['w1', 'w2']) as CorpusPart[]
const variant = (arg('--variant') ?? 'no-punctuation') as Variant
const only = arg('--only')
const quiet = args.includes('--quiet')

const counts: Record<string, number> = { split: 0, rule: 0, model: 0 }
const confusion = new Map<string, number>()
let n = 0
let ok = 0
for (const p of parts) {
  for (const call of loadCorpus(p)) {
    const texts = call.lines.map((l) => variantText(l.text, variant))
    const got = analyzeCall(texts.map((text) => ({ text }))).classifications
    call.lines.forEach((l, i) => {
      n++
      const seg = got[i]!.class
      if (seg === l.label) {
        ok++
        return
      }
      const text = texts[i]!
      const model = classifyFeatures(featuresAsOneClause(text), text).class
      const ruled = readAsOneClause(text).class
      const why = ruled === l.label ? 'split' : model === l.label ? 'rule' : 'model'
      counts[why]!++
      const key = `${l.label}->${seg}`
      confusion.set(key, (confusion.get(key) ?? 0) + 1)
      if (quiet || (only && only !== why)) return
      const toks = normalize(text).tokens
      const clauses = splitClauses(toks).map(([a, b]) => toks.slice(a, b).filter((t) => t.t !== '|').map((t) => t.t).join(' '))
      console.log(`${why.padEnd(5)} ${l.label.padEnd(5)} -> ${seg.padEnd(5)} (one clause: ${ruled as UtteranceClass}) ${call.part}/${call.id}:${l.line} [${call.style}]`)
      console.log(`      ${text}`)
      if (clauses.length > 1) console.log(`      clauses: ${clauses.join(' | ')}`)
    })
  }
}
console.log(`\n${parts.join('+')} ${variant}: line accuracy ${(ok / n).toFixed(3)} (${ok}/${n}); misses by cause: ${JSON.stringify(counts)}`)
console.log([...confusion.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', '))
