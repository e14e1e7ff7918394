/**
 * Everything the debrief screen shows for one call, read in one go: the call
 * with its transcript and flags, the rep's notes, the figures and the chart,
 * the prospect and the schedule around it.
 */
import type { Debrief } from '../../contract/ipc-contract'
import { toCallSummaryDto, toDebriefNotesDto, toFlagDto, toProspectProfileDto, toScheduledCallDto, toSegmentDto, type Store } from '../store'
import { computeFigures } from './figures'
import { buildTimeline } from './timeline'

export interface LoadDebriefOptions {
  audioUrlFor: (callId: string) => string
  now: number
}

export function loadDebrief(store: Store, callId: string, opts: LoadDebriefOptions): Debrief | undefined {
  const call = store.calls.getSummary(callId)
  if (!call) return undefined
  const rows = store.segments.listForCall(callId)
  const segments = rows.map(toSegmentDto)
  // Retracted flags are listed (struck through) but count for nothing.
  const listed = store.flags.listForCall(callId, { includeRetracted: true }).map(toFlagDto)
  const flags = listed.filter((f) => !f.retractedAt)
  const notes = store.debriefs.get(callId)
  const prospect = call.prospectId ? store.prospects.get(call.prospectId) : undefined
  const scheduled = call.scheduledCallId ? store.scheduledCalls.getSummary(call.scheduledCallId) : undefined
  const next = call.prospectId ? store.scheduledCalls.nextForProspect(call.prospectId, opts.now) : undefined
  const nextSummary = next ? store.scheduledCalls.getSummary(next.id) : undefined
  // A script check records no audio, so its length is the time between start and stop.
  const callMs = Math.max(call.durationMs ?? 0, call.endedAt !== null ? call.endedAt - call.startedAt : 0)
  return {
    detail: {
      call: toCallSummaryDto(call),
      segments,
      flags: listed,
      audioUrl: call.audioPath ? opts.audioUrlFor(callId) : null,
    },
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
