/**
 * IPC handlers for after the call (issue 5): debrief, next-call plan, prospect
 * page, schedule and export. Thin: each checks that what it names exists, then
 * calls the domain module that does the work.
 */
import type { Debrief, ScheduledCall } from '../../contract/ipc-contract'
import { loadDebrief } from '../debrief/load-debrief'
import { AppError, conflict, notFound } from '../errors'
import { exportCallFile, exportDebriefFile } from '../export'
import type { Handlers } from '../ipc/dispatch'
import { draftPlan } from '../plan/recap'
import type { OverlayPlanBoard } from '../plan/overlay-plan'
import { loadProspectPage } from '../prospect/load-prospect'
import { loadSchedule } from '../schedule/load-schedule'
import { toDebriefNotesDto, toNoteDto, toProspectProfileDto, toScheduledCallDto, type ScheduledCallSummary, type Store } from '../store'
import type { Emit } from '../../contract/emit'

export type AfterCallHandlerName =
  | 'getDebrief'
  | 'saveDebrief'
  | 'draftPlan'
  | 'scheduleCall'
  | 'getScheduledCall'
  | 'savePlan'
  | 'listSchedule'
  | 'listAllProspects'
  | 'getProspect'
  | 'setProspectStatus'
  | 'addProspectNote'
  | 'exportCall'
  | 'getOverlayPlan'

export interface AfterCallDeps {
  store: Store
  audioUrlFor: (callId: string) => string
  planBoard: OverlayPlanBoard
  /** Tells open prospect lists (the call screen's picker) that a status changed; optional for callers without a UI (bench). */
  emit?: Emit
  now?: () => number
}

/** A minute's grace, so "now" picked in the form is not refused by the time it arrives. */
const PAST_GRACE_MS = 60_000

export function createAfterCallHandlers(deps: AfterCallDeps): Pick<Handlers, AfterCallHandlerName> {
  const { store } = deps
  const now = deps.now ?? Date.now
  const debrief = (callId: string): Debrief => {
    const d = loadDebrief(store, callId, { audioUrlFor: deps.audioUrlFor, now: now() })
    if (!d) throw notFound('That call')
    return d
  }
  const scheduled = (id: string): ScheduledCallSummary => {
    const s = store.scheduledCalls.getSummary(id)
    if (!s) throw notFound('That scheduled call')
    return s
  }
  const requireProspect = (id: string) => {
    const p = store.prospects.get(id)
    if (!p) throw notFound('That prospect')
    return p
  }

  return {
    getDebrief: ({ callId }) => debrief(callId),
    saveDebrief: ({ callId, ...notes }) => {
      if (!store.calls.get(callId)) throw notFound('That call')
      return toDebriefNotesDto(store.debriefs.save(callId, notes))
    },
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
      requireProspect(input.prospectId)
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
    listAllProspects: () => store.prospects.list().map(toProspectProfileDto),
    getProspect: ({ prospectId }) => {
      const page = loadProspectPage(store, prospectId, now())
      if (!page) throw notFound('That prospect')
      return page
    },
    setProspectStatus: ({ prospectId, status, reason }) => {
      requireProspect(prospectId)
      const updated = toProspectProfileDto(store.prospects.setStatus(prospectId, status, status === 'active' ? null : reason)!)
      deps.emit?.('prospectsChanged', { prospectId })
      return updated
    },
    addProspectNote: ({ prospectId, body }) => {
      requireProspect(prospectId)
      return toNoteDto(store.notes.create({ prospectId, body, kind: 'general' }))
    },
    exportCall: ({ callId, what, format }) => {
      const d = debrief(callId)
      return what === 'debrief' ? exportDebriefFile(d, format) : exportCallFile(d.detail, format)
    },
    getOverlayPlan: () => deps.planBoard.plan,
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

export type { ScheduledCall }
