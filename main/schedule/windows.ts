/**
 * The schedule's time windows in the rep's local calendar: overdue (a call
 * still marked scheduled from before today), today, the rest of this week
 * (weeks start on Monday), and later. Pure: a clock reading in, boundaries out.
 */
export interface ScheduleWindows {
  now: number
  todayStart: number
  tomorrowStart: number
  /** Next Monday 00:00 local time: "this week" ends here. */
  weekEnd: number
}

const DAY = 86_400_000

function localMidnight(ms: number): number {
  const d = new Date(ms)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

/** Adds whole calendar days (DST-safe: via the calendar, not 24 h steps). */
function addDays(midnight: number, days: number): number {
  const d = new Date(midnight)
  d.setDate(d.getDate() + days)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

export function scheduleWindows(now: number): ScheduleWindows {
  const todayStart = localMidnight(now)
  const weekday = new Date(todayStart).getDay() // 0 = Sunday
  const daysToMonday = weekday === 0 ? 1 : 8 - weekday
  return { now, todayStart, tomorrowStart: addDays(todayStart, 1), weekEnd: addDays(todayStart, daysToMonday) }
}

export interface Schedulable {
  scheduledAt: number
  status: 'scheduled' | 'done' | 'cancelled'
}

export interface ScheduleGroups<T> {
  overdue: T[]
  today: T[]
  thisWeek: T[]
  later: T[]
}

/**
 * Sorts entries into the groups, soonest first. Cancelled entries are left
 * out; a done one stays under its day (the rep sees what they already did
 * today) but is never overdue.
 */
export function groupSchedule<T extends Schedulable>(entries: readonly T[], w: ScheduleWindows): ScheduleGroups<T> {
  const groups: ScheduleGroups<T> = { overdue: [], today: [], thisWeek: [], later: [] }
  const sorted = [...entries].sort((a, b) => a.scheduledAt - b.scheduledAt)
  for (const e of sorted) {
    if (e.status === 'cancelled') continue
    if (e.scheduledAt < w.todayStart) {
      if (e.status === 'scheduled') groups.overdue.push(e)
    } else if (e.scheduledAt < w.tomorrowStart) groups.today.push(e)
    else if (e.scheduledAt < w.weekEnd) groups.thisWeek.push(e)
    else groups.later.push(e)
  }
  return groups
}

/** How far ahead "later" looks, so the view stays a to-do list, not an archive. */
export const LATER_HORIZON_MS = 30 * DAY
