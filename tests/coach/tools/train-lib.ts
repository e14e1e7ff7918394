/**
 * Training the clause classifier (multinomial logistic regression on the cue
 * features), shared by the training CLI and the benchmark's left-out
 * evaluations. Each labelled line is read as the coach reads a clause
 * (featuresAsOneClause: normaliser, tagger, cue features), as written and with
 * punctuation stripped, so no weight can lean on punctuation or capitals.
 */
import { featuresAsOneClause } from '../../../main/coach/coach'
import { FEATURE_COUNT, FEATURE_NAMES } from '../../../main/coach/features'
import { linearScores, softmax, type LinearModel } from '../../../main/coach/classifier'
import { UTTERANCE_CLASSES } from '../../../main/coach/types'
import { stripPunctuation, type CorpusCall } from '../corpus-loader'

export interface Example { x: Float64Array; y: number; call: string; text: string }

export const DEFAULT_LAMBDA = 0.001
export const DEFAULT_ITERS = 1500

export function examples(calls: readonly CorpusCall[]): Example[] {
  const out: Example[] = []
  for (const call of calls) {
    for (const l of call.lines) {
      const texts = [l.text, stripPunctuation(l.text)]
      for (const text of texts[0] === texts[1] ? [texts[0]!] : texts) {
        out.push({ x: featuresAsOneClause(text).x, y: UTTERANCE_CLASSES.indexOf(l.label), call: `${call.part}/${call.id}`, text })
      }
    }
  }
  return out
}

export function train(data: readonly Example[], lambda = DEFAULT_LAMBDA, iters = DEFAULT_ITERS): LinearModel {
  const K = UTTERANCE_CLASSES.length
  const D = FEATURE_COUNT
  const W = Array.from({ length: K }, () => new Float64Array(D))
  const b = new Float64Array(K)
  const mW = Array.from({ length: K }, () => new Float64Array(D))
  const vW = Array.from({ length: K }, () => new Float64Array(D))
  const mb = new Float64Array(K)
  const vb = new Float64Array(K)
  const lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-8
  // sparse rows: the features are binary and few fire per clause
  const rows = data.map((ex) => {
    const idx: number[] = []
    for (let j = 0; j < D; j++) if (ex.x[j] !== 0) idx.push(j)
    return idx
  })
  const model = (): LinearModel => ({ classes: UTTERANCE_CLASSES, features: FEATURE_NAMES, weights: W.map((w) => [...w]), bias: [...b] })
  const z = new Float64Array(K)
  for (let it = 1; it <= iters; it++) {
    const gW = Array.from({ length: K }, () => new Float64Array(D))
    const gb = new Float64Array(K)
    for (let n = 0; n < data.length; n++) {
      const idx = rows[n]!
      for (let k = 0; k < K; k++) {
        let v = b[k]!
        const w = W[k]!
        for (const j of idx) v += w[j]!
        z[k] = v
      }
      const p = softmax([...z])
      const y = data[n]!.y
      for (let k = 0; k < K; k++) {
        const d = (p[k] as number) - (k === y ? 1 : 0)
        gb[k]! += d / data.length
        const g = gW[k]!
        for (const j of idx) g[j]! += d / data.length
      }
    }
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < D; j++) {
        const g = gW[k]![j]! + lambda * W[k]![j]!
        mW[k]![j] = b1 * mW[k]![j]! + (1 - b1) * g
        vW[k]![j] = b2 * vW[k]![j]! + (1 - b2) * g * g
        W[k]![j]! -= (lr * (mW[k]![j]! / (1 - b1 ** it))) / (Math.sqrt(vW[k]![j]! / (1 - b2 ** it)) + eps)
      }
      const g = gb[k]!
      mb[k] = b1 * mb[k]! + (1 - b1) * g
      vb[k] = b2 * vb[k]! + (1 - b2) * g * g
      b[k]! -= (lr * (mb[k]! / (1 - b1 ** it))) / (Math.sqrt(vb[k]! / (1 - b2 ** it)) + eps)
    }
  }
  return model()
}

export function predict(m: LinearModel, x: Float64Array): number {
  const z = linearScores(m, x)
  let c = 0
  for (let i = 1; i < z.length; i++) if (z[i]! > z[c]!) c = i
  return c
}
