/**
 * The debrief's numbers for one call: how much the rep talked, the longest
 * stretch without room for the buyer, and when the rep first gave, probed and
 * asked for a commitment (the playbook's "give before you ask, earn the close").
 * Pure: segments and flags in, figures out.
 */
import { classifyUtterance, DEFAULT_OPTIONS, type UtteranceClass } from '../coach'

export interface FigureSegment {
  startMs: number
  endMs: number
  text: string
  status: 'pending' | 'done' | 'failed'
  /** The live coach's stored reading, when it has one (saves classifying again). */
  utteranceClass?: UtteranceClass | null
}

export interface FigureFlag {
  kind: string
  atMs: number
  dismissedAt: number | null
}

export interface DebriefFigures {
  talkMs: number
  longestMonologueMs: number
  /** Where the longest stretch started (null when the rep said nothing). */
  longestMonologueAtMs: number | null
  /** Probing questions asked before the first give (all of them when the rep never gave). */
  probesBeforeFirstGive: number
  firstGiveMs: number | null
  firstCommitmentAskMs: number | null
  flagCount: number
  flagsByKind: Record<string, number>
  promptsDismissed: number
}

/** The coach's speaking rate, used where a segment has no length (typed practice lines). */
const MS_PER_WORD = 60_000 / DEFAULT_OPTIONS.wordsPerMinute

/** A typed line is stored at one instant; estimate how long saying it takes, as the coach does. */
export function spokenSpan(s: { startMs: number; endMs: number; text: string }): { startMs: number; endMs: number } {
  if (s.endMs > s.startMs) return { startMs: s.startMs, endMs: s.endMs }
  const words = s.text.trim() ? s.text.trim().split(/\s+/).length : 0
  return { startMs: s.startMs, endMs: s.startMs + Math.round(words * MS_PER_WORD) }
}

/**
 * When the rep said each line. Typed lines all land at the moment they
 * were entered, so pasted lines would overlap; they are laid end to end after
 * the line before, the way they would be said.
 */
export function spokenSpans(segments: readonly FigureSegment[]): Array<{ startMs: number; endMs: number }> {
  const out: Array<{ startMs: number; endMs: number }> = []
  let prevEnd = 0
  // Speech counts whether or not it has text yet (not transcribed, or no words recognised): the
  // rep was talking, and the live talk meter counted it. Typed lines count when they have words.
  for (const s of segments.filter((x) => x.endMs > x.startMs || (x.status === 'done' && x.text.trim() !== ''))) {
    const span = spokenSpan(s)
    if (s.endMs <= s.startMs && span.startMs < prevEnd) {
      span.endMs += prevEnd - span.startMs
      span.startMs = prevEnd
    }
    prevEnd = Math.max(prevEnd, span.endMs)
    out.push(span)
  }
  return out
}

/** Segments the coach saw: transcribed, with words. */
export function coachedSegments<T extends FigureSegment>(segments: readonly T[]): T[] {
  return segments.filter((s) => s.status === 'done' && s.text.trim() !== '')
}

export interface Milestones {
  probesBeforeFirstGive: number
  firstGiveMs: number | null
  firstCommitmentAskMs: number | null
}

/**
 * Classifies in call order only until the first give and the first commitment
 * ask are both known: usually a few segments, so a two-hour call's debrief does
 * not pay for classifying every line.
 */
export function findMilestones(segments: readonly FigureSegment[], classify: (text: string) => UtteranceClass = (t) => classifyUtterance(t).class): Milestones {
  let probes = 0
  let firstGiveMs: number | null = null
  let firstCloseMs: number | null = null
  for (const s of coachedSegments(segments)) {
    const cls = s.utteranceClass ?? classify(s.text)
    if (cls === 'probe' && firstGiveMs === null) probes++
    if (cls === 'give' && firstGiveMs === null) firstGiveMs = s.startMs
    if (cls === 'close' && firstCloseMs === null) firstCloseMs = s.startMs
    if (firstGiveMs !== null && firstCloseMs !== null) break
  }
  return { probesBeforeFirstGive: probes, firstGiveMs, firstCommitmentAskMs: firstCloseMs }
}

/** Stretches of rep speech, split where the rep left the buyer room (the coach's turn gap). */
export function speechStretches(segments: readonly FigureSegment[], turnGapMs = DEFAULT_OPTIONS.turnGapMs): Array<{ startMs: number; endMs: number }> {
  const spans = spokenSpans(segments).sort((a, b) => a.startMs - b.startMs)
  const out: Array<{ startMs: number; endMs: number }> = []
  for (const span of spans) {
    const last = out[out.length - 1]
    if (last && span.startMs - last.endMs < turnGapMs) last.endMs = Math.max(last.endMs, span.endMs)
    else out.push({ ...span })
  }
  return out
}

export function computeFigures(segments: readonly FigureSegment[], flags: readonly FigureFlag[], classify?: (text: string) => UtteranceClass): DebriefFigures {
  // Overlapping speech segments (rare, but possible after crash recovery) count once.
  const talkMs = speechStretches(segments, 0).reduce((sum, s) => sum + (s.endMs - s.startMs), 0)
  let longest: { startMs: number; endMs: number } | null = null
  for (const stretch of speechStretches(segments)) {
    if (!longest || stretch.endMs - stretch.startMs > longest.endMs - longest.startMs) longest = stretch
  }
  const flagsByKind: Record<string, number> = {}
  for (const f of flags) flagsByKind[f.kind] = (flagsByKind[f.kind] ?? 0) + 1
  return {
    talkMs,
    longestMonologueMs: longest ? longest.endMs - longest.startMs : 0,
    longestMonologueAtMs: longest?.startMs ?? null,
    ...findMilestones(segments, classify),
    flagCount: flags.length,
    flagsByKind,
    promptsDismissed: flags.filter((f) => f.dismissedAt !== null).length,
  }
}
