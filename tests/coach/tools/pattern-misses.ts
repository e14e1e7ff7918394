/**
 * Lists the misses and false hits of the pattern flags (jargon,
 * features-not-results, no-escape-path) on our own corpus parts, with the
 * normalised clauses of each line, so the detectors in main/coach/patterns.ts
 * can be generalised by form. Prints to the terminal only.
 *
 *   npx tsx tests/coach/tools/pattern-misses.ts [--parts w1,w2] [--variant as-written|no-punctuation|pieces]
 *     [--kind jargon] [--only fn|fp] [--summary] [--hits]
 *
 * --hits prints every pattern flag raised, right or wrong, with the line's
 * labels: for the first author's parts (tuning, held-out), which carry no
 * pattern tags, that is how their false hits can be read.
 */
import { classifyUtterance, type FlagKind } from '../../../main/coach'
import { loadCorpus, type CorpusPart } from '../corpus-loader'
import { fromCorpus, runCall, scoreLabeled, variantText, type Variant } from '../scoring'

const PATTERN_KINDS: readonly FlagKind[] = ['jargon', 'features-not-results', 'no-escape-path']

const args = process.argv.slice(2)
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const parts = (arg('--parts') ?? 'w1,w2').split(',') as CorpusPart[]
const variant = (arg('--variant') ?? 'as-written') as Variant
const kinds = arg('--kind') ? [arg('--kind') as FlagKind] : PATTERN_KINDS
const only = arg('--only')
const summary = args.includes('--summary')
const hits = args.includes('--hits')

for (const part of parts) {
  const calls = loadCorpus(part)
  if (hits) {
    for (const call of calls) {
      for (const f of runCall(call.lines, variant).flags) {
        if (!kinds.includes(f.kind)) continue
        const line = call.lines[f.line]!
        console.log(`${f.kind}  ${part}/${call.id}:${line.line} [${call.style}] (${line.label}${line.tags.map((t) => '+' + t).join('')}) ${f.confidence.toFixed(2)}  «${f.evidence}»  ${line.text}`)
      }
    }
    continue
  }
  const labeled = fromCorpus(calls)
  const s = scoreLabeled(labeled, variant)
  console.log(`== ${part} (${variant})`)
  for (const k of kinds) {
    const f = s.flags[k]!
    console.log(`   ${k.padEnd(22)} P ${f.precision.toFixed(3)} R ${f.recall.toFixed(3)} F1 ${f.f1.toFixed(3)}  tp ${f.tp} fp ${f.fp} fn ${f.fn}`)
  }
  if (summary) continue
  for (const m of s.misses) {
    if (!kinds.includes(m.kind) || (only && m.got !== only)) continue
    const call = calls.find((c) => `${c.part}/${c.id}` === m.call)!
    const line = call.lines[m.line - 1]!
    console.log(`${m.got} ${m.kind}  ${m.call}:${m.line} [${call.style}] (${line.label}${line.tags.map((t) => '+' + t).join('')})  ${m.text}`)
    const text = variantText(m.text, variant === 'pieces' ? 'no-punctuation' : variant)
    for (const c of classifyUtterance(text).clauses) console.log(`     ${c.class.padEnd(5)} ${c.confidence.toFixed(2)}  ${c.features.norm.text}`)
  }
}
