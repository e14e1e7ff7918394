/** Team figures per week as small SVG charts: no chart library, one bar or point per week. */
import type { TeamFiguresDto } from '../../../contract/ipc-contract'
import { FLAG_LABELS } from '../../../contract/flag-labels'

type Week = TeamFiguresDto['weeks'][number]

const W = 320
const H = 120
const PAD = { l: 30, r: 8, t: 8, b: 20 }
const KIND_COLORS = ['#38bdf8', '#f59e0b', '#f472b6', '#a78bfa', '#34d399', '#f87171', '#facc15', '#60a5fa', '#fb923c']

const weekLabel = (ms: number) => new Date(ms).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' })

function Frame({ title, max, weeks, children, unit = '' }: { title: string; max: number; weeks: Week[]; children: React.ReactNode; unit?: string }) {
  const plotH = H - PAD.t - PAD.b
  const ticks = [0, max / 2, max]
  return (
    <figure className="team-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {ticks.map((t) => {
          const y = PAD.t + plotH - (max ? (t / max) * plotH : 0)
          return (
            <g key={t}>
              <line x1={PAD.l} x2={W - PAD.r} y1={y} y2={y} className="grid" />
              <text x={PAD.l - 4} y={y + 3} textAnchor="end" className="tick">
                {Number.isInteger(t) ? t : t.toFixed(1)}
                {unit}
              </text>
            </g>
          )
        })}
        {children}
        {weeks.map((w, i) => (
          <text key={w.weekStart} x={slotX(i, weeks.length) + slotW(weeks.length) / 2} y={H - 6} textAnchor="middle" className="tick">
            {i % Math.ceil(weeks.length / 6) === 0 ? weekLabel(w.weekStart) : ''}
          </text>
        ))}
      </svg>
    </figure>
  )
}

const slotW = (n: number) => (W - PAD.l - PAD.r) / Math.max(1, n)
const slotX = (i: number, n: number) => PAD.l + i * slotW(n)
const yOf = (v: number, max: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - (max ? v / max : 0))
const niceMax = (v: number) => (v <= 0 ? 1 : v <= 5 ? Math.ceil(v) : Math.ceil(v / 5) * 5)

export function TeamCharts({ figures }: { figures: TeamFiguresDto }) {
  const weeks = figures.weeks
  const n = weeks.length
  const bw = slotW(n) * 0.6
  const kinds = [...new Set(weeks.flatMap((w) => Object.keys(w.flagsPerCallByKind)))].sort()
  const callsMax = niceMax(Math.max(...weeks.map((w) => w.calls)))
  const flagsMax = niceMax(Math.max(...weeks.map((w) => Object.values(w.flagsPerCallByKind).reduce((a, b) => a + b, 0))))
  const rehMax = niceMax(Math.max(...weeks.map((w) => w.rehearsals)))
  const gives = weeks.map((w) => (w.medianFirstGiveMs === null ? null : w.medianFirstGiveMs / 1000))
  const giveMax = niceMax(Math.max(0, ...gives.filter((g): g is number => g !== null)))

  return (
    <div className="team-charts" data-testid="team-charts">
      <Frame title="Calls" max={callsMax} weeks={weeks}>
        {weeks.map((w, i) => (
          <rect key={i} className="bar calls" x={slotX(i, n) + (slotW(n) - bw) / 2} width={bw} y={yOf(w.calls, callsMax)} height={yOf(0, callsMax) - yOf(w.calls, callsMax)}>
            <title>{`${weekLabel(w.weekStart)}: ${w.calls} calls`}</title>
          </rect>
        ))}
      </Frame>

      <Frame title="Flags per call, by kind" max={flagsMax} weeks={weeks}>
        {weeks.map((w, i) => {
          let base = 0
          return kinds.map((k, j) => {
            const v = w.flagsPerCallByKind[k] ?? 0
            const y0 = yOf(base, flagsMax)
            base += v
            return (
              <rect key={`${i}-${k}`} x={slotX(i, n) + (slotW(n) - bw) / 2} width={bw} y={yOf(base, flagsMax)} height={y0 - yOf(base, flagsMax)} fill={KIND_COLORS[j % KIND_COLORS.length]}>
                <title>{`${weekLabel(w.weekStart)}: ${label(k)} ${v} per call`}</title>
              </rect>
            )
          })
        })}
      </Frame>
      {kinds.length > 0 && (
        <ul className="team-legend">
          {kinds.map((k, j) => (
            <li key={k}>
              <span className="swatch" style={{ background: KIND_COLORS[j % KIND_COLORS.length] }} /> {label(k)}
            </li>
          ))}
        </ul>
      )}

      <Frame title="Rehearsals: shared and reviewed" max={rehMax} weeks={weeks}>
        {weeks.map((w, i) => (
          <g key={i}>
            <rect className="bar rehearsals" x={slotX(i, n) + (slotW(n) - bw) / 2} width={bw / 2} y={yOf(w.rehearsals, rehMax)} height={yOf(0, rehMax) - yOf(w.rehearsals, rehMax)}>
              <title>{`${weekLabel(w.weekStart)}: ${w.rehearsals} shared`}</title>
            </rect>
            <rect className="bar reviewed" x={slotX(i, n) + slotW(n) / 2} width={bw / 2} y={yOf(w.rehearsalsReviewed, rehMax)} height={yOf(0, rehMax) - yOf(w.rehearsalsReviewed, rehMax)}>
              <title>{`${weekLabel(w.weekStart)}: ${w.rehearsalsReviewed} reviewed`}</title>
            </rect>
          </g>
        ))}
      </Frame>

      <Frame title="Time to first give (median)" max={giveMax} weeks={weeks} unit="s">
        <polyline
          className="line give"
          fill="none"
          points={gives
            .map((g, i) => (g === null ? null : `${slotX(i, n) + slotW(n) / 2},${yOf(g, giveMax)}`))
            .filter(Boolean)
            .join(' ')}
        />
        {gives.map((g, i) =>
          g === null ? null : (
            <circle key={i} className="dot give" cx={slotX(i, n) + slotW(n) / 2} cy={yOf(g, giveMax)} r={3}>
              <title>{`${weekLabel(weeks[i]!.weekStart)}: ${g.toFixed(1)} s`}</title>
            </circle>
          ),
        )}
      </Frame>
    </div>
  )
}

function label(kind: string): string {
  return (FLAG_LABELS as Record<string, string>)[kind] ?? kind
}
