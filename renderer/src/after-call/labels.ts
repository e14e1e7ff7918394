/** Words the after-call screens share. */
import type { ProspectProfile } from '../../../contract/ipc-contract'

export { FLAG_LABELS as FLAG_LABEL } from '../../../contract/flag-labels'

export const STATUS_LABEL: Record<ProspectProfile['status'], string> = { active: 'Active', 'not-now': 'Not now', dead: 'Dead' }

export const when = (ms: number) => new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })
export const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

/** <input type="datetime-local"> value for a moment, in local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Tomorrow at 10:00: a sensible default for the next call. */
export function defaultNextCallTime(now = Date.now()): number {
  const d = new Date(now)
  d.setDate(d.getDate() + 1)
  d.setHours(10, 0, 0, 0)
  return d.getTime()
}
