/** Scores the coach against the labeled corpus (shared by tests and bench/coach.bench.ts). */
import { analyzeCall, UTTERANCE_CLASSES, type FlagKind, type UtteranceClass } from '../../main/coach'
import { expectedFlags, LABELED_KINDS, stripPunctuation, type CorpusCall } from './corpus-loader'

export type Variant = 'as-written' | 'no-punctuation'
export const VARIANTS: readonly Variant[] = ['as-written', 'no-punctuation']

export interface KindScore { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }
export interface ClassScore { total: number; correct: number; accuracy: number }
export interface PartScore {
  utterances: number
  accuracy: number
  perClass: Record<UtteranceClass, ClassScore>
  /** confusion[label][predicted] */
  confusion: Record<UtteranceClass, Record<UtteranceClass, number>>
  flags: Record<string, KindScore>
}

export function variantText(text: string, v: Variant): string {
  return v === 'as-written' ? text : stripPunctuation(text)
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b
}

export function scoreCalls(calls: readonly CorpusCall[], v: Variant): PartScore {
  const zeroRow = (): Record<UtteranceClass, number> => ({ give: 0, probe: 0, close: 0, other: 0 })
  const confusion = { give: zeroRow(), probe: zeroRow(), close: zeroRow(), other: zeroRow() }
  const counts = Object.fromEntries(LABELED_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<FlagKind, { tp: number; fp: number; fn: number }>
  let n = 0
  let ok = 0
  for (const call of calls) {
    const result = analyzeCall(call.lines.map((l) => ({ text: variantText(l.text, v) })))
    call.lines.forEach((l, i) => {
      const got = result.classifications[i]!.class
      confusion[l.label][got]++
      n++
      if (got === l.label) ok++
    })
    for (const kind of LABELED_KINDS) {
      const want = new Set(expectedFlags(call.lines).filter((f) => f.kind === kind).map((f) => f.index))
      const got = new Set(result.flags.filter((f) => f.kind === kind).map((f) => f.segmentIndex))
      for (const i of got) (want.has(i) ? counts[kind].tp++ : counts[kind].fp++)
      for (const i of want) if (!got.has(i)) counts[kind].fn++
    }
  }
  const perClass = Object.fromEntries(UTTERANCE_CLASSES.map((c) => {
    const total = Object.values(confusion[c]).reduce((a, b) => a + b, 0)
    return [c, { total, correct: confusion[c][c], accuracy: ratio(confusion[c][c], total) }]
  })) as Record<UtteranceClass, ClassScore>
  const flags: Record<string, KindScore> = {}
  for (const kind of LABELED_KINDS) {
    const { tp, fp, fn } = counts[kind]
    const precision = ratio(tp, tp + fp)
    const recall = ratio(tp, tp + fn)
    flags[kind] = { tp, fp, fn, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) }
  }
  return { utterances: n, accuracy: ratio(ok, n), perClass, confusion, flags }
}
