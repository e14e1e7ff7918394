import { describe, expect, it } from 'vitest'
import { groupSchedule, scheduleWindows, type Schedulable } from '../../main/schedule/windows'

// Local times, so the test holds in any time zone.
const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime()

describe('schedule windows', () => {
  it('today runs midnight to midnight; this week ends next Monday 00:00', () => {
    const w = scheduleWindows(at(2025, 3, 12, 15, 30)) // a Wednesday
    expect(w.todayStart).toBe(at(2025, 3, 12))
    expect(w.tomorrowStart).toBe(at(2025, 3, 13))
    expect(w.weekEnd).toBe(at(2025, 3, 17))
  })

  it('on a Sunday the week ends at midnight; on a Monday it runs a full week', () => {
    expect(scheduleWindows(at(2025, 3, 16, 10)).weekEnd).toBe(at(2025, 3, 17))
    expect(scheduleWindows(at(2025, 3, 17, 10)).weekEnd).toBe(at(2025, 3, 24))
  })

  it('groups entries: overdue only while still scheduled, done calls stay under their day, cancelled are left out', () => {
    const w = scheduleWindows(at(2025, 3, 12, 15))
    const e = (id: string, scheduledAt: number, status: Schedulable['status'] = 'scheduled') => ({ id, scheduledAt, status })
    const entries = [
      e('later', at(2025, 3, 20, 9)),
      e('overdue', at(2025, 3, 10, 9)),
      e('missed-but-done', at(2025, 3, 11, 9), 'done'),
      e('today-late', at(2025, 3, 12, 17)),
      e('today-early-done', at(2025, 3, 12, 9), 'done'),
      e('today-cancelled', at(2025, 3, 12, 11), 'cancelled'),
      e('friday', at(2025, 3, 14, 9)),
      e('sunday-night', at(2025, 3, 16, 23, 59)),
    ]
    const g = groupSchedule(entries, w)
    expect(g.overdue.map((x) => x.id)).toEqual(['overdue'])
    expect(g.today.map((x) => x.id)).toEqual(['today-early-done', 'today-late'])
    expect(g.thisWeek.map((x) => x.id)).toEqual(['friday', 'sunday-night'])
    expect(g.later.map((x) => x.id)).toEqual(['later'])
  })
})
