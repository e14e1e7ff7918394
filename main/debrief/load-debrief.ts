/**
 * Everything the debrief screen shows for one call, read in one go: the call
 * with its transcript and flags, the rep's notes, the figures and the chart,
 * the prospect and the schedule around it.
 */
import type { Debrief } from '../../contract/ipc-contract'
import { toDebriefNotesDto, toProspectProfileDto, toScheduledCallDto, type Store } from '../store'
import { readCallDetail } from './call-detail'
import { computeFigures } from './figures'
import { buildTimeline } from './timeline'

export interface LoadDebriefOptions {
  audioUrlFor: (callId: string) => string
  now: number
}

export function loadDebrief(store: Store, callId: string, opts: LoadDebriefOptions): Debrief | undefined {
  // Retracted flags are listed (struck through) but count for nothing.
  const read = readCallDetail(store, callId, { audioUrlFor: opts.audioUrlFor, includeRetracted: true })
  if (!read) return undefined
  const { detail, call, rows } = read
  const segments = detail.segments
  const flags = detail.flags.filter((f) => !f.retractedAt)
  const notes = store.debriefs.get(callId)
  const prospect = call.prospectId ? store.prospects.get(call.prospectId) : undefined
  const scheduled = call.scheduledCallId ? store.scheduledCalls.getSummary(call.scheduledCallId) : undefined
  const next = call.prospectId ? store.scheduledCalls.nextForProspect(call.prospectId, opts.now) : undefined
  const nextSummary = next ? store.scheduledCalls.getSummary(next.id) : undefined
  // A script check records no audio, so its length is the time between start and stop.
  const callMs = Math.max(call.durationMs ?? 0, call.endedAt !== null ? call.endedAt - call.startedAt : 0)
  return {
    detail,
    notes: notes ? toDebriefNotesDto(notes) : null,
    // The live coach stored each segment's class; only segments it never saw are classified here.
    figures: computeFigures(
      segments.map((s, i) => ({ ...s, utteranceClass: rows[i]!.utteranceClass })),
      flags,
    ),
    timeline: buildTimeline(segments, flags, callMs),
    prospect: prospect ? toProspectProfileDto(prospect) : null,
    scheduledCall: scheduled ? toScheduledCallDto(scheduled) : null,
    nextScheduledCall: nextSummary ? toScheduledCallDto(nextSummary) : null,
  }
}
