/**
 * A prospect's history as one time line: each call, each debrief (when it was
 * written) and each note, oldest first, so the next call builds on everything
 * said before instead of starting from zero.
 */
import type { HistoryItem } from '../../contract/ipc-contract'

type CallItem = Extract<HistoryItem, { type: 'call' }>
type DebriefItem = Extract<HistoryItem, { type: 'debrief' }>
type NoteItem = Extract<HistoryItem, { type: 'note' }>

/** Same-time entries keep a stable, meaningful order: a call before its debrief, notes last. */
const RANK: Record<HistoryItem['type'], number> = { call: 0, debrief: 1, note: 2 }

export function mergeHistory(calls: CallItem[], debriefs: DebriefItem[], notes: NoteItem[]): HistoryItem[] {
  return [...calls, ...debriefs, ...notes].sort((a, b) => a.at - b.at || RANK[a.type] - RANK[b.type])
}
