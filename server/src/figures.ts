/**
 * A team's figures per week (Monday 00:00 UTC): live calls shared, flags per
 * call by kind, rehearsals uploaded and reviewed, and the median time to the
 * first give over the week's calls and rehearsals.
 */
import type { Pool } from './db'
import type { TeamFigures, TeamWeek } from '../../contract/team-wire'

const DAY = 86_400_000
const WEEK = 7 * DAY

/** Monday 00:00 UTC of the week holding t. */
export function weekStart(t: number): number {
  const day = Math.floor(t / DAY)
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday = 0.
  const weekday = (day + 3) % 7
  return (day - weekday) * DAY
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2)
}

export async function teamFigures(pool: Pool, teamId: string, team: string, weeks: number, now: number): Promise<TeamFigures> {
  const last = weekStart(now)
  const first = last - (weeks - 1) * WEEK
  const calls = await pool.query<{ started_at: number; flag_count: number; flags_by_kind: Record<string, number>; first_give_ms: number | null }>(
    `SELECT started_at, flag_count, flags_by_kind, first_give_ms FROM debriefs
     WHERE team_id = $1 AND kind = 'live' AND started_at >= $2 AND started_at < $3`,
    [teamId, first, last + WEEK],
  )
  const rehearsals = await pool.query<{ started_at: number; first_give_ms: number | null; reviewed: boolean }>(
    `SELECT r.started_at, r.first_give_ms,
            EXISTS (SELECT 1 FROM reviews v WHERE v.team_id = r.team_id AND v.rehearsal_id = r.id) AS reviewed
     FROM rehearsals r WHERE r.team_id = $1 AND r.started_at >= $2 AND r.started_at < $3`,
    [teamId, first, last + WEEK],
  )
  const byWeek = new Map<number, { calls: number; flags: Record<string, number>; rehearsals: number; reviewed: number; gives: number[] }>()
  for (let w = first; w <= last; w += WEEK) byWeek.set(w, { calls: 0, flags: {}, rehearsals: 0, reviewed: 0, gives: [] })
  for (const c of calls.rows) {
    const w = byWeek.get(weekStart(c.started_at))!
    w.calls++
    for (const [kind, n] of Object.entries(c.flags_by_kind)) w.flags[kind] = (w.flags[kind] ?? 0) + n
    if (c.first_give_ms !== null) w.gives.push(c.first_give_ms)
  }
  for (const r of rehearsals.rows) {
    const w = byWeek.get(weekStart(r.started_at))!
    w.rehearsals++
    if (r.reviewed) w.reviewed++
    if (r.first_give_ms !== null) w.gives.push(r.first_give_ms)
  }
  const out: TeamWeek[] = [...byWeek].map(([weekStart, w]) => ({
    weekStart,
    calls: w.calls,
    flagsPerCallByKind: Object.fromEntries(Object.entries(w.flags).map(([k, n]) => [k, w.calls ? Math.round((n / w.calls) * 100) / 100 : 0])),
    rehearsals: w.rehearsals,
    rehearsalsReviewed: w.reviewed,
    medianFirstGiveMs: median(w.gives),
  }))
  return { team, weeks: out }
}
