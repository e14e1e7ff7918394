/**
 * A call and a debrief as JSON for other tools: versioned, with times both as
 * epoch milliseconds and ISO strings, and no local-only fields (audio URLs,
 * row ids) that mean nothing on another machine.
 */
import type { CallDetail, Debrief } from '../../contract/ipc-contract'
import { dateTime } from './labels'

export const EXPORT_VERSION = 1

function callJson(detail: CallDetail) {
  const { call } = detail
  const seqOf = new Map(detail.segments.map((s) => [s.id, s.seq]))
  return {
    id: call.id,
    kind: call.kind,
    status: call.status,
    prospect: call.prospectName,
    startedAt: dateTime(call.startedAt),
    startedAtMs: call.startedAt,
    durationMs: call.durationMs,
    segments: detail.segments.map((s) => ({ seq: s.seq, startMs: s.startMs, endMs: s.endMs, status: s.status, source: s.source, text: s.text })),
    flags: detail.flags.map((f) => ({
      id: f.id,
      kind: f.kind,
      atMs: f.atMs,
      // The segment by its order in the call: row ids are local to this database.
      segmentSeq: f.segmentId === null ? null : (seqOf.get(f.segmentId) ?? null),
      prompt: f.prompt,
      explanation: f.explanation,
      evidence: f.evidence,
      dismissed: f.dismissedAt !== null,
    })),
  }
}

export function callToJson(detail: CallDetail): string {
  return JSON.stringify({ format: 'calldesk.call', version: EXPORT_VERSION, call: callJson(detail) }, null, 2)
}

export function debriefToJson(d: Debrief): string {
  return JSON.stringify(
    {
      format: 'calldesk.debrief',
      version: EXPORT_VERSION,
      call: callJson(d.detail),
      prospect: d.prospect && { name: d.prospect.name, company: d.prospect.company, status: d.prospect.status, statusReason: d.prospect.statusReason },
      figures: d.figures,
      notes: d.notes && { wentWell: d.notes.wentWell, toChange: d.notes.toChange, noBuyReason: d.notes.noBuyReason, nextStep: d.notes.nextStep },
      nextCall: d.nextScheduledCall && { scheduledAt: dateTime(d.nextScheduledCall.scheduledAt), planNotes: d.nextScheduledCall.planNotes },
    },
    null,
    2,
  )
}
