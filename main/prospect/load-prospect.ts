/** The prospect page: who they are, their status and why, their history, and what is scheduled next. */
import type { ProspectPage } from '../../contract/ipc-contract'
import { toCallSummaryDto, toNoteDto, toProspectProfileDto, toScheduledCallDto, type Store } from '../store'
import { mergeHistory } from './history'

export function loadProspectPage(store: Store, prospectId: string, now: number): ProspectPage | undefined {
  const prospect = store.prospects.get(prospectId)
  if (!prospect) return undefined
  const calls = store.calls.listHistoryForProspect(prospectId)
  const history = mergeHistory(
    calls.map((c) => ({ type: 'call' as const, at: c.startedAt, call: toCallSummaryDto(c), flagCount: c.flagCount })),
    store.debriefs.listForProspect(prospectId).map((d) => ({
      type: 'debrief' as const,
      // Written after the call ended; placed at the later of the two so it never precedes its call.
      at: Math.max(d.createdAt, calls.find((c) => c.id === d.callId)?.startedAt ?? 0),
      callId: d.callId,
      notes: { wentWell: d.wentWell, toChange: d.toChange, noBuyReason: d.noBuyReason, nextStep: d.nextStep },
    })),
    store.notes.listForProspect(prospectId).map((n) => ({ type: 'note' as const, at: n.createdAt, note: toNoteDto(n) })),
  )
  const summary = { prospectName: prospect.name, prospectCompany: prospect.company }
  const scheduled = store.scheduledCalls.listForProspect(prospectId).map((s) => toScheduledCallDto({ ...s, ...summary }))
  const next = store.scheduledCalls.nextForProspect(prospectId, now)
  return {
    prospect: toProspectProfileDto(prospect),
    history,
    scheduled,
    nextScheduledCall: next ? toScheduledCallDto({ ...next, ...summary }) : null,
  }
}
