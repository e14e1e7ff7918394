/** The schedule view: overdue follow-ups, today, the rest of this week, and the next few weeks. */
import type { Schedule } from '../../contract/ipc-contract'
import { toScheduledCallDto, type Store } from '../store'
import { groupSchedule, LATER_HORIZON_MS, scheduleWindows } from './windows'

/** Enough to act on; older misses belong on the prospect page, not the to-do list. */
const OVERDUE_LIMIT = 100

export function loadSchedule(store: Store, now: number): Schedule {
  const w = scheduleWindows(now)
  const entries = [
    ...store.scheduledCalls.listOverdue({ before: w.todayStart, limit: OVERDUE_LIMIT }),
    ...store.scheduledCalls.listBetween({ from: w.todayStart, to: Math.max(w.weekEnd, w.todayStart + LATER_HORIZON_MS) }),
  ]
  const groups = groupSchedule(entries, w)
  return {
    overdue: groups.overdue.map(toScheduledCallDto),
    today: groups.today.map(toScheduledCallDto),
    thisWeek: groups.thisWeek.map(toScheduledCallDto),
    later: groups.later.map(toScheduledCallDto),
  }
}
