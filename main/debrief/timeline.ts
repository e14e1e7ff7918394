/**
 * The debrief's chart data: the call cut into equal bins with the share of
 * each bin the rep spent talking, plus markers for flags and milestones. A
 * fixed number of bins keeps the chart (and the reply) the same size for a
 * two-minute call and a two-hour one.
 */
import { spokenSpans, type FigureFlag, type FigureSegment } from './figures'

export const TIMELINE_BINS = 60

export interface Timeline {
  durationMs: number
  binMs: number
  /** Share of each bin (0..1) the rep was talking. */
  talk: number[]
  flags: Array<{ atMs: number; kind: string; dismissed: boolean }>
}

export function buildTimeline(
  segments: readonly FigureSegment[],
  flags: readonly FigureFlag[],
  callMs: number,
  bins = TIMELINE_BINS,
): Timeline {
  const spans = spokenSpans(segments)
  const lastEnd = spans.reduce((m, s) => Math.max(m, s.endMs), 0)
  const lastFlag = flags.reduce((m, f) => Math.max(m, f.atMs), 0)
  const durationMs = Math.max(callMs, lastEnd, lastFlag, 1)
  const binMs = durationMs / bins
  const talked = new Array<number>(bins).fill(0)
  for (const span of spans) {
    // Spread each span over the bins it overlaps.
    const first = Math.min(bins - 1, Math.floor(span.startMs / binMs))
    const last = Math.min(bins - 1, Math.floor(Math.max(span.startMs, span.endMs - 1) / binMs))
    for (let b = first; b <= last; b++) {
      const from = Math.max(span.startMs, b * binMs)
      const to = Math.min(span.endMs, (b + 1) * binMs)
      if (to > from) talked[b]! += to - from
    }
  }
  return {
    durationMs,
    binMs,
    talk: talked.map((ms) => Math.min(1, Math.round((ms / binMs) * 1000) / 1000)),
    flags: flags.map((f) => ({ atMs: f.atMs, kind: f.kind, dismissed: f.dismissedAt !== null })),
  }
}
