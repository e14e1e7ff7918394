/**
 * Utterance classifier: give / probe / close / other.
 *
 * A multinomial logistic regression over the binary cue features of
 * features.ts (~70 cue families plus a few conjunctions) and, when the model
 * has them, the clause's hashed words and word pairs (lexical.ts). The
 * weights live in weights.ts, generated offline from the training parts of
 * the corpus by `npx tsx tests/coach/tools/train-classifier.ts` (as written
 * and with punctuation stripped, so no weight leans on punctuation). Pure and
 * cheap: one normalisation pass, a fixed set of precompiled regexes and one
 * hashing pass per clause.
 */
import { DISCOURSE, normalize } from './normalize'
import { extractFeatures, FEATURE_COUNT, FEATURE_NAMES, type Features, type Match } from './features'
import { LEXICAL_BUCKETS, LEXICAL_SCHEME, lexicalBuckets } from './lexical'
import { UTTERANCE_CLASSES, type LinearModel, type UtteranceClass } from './types'
import { WEIGHTS } from './weights'

export interface UtteranceClassification {
  class: UtteranceClass
  confidence: number
  scores: Record<UtteranceClass, number>
  /** Verbatim words that most supported the chosen class ('' if none). */
  evidence: string
  cues: string[]
  features: Features
}

export type { LinearModel } from './types'

/** The text whose lexical buckets a model records at training, to catch a change of hashing or tokens. */
export const LEXICAL_CHECK_TEXT = 'walk me through your budget for 2025 and who signs off'

export function lexicalCheck(): number[] {
  return lexicalBuckets(normalize(LEXICAL_CHECK_TEXT).tokens)
}

/** Throws when a model's weights do not fit the feature set or the lexical hashing (run for the shipped weights on first use). */
export function checkModel(m: LinearModel): void {
  if (m.features.length !== FEATURE_COUNT || m.features.some((f, i) => f !== FEATURE_NAMES[i])) {
    throw new Error('coach weights do not match the feature set: run tests/coach/tools/train-classifier.ts')
  }
  const lx = m.lexical
  if (lx) {
    const check = lexicalCheck()
    if (lx.scheme !== LEXICAL_SCHEME || lx.buckets !== LEXICAL_BUCKETS || lx.check.length !== check.length || lx.check.some((v, i) => v !== check[i])) {
      throw new Error('coach lexical weights do not match lexical.ts: run tests/coach/tools/train-classifier.ts')
    }
    let last = -1
    for (const r of lx.rows) {
      const bucket = r[0] as number
      if (r.length !== m.classes.length + 1 || !Number.isInteger(bucket) || bucket <= last || bucket >= lx.buckets) {
        throw new Error('coach lexical weights are malformed: run tests/coach/tools/train-classifier.ts')
      }
      last = bucket
    }
  }
}

let checked = false

/**
 * Per model, built once from its sparse rows: bucket -> row (-1: no weight) and the rows' weights
 * [row * classes + class]. Compact, so the lookups of a clause stay in cache.
 */
interface LexicalTable { row: Int32Array; w: Float64Array; sums: Float64Array }
const lexicalTables = new WeakMap<LinearModel, LexicalTable>()
function lexicalTable(model: LinearModel): LexicalTable | undefined {
  const lx = model.lexical
  if (!lx) return undefined
  let t = lexicalTables.get(model)
  if (!t) {
    const K = model.classes.length
    t = { row: new Int32Array(lx.buckets).fill(-1), w: new Float64Array(lx.rows.length * K), sums: new Float64Array(K) }
    for (let i = 0; i < lx.rows.length; i++) {
      const r = lx.rows[i]!
      t.row[r[0] as number] = i
      for (let k = 0; k < K; k++) t.w[i * K + k] = r[k + 1] as number
    }
    lexicalTables.set(model, t)
  }
  return t
}

/** Raw linear scores for a feature vector and (for a model with lexical weights) the clause's lexical buckets. */
export function linearScores(model: LinearModel, x: Float64Array, lex?: readonly number[]): number[] {
  const K = model.classes.length
  const out: number[] = new Array(K)
  for (let c = 0; c < K; c++) {
    const w = model.weights[c] as readonly number[]
    let z = model.bias[c] as number
    for (let j = 0; j < x.length; j++) if (x[j] !== 0) z += (w[j] as number) * (x[j] as number)
    out[c] = z
  }
  const table = lex && lex.length ? lexicalTable(model) : undefined
  if (table) {
    const s = table.sums
    s.fill(0)
    for (let j = 0; j < lex!.length; j++) {
      const i = table.row[lex![j] as number] as number
      if (i < 0) continue
      for (let c = 0; c < K; c++) s[c] = (s[c] as number) + (table.w[i * K + c] as number)
    }
    const cap = model.lexical!.cap
    for (let c = 0; c < K; c++) out[c] = (out[c] as number) + (cap ? cap * Math.tanh((s[c] as number) / cap) : (s[c] as number))
  }
  return out
}

export function softmax(z: number[]): number[] {
  let max = -Infinity
  for (const v of z) if (v > max) max = v
  let sum = 0
  const e = z.map((v) => {
    const r = Math.exp(v - max)
    sum += r
    return r
  })
  return e.map((v) => v / sum)
}

function evidenceFor(model: LinearModel, f: Features, c: number, text: string): string {
  const w = model.weights[c] as readonly number[]
  let best: Match | undefined
  let bestW = 0
  for (let j = 0; j < f.x.length; j++) {
    const sp = f.spans[j]
    if (f.x[j] === 0 || !sp) continue
    const wj = w[j] as number
    if (wj > bestW) {
      bestW = wj
      best = sp
    }
  }
  return best ? evidenceSpan(f, best, text) : ''
}

const EVIDENCE_MAX_WORDS = 16

/**
 * The words around a cue match worth quoting: the whole clause when it is short
 * (so a probe reads "what's your budget for ads"), else the match widened to a
 * few words within its clause.
 */
export function evidenceSpan(f: Features, m: Match, text: string): string {
  const toks = f.norm.tokens
  let a = toks.findIndex((t) => t.t !== '|' && t.s >= m.s)
  if (a < 0) return text.slice(m.s, m.e).trim()
  let b = a
  while (b + 1 < toks.length && toks[b + 1]!.t !== '|' && toks[b + 1]!.e <= m.e) b++
  let ca = a
  while (ca > 0 && toks[ca - 1]!.t !== '|') ca--
  let cb = b
  while (cb + 1 < toks.length && toks[cb + 1]!.t !== '|') cb++
  while (ca < a && DISCOURSE.has(toks[ca]!.t)) ca++
  if (cb - ca + 1 <= EVIDENCE_MAX_WORDS) {
    a = ca
    b = cb
  } else {
    while (b - a + 1 < 6 && b < cb) b++
    while (b - a + 1 < 6 && a > ca) a--
  }
  return text.slice(toks[a]!.s, toks[b]!.e).trim()
}

export function classifyFeatures(f: Features, text: string, model: LinearModel = WEIGHTS): UtteranceClassification {
  if (!checked && model === WEIGHTS) {
    checkModel(model)
    checked = true
  }
  const cues: string[] = []
  for (let j = 0; j < f.x.length; j++) if (f.x[j] !== 0) cues.push(FEATURE_NAMES[j] as string)
  // an empty utterance is never anything but 'other'
  if (f.norm.words === 0) {
    return { class: 'other', confidence: 1, scores: { give: 0, probe: 0, close: 0, other: 1 }, evidence: '', cues, features: f }
  }
  const p = softmax(linearScores(model, f.x, model.lexical ? lexicalBuckets(f.norm.tokens) : undefined))
  let c = 0
  for (let i = 1; i < p.length; i++) if ((p[i] as number) > (p[c] as number)) c = i
  const scores: Record<UtteranceClass, number> = { give: 0, probe: 0, close: 0, other: 0 }
  for (let i = 0; i < model.classes.length; i++) scores[model.classes[i] as UtteranceClass] = p[i] as number
  return {
    class: model.classes[c] as UtteranceClass,
    confidence: p[c] as number,
    scores,
    evidence: evidenceFor(model, f, c, text),
    cues,
    features: f,
  }
}

/** Classify one text as a single unit, without splitting it into clauses (see coach.ts classifyUtterance for that). */
export function classifyText(text: string): UtteranceClassification {
  return classifyFeatures(extractFeatures(text), text)
}

export { UTTERANCE_CLASSES }
