import type { Timeline } from '../../../contract/ipc-contract'
import { formatClock } from '../hooks'
import { FLAG_LABEL } from './labels'

const W = 600
const H = 70
const BAR_TOP = 24

/**
 * The call at a glance: bars are how much of each slice the rep talked, ticks
 * are flags (hollow when dismissed), dashed lines the first give and first ask.
 */
export function TimelineChart({ timeline, firstGiveMs, firstAskMs }: { timeline: Timeline; firstGiveMs: number | null; firstAskMs: number | null }) {
  const x = (ms: number) => (Math.min(ms, timeline.durationMs) / timeline.durationMs) * W
  const bw = W / Math.max(1, timeline.talk.length)
  return (
    <figure className="timeline" aria-label="Call timeline">
      <svg viewBox={`0 0 ${W} ${H + 14}`} role="img" data-testid="timeline">
        <rect x={0} y={BAR_TOP} width={W} height={H - BAR_TOP} className="tl-bg" />
        {timeline.talk.map((share, i) =>
          share > 0 ? <rect key={i} x={i * bw + 0.5} y={H - share * (H - BAR_TOP)} width={Math.max(1, bw - 1)} height={share * (H - BAR_TOP)} className="tl-talk" /> : null,
        )}
        {firstGiveMs !== null && <line x1={x(firstGiveMs)} x2={x(firstGiveMs)} y1={10} y2={H} className="tl-give" />}
        {firstAskMs !== null && <line x1={x(firstAskMs)} x2={x(firstAskMs)} y1={10} y2={H} className="tl-ask" />}
        {clusters(timeline.flags, x).map((c, i) => (
          <g key={i}>
            <title>{c.flags.map((f) => `${FLAG_LABEL[f.kind as keyof typeof FLAG_LABEL] ?? f.kind} at ${formatClock(f.atMs)}${f.dismissed ? ' (dismissed)' : ''}`).join('\n')}</title>
            <polygon
              points={`${c.x - 5},4 ${c.x + 5},4 ${c.x},14`}
              className={`tl-flag ${c.flags.every((f) => f.dismissed) ? 'dismissed' : ''}`}
              data-testid="timeline-flag"
              data-count={c.flags.length}
            />
            {c.flags.length > 1 && (
              <text x={c.x + 7} y={12} className="tl-count">
                {c.flags.length}
              </text>
            )}
          </g>
        ))}
        <text x={0} y={H + 12} className="tl-axis">00:00</text>
        <text x={W} y={H + 12} className="tl-axis" textAnchor="end">
          {formatClock(timeline.durationMs)}
        </text>
      </svg>
      <figcaption className="tl-legend">
        <span className="key talk" /> you talking <span className="key flag" /> flag <span className="key give" /> first give <span className="key ask" /> first ask
      </figcaption>
    </figure>
  )
}

/** Flags closer than a marker's width share one marker with their count, instead of piling into a blob. */
function clusters<F extends { atMs: number }>(flags: readonly F[], x: (ms: number) => number): Array<{ x: number; flags: F[] }> {
  const out: Array<{ x: number; flags: F[] }> = []
  for (const f of [...flags].sort((a, b) => a.atMs - b.atMs)) {
    const last = out[out.length - 1]
    if (last && x(f.atMs) - last.x < 14) last.flags.push(f)
    else out.push({ x: x(f.atMs), flags: [f] })
  }
  return out
}
