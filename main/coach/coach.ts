/**
 * The coach engine: classifies each rep segment and raises flags.
 *
 * Every rule only looks backwards (has the rep given anything yet? probed
 * anything yet? how long has this stretch of speech run?), so feeding segments
 * one at a time during a call yields exactly the flags of analysing the whole
 * call at once. `createCoach` is the incremental state machine used live;
 * `analyzeCall` is an independent batch implementation of the same rule
 * definitions (tests check that both agree on every corpus call).
 */
import { classifyFeatures, evidenceSpan } from './classifier'
import { extractFeatures, findCheckIn, findCredentials, type Features } from './features'
import {
  askingBeforeGiving,
  closingTooEarly,
  credentialsNotValue,
  emptyCheckIn,
  KIND_ORDER,
  slowHook,
  talkingTooLong,
  type FlagContext,
} from './rules'
import type { CallAnalysis, Classification, Coach, CoachOptions, CoachSegment, Flag } from './types'

export const DEFAULT_OPTIONS: Required<CoachOptions> = {
  // ~150 words at conversational pace: several times the 20–30 s a buyer gives a
  // caller to say something worth hearing, and long past any single point.
  monologueMs: 60_000,
  // Whisper splits continuous speech into segments with sub-second gaps; a 2 s
  // silence on the rep's side is room the buyer had (or took) to speak.
  turnGapMs: 2_000,
  slowHookMs: 30_000,
  wordsPerMinute: 150,
}

function resolve(options?: CoachOptions): Required<CoachOptions> {
  const o = { ...DEFAULT_OPTIONS }
  for (const k of Object.keys(DEFAULT_OPTIONS) as (keyof CoachOptions)[]) {
    const v = options?.[k]
    if (v !== undefined) {
      if (!Number.isFinite(v) || v <= 0) throw new RangeError(`coach option ${k} must be a positive number`)
      o[k] = v
    }
  }
  return o
}

interface Analysed {
  classification: Classification
  features: Features
  text: string
  startMs: number | null
  /** Given end, or start + estimated speaking time; null when the start is unknown. */
  endMs: number | null
  /** Estimated speaking time from the word count. */
  spokenMs: number
}

const num = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

function analyse(segment: CoachSegment, index: number, o: Required<CoachOptions>): Analysed {
  const text = typeof segment.text === 'string' ? segment.text : ''
  const features = extractFeatures(text)
  const c = classifyFeatures(features, text)
  const startMs = num(segment.startMs)
  const spokenMs = (features.norm.spokenWords * 60_000) / o.wordsPerMinute
  const givenEnd = num(segment.endMs)
  const endMs = givenEnd ?? (startMs !== null ? startMs + spokenMs : null)
  const classification: Classification = {
    segmentIndex: index,
    class: c.class,
    confidence: c.confidence,
    scores: c.scores,
    evidence: c.evidence,
    cues: c.cues,
  }
  return { classification, features, text, startMs, endMs, spokenMs }
}

function ctx(a: Analysed, evidence: string): FlagContext {
  return { evidence, segmentIndex: a.classification.segmentIndex, startMs: a.startMs, endMs: num(a.endMs) }
}

function shortText(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ')
  return t.length > 100 ? t.slice(0, 99).trimEnd() + '…' : t
}

/** Flags that depend only on the segment itself (plus its class). */
function segmentFlags(a: Analysed): Flag[] {
  const out: Flag[] = []
  if (a.classification.class === 'give') return out
  const ck = findCheckIn(a.features)
  if (ck) out.push(emptyCheckIn(ctx(a, evidenceSpan(a.features, ck, a.text))))
  const cr = findCredentials(a.features)
  if (cr) out.push(credentialsNotValue(ctx(a, evidenceSpan(a.features, cr, a.text))))
  return out
}

const byOrder = (x: Flag, y: Flag): number => x.segmentIndex - y.segmentIndex || KIND_ORDER[x.kind] - KIND_ORDER[y.kind]

/** Incremental coach for a live call. `push` costs one classification (tens of microseconds). */
export function createCoach(options?: CoachOptions): Coach {
  const o = resolve(options)
  let classes: Classification[] = []
  let all: Flag[] = []
  let gave = false
  let probed = false
  let callStartMs: number | null | undefined
  let hookFlagged = false
  let runStart: number | null = null
  let runEnd: number | null = null
  let runFlagged = false

  const push = (segment: CoachSegment): Flag[] => {
    const a = analyse(segment, classes.length, o)
    classes.push(a.classification)
    const cls = a.classification.class
    const out: Flag[] = []
    if (cls === 'probe' && !gave) out.push(askingBeforeGiving(ctx(a, a.classification.evidence)))
    if (cls === 'close' && (!gave || !probed)) out.push(closingTooEarly(ctx(a, a.classification.evidence), gave, probed))
    out.push(...segmentFlags(a))

    if (callStartMs === undefined) callStartMs = a.startMs
    if (cls === 'give') gave = true
    if (cls === 'probe') probed = true
    if (!hookFlagged && !gave && callStartMs !== null && a.endMs !== null && a.endMs - callStartMs > o.slowHookMs) {
      hookFlagged = true
      out.push(slowHook(ctx(a, shortText(a.text)), o.slowHookMs))
    }

    if (a.startMs === null || a.endMs === null) {
      // unknown timing: this segment alone is the stretch
      runStart = runEnd = null
      if (a.spokenMs > o.monologueMs) out.push(talkingTooLong(ctx(a, shortText(a.text)), a.spokenMs, o.monologueMs))
    } else {
      if (runEnd === null || runStart === null || a.startMs - runEnd >= o.turnGapMs) {
        runStart = a.startMs
        runEnd = a.endMs
        runFlagged = false
      } else {
        runEnd = Math.max(runEnd, a.endMs)
      }
      if (!runFlagged && runEnd - runStart > o.monologueMs) {
        runFlagged = true
        out.push(talkingTooLong(ctx(a, shortText(a.text)), runEnd - runStart, o.monologueMs))
      }
    }
    out.sort(byOrder)
    all.push(...out)
    return out
  }

  return {
    push,
    flags: () => all.slice(),
    classifications: () => classes.slice(),
    classification: (index) => classes[index],
    reset: () => {
      classes = []
      all = []
      gave = probed = hookFlagged = runFlagged = false
      callStartMs = undefined
      runStart = runEnd = null
    },
  }
}

/** Analyse a whole call at once (batch implementation of the same rules). */
export function analyzeCall(segments: readonly CoachSegment[], options?: CoachOptions): CallAnalysis {
  const o = resolve(options)
  const items = segments.map((s, i) => analyse(s, i, o))
  const flags: Flag[] = []
  const firstOf = (cls: string): number => {
    const i = items.findIndex((a) => a.classification.class === cls)
    return i === -1 ? Infinity : i
  }
  const firstGive = firstOf('give')
  const firstProbe = firstOf('probe')

  items.forEach((a, i) => {
    const cls = a.classification.class
    if (cls === 'probe' && i < firstGive) flags.push(askingBeforeGiving(ctx(a, a.classification.evidence)))
    if (cls === 'close' && (i < firstGive || i < firstProbe)) {
      flags.push(closingTooEarly(ctx(a, a.classification.evidence), i > firstGive, i > firstProbe))
    }
    flags.push(...segmentFlags(a))
  })

  // slow hook: first non-giving segment before the first give that ends past the threshold
  const callStart = items[0]?.startMs ?? null
  if (callStart !== null) {
    for (let i = 0; i < Math.min(items.length, firstGive); i++) {
      const a = items[i] as Analysed
      if (a.endMs !== null && a.endMs - callStart > o.slowHookMs) {
        flags.push(slowHook(ctx(a, shortText(a.text)), o.slowHookMs))
        break
      }
    }
  }

  // monologues: split the call into stretches of speech, flag where each first exceeds the threshold
  let i = 0
  while (i < items.length) {
    const first = items[i] as Analysed
    if (first.startMs === null || first.endMs === null) {
      if (first.spokenMs > o.monologueMs) flags.push(talkingTooLong(ctx(first, shortText(first.text)), first.spokenMs, o.monologueMs))
      i++
      continue
    }
    let j = i
    let end = first.endMs
    let flagged = false
    for (;;) {
      const cur = items[j] as Analysed
      if (!flagged && end - first.startMs > o.monologueMs) {
        flags.push(talkingTooLong(ctx(cur, shortText(cur.text)), end - first.startMs, o.monologueMs))
        flagged = true
      }
      const next = items[j + 1]
      if (!next || next.startMs === null || next.endMs === null || next.startMs - end >= o.turnGapMs) break
      end = Math.max(end, next.endMs)
      j++
    }
    i = j + 1
  }

  flags.sort(byOrder)
  return { classifications: items.map((a) => a.classification), flags }
}
