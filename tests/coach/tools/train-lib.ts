/**
 * Training the clause classifier (multinomial logistic regression on the cue
 * features and the hashed words / word pairs of lexical.ts), shared by the
 * training CLI and the benchmark's left-out evaluations. Each labelled line is
 * read as the coach reads a clause (featuresAsOneClause: normaliser, tagger,
 * cue features), as written and with punctuation stripped, so no weight can
 * lean on punctuation or capitals.
 *
 * The lexical weights get their own, stronger L2 penalty (`lambdaLex`): a word
 * seen in a handful of lines must not outvote a cue the playbook names, and a
 * clause with unseen words is read by its cues alone.
 */
import { featuresAsOneClause, featuresByClause } from '../../../main/coach/coach'
import { FEATURE_COUNT, FEATURE_NAMES } from '../../../main/coach/features'
import { lexicalCheck, linearScores, softmax, type LinearModel } from '../../../main/coach/classifier'
import { LEXICAL_BUCKETS, LEXICAL_SCHEME, lexicalBuckets } from '../../../main/coach/lexical'
import { UTTERANCE_CLASSES } from '../../../main/coach/types'
import { stripPunctuation, type CorpusCall } from '../corpus-loader'

export interface Example { x: Float64Array; lex: number[]; y: number; call: string; text: string; author: string; line: number }

export const DEFAULT_LAMBDA = 0.001
export const DEFAULT_LAMBDA_LEX = 0.003
export const DEFAULT_ITERS = 1500

export interface TrainOptions {
  lambda?: number
  /** L2 penalty of the lexical weights; Infinity (or `lexical: false`) trains cues only. */
  lambdaLex?: number
  lexical?: boolean
  iters?: number
  /** A word or word pair gets a weight only when this many training lines hold it… */
  minLines?: number
  /** …written by this many of the corpus's authors (a habit of one writer is not how reps talk). */
  minAuthors?: number
  /**
   * Cue weights and biases to start from and keep: only the lexical weights are fitted, as what the cues leave
   * unexplained. A clause whose words were never seen then scores exactly as under the cues-only model.
   */
  base?: LinearModel
  /** Bound on the words' say per class: lexical score s counts as cap * tanh(s / cap) (Infinity: unbounded). */
  lexCap?: number
}

export const DEFAULT_LEX_CAP = 2

export const DEFAULT_MIN_LINES = 5
export const DEFAULT_MIN_AUTHORS = 2

let lineCounter = 0

export function example(text: string, y: number, call: string, author = '', line = lineCounter++): Example {
  const f = featuresAsOneClause(text)
  return { x: f.x, lex: lexicalBuckets(f.norm.tokens), y, call, text, author, line }
}

export function examples(calls: readonly CorpusCall[]): Example[] {
  const out: Example[] = []
  for (const call of calls) {
    for (const l of call.lines) {
      const texts = [l.text, stripPunctuation(l.text)]
      const line = lineCounter++
      for (const text of texts[0] === texts[1] ? [texts[0]!] : texts) {
        out.push(example(text, UTTERANCE_CLASSES.indexOf(l.label), `${call.part}/${call.id}`, call.author, line))
      }
    }
  }
  return out
}

/** Lexical weights smaller than this are dropped from the model (they move no decision; they only cost bytes). */
const LEX_PRUNE = 0.005

export function train(data: readonly Example[], lambdaOrOptions: number | TrainOptions = {}, itersArg?: number): LinearModel {
  const o: TrainOptions = typeof lambdaOrOptions === 'number' ? { lambda: lambdaOrOptions } : lambdaOrOptions
  const lambda = o.lambda ?? DEFAULT_LAMBDA
  const lambdaLex = o.lambdaLex ?? DEFAULT_LAMBDA_LEX
  const useLex = o.lexical !== false && Number.isFinite(lambdaLex)
  const iters = itersArg ?? o.iters ?? DEFAULT_ITERS
  const K = UTTERANCE_CLASSES.length
  // the lexical columns: buckets held by enough distinct lines of enough authors
  const col = new Map<number, number>()
  const kept: number[] = []
  if (useLex) {
    const lines = new Map<number, Set<number>>()
    const authors = new Map<number, Set<string>>()
    for (const ex of data) {
      for (const h of ex.lex) {
        let l = lines.get(h)
        if (!l) lines.set(h, (l = new Set()))
        l.add(ex.line)
        let a = authors.get(h)
        if (!a) authors.set(h, (a = new Set()))
        a.add(ex.author)
      }
    }
    const minLines = o.minLines ?? DEFAULT_MIN_LINES
    const minAuthors = Math.min(o.minAuthors ?? DEFAULT_MIN_AUTHORS, new Set(data.map((d) => d.author)).size)
    for (const [h, l] of [...lines.entries()].sort((a, b) => a[0] - b[0])) {
      if (l.size >= minLines && authors.get(h)!.size >= minAuthors) {
        col.set(h, FEATURE_COUNT + kept.length)
        kept.push(h)
      }
    }
  }
  const D = FEATURE_COUNT + kept.length
  // weights laid out [feature * K + class]: one example touches few features, all classes of each
  const W = new Float64Array(D * K)
  const mW = new Float64Array(D * K)
  const vW = new Float64Array(D * K)
  const b = new Float64Array(K)
  const mb = new Float64Array(K)
  const vb = new Float64Array(K)
  const lam = new Float64Array(D)
  for (let j = 0; j < D; j++) lam[j] = j < FEATURE_COUNT ? lambda : lambdaLex
  const base = o.base
  if (base) {
    for (let k = 0; k < K; k++) {
      b[k] = base.bias[k]!
      for (let j = 0; j < FEATURE_COUNT; j++) W[j * K + k] = base.weights[k]![j]!
    }
  }
  const lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-8
  // sparse rows: the features are binary and few fire per clause
  const rows = data.map((ex) => {
    const idx: number[] = []
    for (let j = 0; j < FEATURE_COUNT; j++) if (ex.x[j] !== 0) idx.push(j)
    if (useLex) for (const h of ex.lex) {
      const j = col.get(h)
      if (j !== undefined) idx.push(j)
    }
    return Int32Array.from(idx)
  })
  const ys = Int32Array.from(data.map((d) => d.y))
  const N = data.length
  const z = new Float64Array(K)
  const slope = new Float64Array(K)
  const cap = o.lexCap ?? DEFAULT_LEX_CAP
  const capped = Number.isFinite(cap)
  const gW = new Float64Array(D * K)
  const gb = new Float64Array(K)
  for (let it = 1; it <= iters; it++) {
    gW.fill(0)
    gb.fill(0)
    for (let n = 0; n < N; n++) {
      const idx = rows[n]!
      let max = -Infinity
      for (let k = 0; k < K; k++) {
        let v = b[k]!
        let lx = 0
        for (let q = 0; q < idx.length; q++) {
          const j = idx[q]!
          if (j < FEATURE_COUNT) v += W[j * K + k]!
          else lx += W[j * K + k]!
        }
        if (capped) {
          const t = Math.tanh(lx / cap)
          slope[k] = 1 - t * t
          v += cap * t
        } else v += lx
        z[k] = v
        if (v > max) max = v
      }
      let sum = 0
      for (let k = 0; k < K; k++) {
        z[k] = Math.exp(z[k]! - max)
        sum += z[k]!
      }
      const y = ys[n]!
      for (let k = 0; k < K; k++) {
        const d = (z[k]! / sum - (k === y ? 1 : 0)) / N
        const dl = capped ? d * slope[k]! : d
        gb[k]! += d
        for (let q = 0; q < idx.length; q++) {
          const j = idx[q]!
          gW[j * K + k]! += j < FEATURE_COUNT ? d : dl
        }
      }
    }
    const c1 = 1 - b1 ** it
    const c2 = 1 - b2 ** it
    for (let j = base ? FEATURE_COUNT : 0; j < D; j++) {
      const l = lam[j]!
      for (let k = 0; k < K; k++) {
        const i = j * K + k
        const g = gW[i]! + l * W[i]!
        mW[i] = b1 * mW[i]! + (1 - b1) * g
        vW[i] = b2 * vW[i]! + (1 - b2) * g * g
        W[i]! -= (lr * (mW[i]! / c1)) / (Math.sqrt(vW[i]! / c2) + eps)
      }
    }
    for (let k = 0; k < (base ? 0 : K); k++) {
      const g = gb[k]!
      mb[k] = b1 * mb[k]! + (1 - b1) * g
      vb[k] = b2 * vb[k]! + (1 - b2) * g * g
      b[k]! -= (lr * (mb[k]! / c1)) / (Math.sqrt(vb[k]! / c2) + eps)
    }
  }
  const weights = Array.from({ length: K }, (_, k) => Array.from({ length: FEATURE_COUNT }, (_, j) => W[j * K + k]!))
  const model: LinearModel = { classes: UTTERANCE_CLASSES, features: FEATURE_NAMES, weights, bias: [...b] }
  if (!useLex) return model
  const lexRows: number[][] = []
  kept.forEach((h, i) => {
    const r = Array.from({ length: K }, (_, k) => W[(FEATURE_COUNT + i) * K + k]!)
    if (r.some((v) => Math.abs(v) >= LEX_PRUNE)) lexRows.push([h, ...r])
  })
  return { ...model, lexical: { scheme: LEXICAL_SCHEME, buckets: LEXICAL_BUCKETS, check: lexicalCheck(), rows: lexRows, ...(capped ? { cap } : {}) } }
}

export function predict(m: LinearModel, ex: Pick<Example, 'x' | 'lex'>): number {
  const z = linearScores(m, ex.x, m.lexical ? ex.lex : undefined)
  let c = 0
  for (let i = 1; i < z.length; i++) if (z[i]! > z[c]!) c = i
  return c
}

export function probabilities(m: LinearModel, ex: Pick<Example, 'x' | 'lex'>): number[] {
  return softmax(linearScores(m, ex.x, m.lexical ? ex.lex : undefined))
}

const PRIORITY = [1, 2, 3, 0] // give, probe, close, other (UTTERANCE_CLASSES order): close > probe > give > other

/**
 * Examples as the coach reads a line at run time: split into clauses. A line
 * of one clause is one example. A line the splitter cuts carries its label on
 * one clause (the weightiest job, by the corpus's rule); `model` picks which:
 * the clause most likely to be of the label. The other clauses get the
 * likeliest class that does not outrank the label (a probe line's other
 * clauses may be give or other, never close).
 */
export function clauseExamples(calls: readonly CorpusCall[], model: LinearModel): Example[] {
  const out: Example[] = []
  for (const call of calls) {
    for (const l of call.lines) {
      const y = UTTERANCE_CLASSES.indexOf(l.label)
      const line = lineCounter++
      const texts = [l.text, stripPunctuation(l.text)]
      for (const text of texts[0] === texts[1] ? [texts[0]!] : texts) {
        const id = `${call.part}/${call.id}`
        const clauses = featuresByClause(text).filter((f) => f.norm.words > 0)
        if (clauses.length <= 1) {
          out.push(example(text, y, id, call.author, line))
          continue
        }
        const exs = clauses.map((f) => ({ x: f.x, lex: lexicalBuckets(f.norm.tokens), y, call: id, text: f.norm.text, author: call.author, line }))
        const ps = exs.map((e) => probabilities(model, e))
        let carrier = 0
        for (let k = 1; k < ps.length; k++) if (ps[k]![y]! > ps[carrier]![y]!) carrier = k
        exs.forEach((e, k) => {
          if (k !== carrier) {
            let best = -1
            for (let c = 0; c < UTTERANCE_CLASSES.length; c++) {
              if (PRIORITY[c]! <= PRIORITY[y]! && (best < 0 || ps[k]![c]! > ps[k]![best]!)) best = c
            }
            e.y = best
          }
          out.push(e)
        })
      }
    }
  }
  return out
}

/**
 * The model as shipped is trained (train-classifier.ts, and the benchmark's left-out rows the same way): on the
 * clauses the coach reads at run time, whose labels a line-trained model assigns (clauseExamples); `lines: true`
 * trains on whole lines only. The cue weights are fitted alone first and kept; the lexical weights are then
 * fitted on top of them, so they refine the cue reading and do not weaken it where the words are new.
 */
export function trainModel(calls: readonly CorpusCall[], o: TrainOptions & { lines?: boolean; cuesOnLines?: boolean; rounds?: number } = {}): LinearModel {
  if (o.cuesOnLines && !o.lines && o.lexical !== false) {
    const lines = examples(calls)
    const cues = train(lines, { ...o, lexical: false })
    return train(clauseExamples(calls, train(lines, o)), { ...o, base: cues })
  }
  return fit(trainingData(calls, o), o)
}

/**
 * The examples the shipped model is trained on: each line's clauses (or, with `lines`, whole lines). With
 * `rounds` > 1 the clause-trained model assigns the clause labels again, and so on.
 */
export function trainingData(calls: readonly CorpusCall[], o: TrainOptions & { lines?: boolean; rounds?: number } = {}): Example[] {
  if (o.lines) return examples(calls)
  let data = clauseExamples(calls, train(examples(calls), o))
  for (let r = 1; r < (o.rounds ?? 1); r++) data = clauseExamples(calls, fit(data, o))
  return data
}

/** Cues first, then the words on top of them (see TrainOptions.base). */
export function fit(data: readonly Example[], o: TrainOptions = {}): LinearModel {
  if (o.lexical === false) return train(data, o)
  const cues = train(data, { ...o, lexical: false })
  return train(data, { ...o, base: cues })
}
