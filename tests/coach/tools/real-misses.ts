/**
 * Lists where the coach is wrong on the real calls (../shared/eval/real-calls),
 * with how it read each clause of the line, so failure patterns can be seen.
 * Prints to the terminal only; nothing from those calls is written anywhere.
 *
 *   npx tsx tests/coach/tools/real-misses.ts [--variant as-written|no-punctuation|pieces] [--kind closing-too-early]
 */
import { classifyUtterance } from '../../../main/coach'
import { loadRealCalls } from '../real-calls'
import { scoreLabeled, variantText, type Variant } from '../scoring'

const args = process.argv.slice(2)
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const variant = (arg('--variant') ?? 'as-written') as Variant
const kind = arg('--kind')
const real = loadRealCalls()
if (!real) throw new Error('real calls not found')
const s = scoreLabeled(real, variant)
for (const m of s.misses) {
  if (kind && m.kind !== kind) continue
  const call = real.find((c) => c.id === m.call)!
  const label = call.lines[m.line - 1]!.label
  console.log(`${m.got} ${m.kind}  ${m.call}:${m.line} (label ${label})  ${m.text}`)
  for (const c of classifyUtterance(variantText(m.text, variant === 'pieces' ? 'no-punctuation' : variant)).clauses) {
    console.log(`     ${c.class.padEnd(5)} ${c.confidence.toFixed(2)}  [${c.cues.slice(0, 6).join(' ')}]  ${c.features.norm.text}`)
  }
}
