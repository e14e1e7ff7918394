/** Names and time formats shared by the Markdown and JSON exports. */
export { FLAG_LABELS } from '../../contract/flag-labels'

/** mm:ss (h:mm:ss past an hour), like the app shows call times. */
export function clock(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000)
  const h = Math.floor(total / 3600)
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0')
  const ss = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`
}

/** ISO 8601 in UTC: unambiguous wherever the file is read. */
export const dateTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
