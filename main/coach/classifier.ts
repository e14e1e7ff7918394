/**
 * Utterance classifier: give / probe / close / other.
 *
 * A multinomial logistic regression over the binary cue features of
 * features.ts (~60 cue families plus a few conjunctions). The weights live in
 * weights.ts, generated offline from the tuning corpus by
 * `npx tsx tests/coach/tools/train-classifier.ts` (as written and with
 * punctuation stripped, so no weight leans on punctuation). Pure and cheap:
 * one normalisation pass and a fixed set of precompiled regexes per utterance.
 */
import { DISCOURSE } from './normalize'
import { extractFeatures, FEATURE_COUNT, FEATURE_NAMES, type Features, type Match } from './features'
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

function checkModel(m: LinearModel): void {
  if (m.features.length !== FEATURE_COUNT || m.features.some((f, i) => f !== FEATURE_NAMES[i])) {
    throw new Error('coach weights do not match the feature set: run tests/coach/tools/train-classifier.ts')
  }
}

let checked = false

/** Raw linear scores for a feature vector (exported for training and tests). */
export function linearScores(model: LinearModel, x: Float64Array): number[] {
  const out: number[] = []
  for (let c = 0; c < model.classes.length; c++) {
    const w = model.weights[c] as readonly number[]
    let z = model.bias[c] as number
    for (let j = 0; j < x.length; j++) if (x[j] !== 0) z += (w[j] as number) * (x[j] as number)
    out.push(z)
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
  const p = softmax(linearScores(model, f.x))
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
