/**
 * The live path's text and coaching logic on a scripted call, without audio:
 * each utterance is cut where `cutsFor` says, every cut triggers a provisional
 * decode of the growing utterance (window from the agreement's start to the
 * cut) and the end a last decode; the oracle recogniser supplies the words.
 * The same units the app runs (UtteranceAssembler, gateDecode,
 * UtteranceCoach), in the same order, so the cut-invariance test and the
 * coach-F1 bench measure what the live path feeds the coach.
 */
import type { Flag, FlagKind } from '../../main/coach'
import { gateDecode } from '../../main/live/hallucination-gate'
import { UtteranceAssembler } from '../../main/live/local-agreement'
import { UtteranceCoach } from '../../main/live/utterance-coach'
import type { DecodedWord } from '../../main/live/words'
import { oracleWords, type ScriptWord } from './oracle-recognizer'

export interface ScriptLine {
  text: string
  words: ScriptWord[]
  startMs: number
  endMs: number
}

export interface SimResult {
  /** The committed text of each utterance when it ended. */
  texts: string[]
  /** Final flags (pushed text of each utterance). */
  flags: Flag[]
  /** Flags shown while utterances grew. */
  provisional: Array<{ segmentIndex: number; kind: FlagKind; confirmed: boolean }>
  decodes: number
}

export type Recognize = (startMs: number, endMs: number) => DecodedWord[]

export function simulateLiveCall(lines: readonly ScriptLine[], cutsFor: (line: ScriptLine, index: number) => number[], recognize?: Recognize): SimResult {
  const coach = new UtteranceCoach()
  const texts: string[] = []
  const provisional: SimResult['provisional'] = []
  const script = lines.flatMap((l) => l.words)
  const decode: Recognize = recognize ?? ((s, e) => oracleWords(script, s, e))
  let decodes = 0
  lines.forEach((line, index) => {
    const utt = new UtteranceAssembler(line.startMs)
    const shown: FlagKind[] = []
    const speechMs = (s: number, e: number) => line.words.reduce((sum, w) => sum + Math.max(0, Math.min(e, w.endMs) - Math.max(s, w.startMs)), 0)
    for (const cut of [...cutsFor(line, index)].sort((a, b) => a - b)) {
      const start = utt.windowStartMs()
      if (cut <= start) continue
      decodes++
      const verdict = gateDecode(decode(start, cut), speechMs(start, cut))
      if (!verdict.ok) {
        utt.discard()
        continue
      }
      if (utt.provisional(verdict.words, cut).length) {
        for (const f of coach.grow({ text: utt.text, startMs: line.startMs, endMs: cut })) shown.push(f.kind)
      }
    }
    const start = utt.windowStartMs()
    decodes++
    const verdict = gateDecode(decode(start, line.endMs), speechMs(start, line.endMs))
    if (verdict.ok) utt.final(verdict.words)
    texts.push(utt.text)
    const end = coach.end({ text: utt.text, startMs: line.startMs, endMs: line.endMs })
    for (const kind of shown) provisional.push({ segmentIndex: index, kind, confirmed: !end.retracted.includes(kind) })
  })
  return { texts, flags: coach.flags(), provisional, decodes }
}

/** Mulberry32: a small seeded PRNG, so every random case can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Up to `max` cuts anywhere inside the line (inside words too), at least `minGapMs` apart. */
export function randomCuts(rand: () => number, line: ScriptLine, max = 5, minGapMs = 150): number[] {
  const n = Math.floor(rand() * (max + 1))
  const cuts: number[] = []
  for (let i = 0; i < n; i++) {
    const at = Math.round(line.startMs + rand() * (line.endMs - line.startMs))
    if (at > line.startMs + minGapMs && at < line.endMs - 10 && cuts.every((c) => Math.abs(c - at) >= minGapMs)) cuts.push(at)
  }
  return cuts
}
