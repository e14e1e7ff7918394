/** The reads each screen makes, as hooks over the one cache (keys.ts). */
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Debrief, DebriefNotes } from '../../../contract/ipc-contract'
import { api } from '../api'
import { keys, type CallFilter } from './keys'

export function useDebrief(callId: string) {
  return useQuery({ queryKey: keys.debrief.one(callId), queryFn: () => api().getDebrief({ callId }) })
}

export function useCall(callId: string) {
  return useQuery({ queryKey: keys.calls.detail(callId), queryFn: () => api().getCall({ callId }) })
}

export const CALL_PAGE = 50

/** The call list as pages of 50; a refresh re-reads every page shown. */
export function useCallList(filter: CallFilter) {
  return useInfiniteQuery({
    queryKey: keys.calls.list(filter),
    queryFn: ({ pageParam }) =>
      api().searchCalls({
        limit: CALL_PAGE,
        offset: pageParam,
        ...(filter.query.trim() ? { query: filter.query } : {}),
        ...(filter.mode ? { mode: filter.mode } : {}),
        ...(filter.prospectId ? { prospectId: filter.prospectId } : {}),
      }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0)
      return loaded < last.total && last.items.length > 0 ? loaded : undefined
    },
    // While a new search runs, the rows of the last one stay (no flash of an empty list).
    placeholderData: (previous) => previous,
    // A search or filter left is forgotten: coming back to it starts again at its first page.
    gcTime: 0,
  })
}

/** Whether any call exists (the empty screen's wording). */
export function useHasCalls() {
  return useQuery({ queryKey: keys.calls.count(), queryFn: () => api().searchCalls({ limit: 1 }), select: (r) => r.total > 0 })
}

export function useSchedule() {
  return useQuery({ queryKey: keys.schedule.list(), queryFn: () => api().listSchedule({}) })
}

export function useScheduledCall(scheduledCallId: string | undefined) {
  return useQuery({
    queryKey: keys.schedule.one(scheduledCallId ?? ''),
    queryFn: () => api().getScheduledCall({ scheduledCallId: scheduledCallId! }),
    enabled: !!scheduledCallId,
  })
}

export function useProspects() {
  return useQuery({ queryKey: keys.prospects.list(), queryFn: () => api().listAllProspects() })
}

export function useProspect(prospectId: string | null) {
  return useQuery({
    queryKey: keys.prospects.one(prospectId ?? ''),
    queryFn: () => api().getProspect({ prospectId: prospectId! }),
    enabled: !!prospectId,
  })
}

export function useRehearsalReview(callId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: keys.rehearsal.review(callId ?? ''),
    queryFn: () => api().getRehearsalReview({ callId: callId! }),
    enabled: !!callId && enabled,
  })
}

export function useRehearsals(scheduledCallId: string) {
  return useQuery({ queryKey: keys.rehearsal.attempts(scheduledCallId), queryFn: () => api().listRehearsals({ scheduledCallId }) })
}

export function useReviewQueue(enabled = true) {
  return useQuery({ queryKey: keys.rehearsal.queue(), queryFn: () => api().listReviewQueue(), enabled })
}

/** After a save: the debrief on screen shows the saved notes without another read. */
export function useSetDebriefNotes() {
  const client = useQueryClient()
  return (callId: string, notes: DebriefNotes & { updatedAt: number }) =>
    client.setQueryData<Debrief>(keys.debrief.one(callId), (d) => (d ? { ...d, notes } : d))
}
