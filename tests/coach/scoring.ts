/**
 * Scores the coach against labelled calls (shared by tests and bench/coach.bench.ts).
 *
 * Variants: each line as one segment, as written or lowercased without
 * punctuation; or the lowercased line cut into pieces of at most five words,
 * pushed one piece at a time into the live coach (what Whisper's ~2 s pieces
 * look like), with every flag mapped back to the line its piece came from.
 */
import { analyzeCall, createCoach, UTTERANCE_CLASSES, type Flag, type FlagKind, type UtteranceClass } from '../../main/coach'
import { expectedFlags, LABELED_KINDS, stripPunctuation, type CorpusCall, type ExpectedFlag } from './corpus-loader'

export type Variant = 'as-written' | 'no-punctuation' | 'pieces'
export const VARIANTS: readonly Variant[] = ['as-written', 'no-punctuation']
export const ALL_VARIANTS: readonly Variant[] = ['as-written', 'no-punctuation', 'pieces']
export const PIECE_WORDS = 5

export interface KindScore { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }
export interface ClassScore { total: number; correct: number; accuracy: number }
export interface PartScore {
  utterances: number
  accuracy: number
  perClass: Record<UtteranceClass, ClassScore>
  /** confusion[label][predicted] */
  confusion: Record<UtteranceClass, Record<UtteranceClass, number>>
  /** Every flag (confident and possible). */
  flags: Record<string, KindScore>
  /** Only the flags the overlay shows (tier 'confident'). */
  confident: Record<string, KindScore>
  /** Per line of every call: what was expected and what was raised (for looking at failures). */
  misses: { call: string; line: number; kind: FlagKind; got: 'fp' | 'fn'; text: string }[]
}

/** A call to score: its lines, their labels, and which flag kinds its labels cover. */
export interface LabeledCall {
  id: string
  lines: { label: UtteranceClass; tags: string[]; text: string }[]
  /** Flag kinds whose expected positions the labels define (others are not scored for this call). */
  kinds: readonly FlagKind[]
  /** Expected flags; derived from the labels when absent. */
  expected?: ExpectedFlag[]
}

/** Kinds the first author's parts (tuning, held-out) label: the new tags came with w1/w2. */
export const FIRST_AUTHOR_KINDS: readonly FlagKind[] = ['asking-before-giving', 'closing-too-early', 'empty-check-in', 'credentials-not-value']

export function fromCorpus(calls: readonly CorpusCall[]): LabeledCall[] {
  return calls.map((c) => ({ id: `${c.part}/${c.id}`, lines: c.lines, kinds: c.author === 'a0' ? FIRST_AUTHOR_KINDS : LABELED_KINDS }))
}

export function variantText(text: string, v: Variant): string {
  return v === 'as-written' ? text : stripPunctuation(text)
}

/** Cut a line into pieces of at most `n` words. */
export function pieces(text: string, n = PIECE_WORDS): string[] {
  const words = text.split(/\s+/).filter(Boolean)
  const out: string[] = []
  for (let i = 0; i < words.length; i += n) out.push(words.slice(i, i + n).join(' '))
  return out
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b
}

/** Run the coach on one call in a variant: flags with their line index, and one class per line (null for pieces). */
export function runCall(lines: readonly { text: string }[], v: Variant): { flags: (Flag & { line: number })[]; classes: (UtteranceClass | null)[] } {
  if (v !== 'pieces') {
    const r = analyzeCall(lines.map((l) => ({ text: variantText(l.text, v) })))
    return { flags: r.flags.map((f) => ({ ...f, line: f.segmentIndex })), classes: r.classifications.map((c) => c.class) }
  }
  const coach = createCoach()
  const lineOf: number[] = []
  const flags: (Flag & { line: number })[] = []
  lines.forEach((l, li) => {
    for (const p of pieces(stripPunctuation(l.text))) {
      lineOf.push(li)
      for (const f of coach.push({ text: p })) flags.push({ ...f, line: li })
    }
  })
  return { flags, classes: lines.map(() => null) }
}

export function scoreLabeled(calls: readonly LabeledCall[], v: Variant): PartScore {
  const zeroRow = (): Record<UtteranceClass, number> => ({ give: 0, probe: 0, close: 0, other: 0 })
  const confusion = { give: zeroRow(), probe: zeroRow(), close: zeroRow(), other: zeroRow() }
  const zero = (): Record<string, { tp: number; fp: number; fn: number }> =>
    Object.fromEntries(LABELED_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]))
  const counts = zero()
  const countsConf = zero()
  const misses: PartScore['misses'] = []
  let n = 0
  let ok = 0
  for (const call of calls) {
    const result = runCall(call.lines, v)
    call.lines.forEach((l, i) => {
      const got = result.classes[i]
      if (got == null) return
      confusion[l.label][got]++
      n++
      if (got === l.label) ok++
    })
    const expected = call.expected ?? expectedFlags(call.lines)
    for (const kind of call.kinds) {
      const want = new Set(expected.filter((f) => f.kind === kind).map((f) => f.index))
      for (const [c, confidentOnly] of [[counts, false], [countsConf, true]] as const) {
        const got = new Set(result.flags.filter((f) => f.kind === kind && (!confidentOnly || f.tier === 'confident')).map((f) => f.line))
        for (const i of got) {
          if (want.has(i)) c[kind]!.tp++
          else {
            c[kind]!.fp++
            if (!confidentOnly) misses.push({ call: call.id, line: i + 1, kind, got: 'fp', text: call.lines[i]!.text })
          }
        }
        for (const i of want) {
          if (!got.has(i)) {
            c[kind]!.fn++
            if (!confidentOnly) misses.push({ call: call.id, line: i + 1, kind, got: 'fn', text: call.lines[i]!.text })
          }
        }
      }
    }
  }
  const perClass = Object.fromEntries(UTTERANCE_CLASSES.map((c) => {
    const total = Object.values(confusion[c]).reduce((a, b) => a + b, 0)
    return [c, { total, correct: confusion[c][c], accuracy: ratio(confusion[c][c], total) }]
  })) as Record<UtteranceClass, ClassScore>
  const finish = (src: Record<string, { tp: number; fp: number; fn: number }>): Record<string, KindScore> => {
    const out: Record<string, KindScore> = {}
    for (const kind of LABELED_KINDS) {
      const { tp, fp, fn } = src[kind]!
      const precision = ratio(tp, tp + fp)
      const recall = ratio(tp, tp + fn)
      out[kind] = { tp, fp, fn, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) }
    }
    return out
  }
  return { utterances: n, accuracy: ratio(ok, n), perClass, confusion, flags: finish(counts), confident: finish(countsConf), misses }
}

/** Score corpus calls (the kinds each call's author labelled). */
export function scoreCalls(calls: readonly CorpusCall[], v: Variant): PartScore {
  return scoreLabeled(fromCorpus(calls), v)
}
