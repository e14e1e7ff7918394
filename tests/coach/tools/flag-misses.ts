/**
 * The asking-before-giving and closing-too-early flags the shipped coach gets wrong on our own corpus, each with
 * its cause: `line` (the flagged / unflagged line's own class is wrong) or `state` (the line is read right, but an
 * earlier line's misreading moved the call's "has given" / "has probed" state: a false give silences later flags, a
 * missed give or probe leaves them on) or `clause` (every line is read as labelled, but a clause inside an earlier
 * line did a job its line's label does not name, e.g. a give inside a line labelled close+multi: the coach's state
 * moves, the expected flags, derived from line labels, do not). For `state` misses the earlier lines are listed. Counts per
 * style at the end. Terminal only.
 *
 *   npx tsx tests/coach/tools/flag-misses.ts [--parts w2] [--variant no-punctuation|as-written|pieces] [--quiet] [--left-out]
 *
 * --left-out: read each part with a model retrained without its author (train-lib.ts trainModel on tuning + the other
 * writer, as bench:coach's author-left-out rows), not the shipped one.
 */
import { withModel } from '../../../main/coach/coach'
import { loadCorpus, expectedFlags, type CorpusPart } from '../corpus-loader'
import { runCall, type Variant } from '../scoring'
import { trainModel } from './train-lib'

const args = process.argv.slice(2)
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const parts = (arg('--parts')?.split(',') ?? ['w2']) as CorpusPart[]
const variant = (arg('--variant') ?? 'no-punctuation') as Variant
const quiet = args.includes('--quiet')
const KINDS = ['asking-before-giving', 'closing-too-early'] as const

const byCause = new Map<string, number>()
const byStyle = new Map<string, { fn: number; fp: number }>()
const leftOut = args.includes('--left-out')
for (const p of parts) {
  const other: CorpusPart | undefined = p === 'w1' ? 'w2' : p === 'w2' ? 'w1' : undefined
  if (leftOut && !other) throw new Error('--left-out reads w1 or w2')
  const model = leftOut && other ? trainModel([...loadCorpus('tuning'), ...loadCorpus(other)]) : undefined
  for (const call of loadCorpus(p)) {
    const { flags, classes } = model ? withModel(model, () => runCall(call.lines, variant)) : runCall(call.lines, variant)
    const exp = expectedFlags(call.lines)
    for (const kind of KINDS) {
      const want = new Set(exp.filter((f) => f.kind === kind).map((f) => f.index))
      const got = new Set(flags.filter((f) => f.kind === kind).map((f) => f.line))
      const report = (i: number, what: 'fn' | 'fp'): void => {
        const l = call.lines[i]!
        const c = classes[i]
        const lineWrong = c !== null && c !== l.label
        // state with every earlier line read as labelled: a clause inside an earlier line did a job its label does
        // not name (a give inside a line labelled close, +multi), which moved the state the labels do not see
        const earlierWrong = classes.slice(0, i).some((cj, j) => cj !== call.lines[j]!.label)
        const cause = c === null ? 'pieces' : lineWrong ? 'line' : earlierWrong ? 'state' : 'clause'
        const key = `${kind === 'asking-before-giving' ? 'ABG' : 'CTE'} ${what} ${cause}`
        byCause.set(key, (byCause.get(key) ?? 0) + 1)
        const s = byStyle.get(call.style) ?? { fn: 0, fp: 0 }
        s[what]++
        byStyle.set(call.style, s)
        if (quiet) return
        console.log(`${key.padEnd(14)} ${call.part}/${call.id}:${l.line} [${call.style}] ${l.label} -> ${c ?? '?'}: ${l.text}`)
        if (cause === 'state') {
          // earlier lines whose reading differs from their label
          for (let j = 0; j < i; j++) {
            const cj = classes[j]
            if (cj !== call.lines[j]!.label) console.log(`                 earlier ${call.lines[j]!.label} -> ${cj}: ${call.lines[j]!.text}`)
          }
        }
      }
      for (const i of want) if (!got.has(i)) report(i, 'fn')
      for (const i of got) if (!want.has(i)) report(i, 'fp')
    }
  }
}
console.log(`\n${parts.join('+')} ${variant}: ${[...byCause.entries()].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`)
console.log([...byStyle.entries()].sort().map(([k, v]) => `${k} fn ${v.fn} fp ${v.fp}`).join(', '))
