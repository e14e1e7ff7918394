/**
 * IPC handlers for the next call: a plan drafted from this call, scheduled
 * calls with their plans, and the schedule. Thin: each checks that what it
 * names exists, then calls the domain module that does the work.
 */
import { AppError, conflict, notFound } from '../../errors'
import { draftPlan } from '../../plan/recap'
import { loadSchedule } from '../../schedule/load-schedule'
import { toScheduledCallDto, type ScheduledCallSummary, type Store } from '../../store'
import type { Handlers } from '../dispatch'

export type ScheduleHandlerName = 'draftPlan' | 'scheduleCall' | 'getScheduledCall' | 'savePlan' | 'listSchedule'

export interface ScheduleDeps {
  store: Store
  now?: () => number
}

/** A minute's grace, so "now" picked in the form is not refused by the time it arrives. */
const PAST_GRACE_MS = 60_000

export function scheduleHandlers(deps: ScheduleDeps): Pick<Handlers, ScheduleHandlerName> {
  const { store } = deps
  const now = deps.now ?? Date.now
  const scheduled = (id: string): ScheduledCallSummary => {
    const s = store.scheduledCalls.getSummary(id)
    if (!s) throw notFound('That scheduled call')
    return s
  }

  return {
    draftPlan: ({ callId }) => {
      const call = store.calls.get(callId)
      if (!call) throw notFound('That call')
      const notes = store.debriefs.get(callId)
      const { recap, opener, text } = draftPlan({
        segments: store.segments.listForCall(callId),
        callStartedAt: call.startedAt,
        nextStep: notes?.nextStep ?? '',
        noBuyReason: notes?.noBuyReason ?? null,
      })
      return { recap, opener, text }
    },
    scheduleCall: (input) => {
      if (!store.prospects.get(input.prospectId)) throw notFound('That prospect')
      if (input.scheduledAt < now() - PAST_GRACE_MS) {
        throw new AppError('validation', 'That time has passed: pick a time for the next call from now on.', ['scheduledAt: in the past'])
      }
      const created = store.scheduledCalls.create(input)
      return toScheduledCallDto(scheduled(created.id))
    },
    getScheduledCall: ({ scheduledCallId }) => toScheduledCallDto(scheduled(scheduledCallId)),
    savePlan: ({ scheduledCallId, status, ...patch }) => {
      scheduled(scheduledCallId)
      // One transaction: the notes and the status change together or not at all.
      store.transaction(() => {
        store.scheduledCalls.update(scheduledCallId, patch)
        if (status) store.scheduledCalls.setStatus(scheduledCallId, status)
      })
      return toScheduledCallDto(scheduled(scheduledCallId))
    },
    listSchedule: ({ now: at }) => loadSchedule(store, at ?? now()),
  }
}

/**
 * Checks a call can be made for this scheduled entry (it exists, is still
 * scheduled, and the prospect matches) before anything is recorded.
 */
export function scheduledCallToStart(store: Store, scheduledCallId: string, prospectId: string | undefined): ScheduledCallSummary {
  const s = store.scheduledCalls.getSummary(scheduledCallId)
  if (!s) throw notFound('That scheduled call')
  if (s.status !== 'scheduled') throw conflict(`That call is already ${s.status === 'done' ? 'done' : 'cancelled'}; schedule a new one.`)
  if (prospectId && prospectId !== s.prospectId) {
    throw new AppError('validation', 'That scheduled call is with another prospect.', ['prospectId: does not match the scheduled call'])
  }
  return s
}
