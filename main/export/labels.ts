/** Names and time formats shared by the Markdown and JSON exports. */
export { FLAG_LABELS } from '../../contract/flag-labels'

/** mm:ss (h:mm:ss past an hour), like the app shows call times. */
export { formatClock as clock } from '../../contract/clock'

/** ISO 8601 in UTC: unambiguous wherever the file is read. */
export const dateTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
