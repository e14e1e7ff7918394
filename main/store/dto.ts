/** Store rows → the shapes the IPC contract promises (no local-only fields leak out). */
import {
  FlagKind,
  type CallSummary as CallSummaryDto,
  type Flag as FlagDto,
  type Prospect as ProspectDto,
  type Segment as SegmentDto,
  type DebriefNotes as DebriefNotesDto,
  type ProspectProfile as ProspectProfileDto,
  type ScheduledCall as ScheduledCallDto,
  type Note as NoteDto,
} from '../../contract/ipc-contract'
import type { CallSummary } from './repositories/calls'
import type { Debrief as StoredDebrief } from './repositories/debriefs'
import type { Flag as StoredFlag } from './repositories/flags'
import type { Note as StoredNote } from './repositories/notes'
import type { Prospect as StoredProspect } from './repositories/prospects'
import type { ScheduledCallSummary } from './repositories/scheduled-calls'
import type { Segment } from './repositories/segments'

export function toCallSummaryDto(call: CallSummary): CallSummaryDto {
  return {
    id: call.id,
    kind: call.kind,
    status: call.status,
    startedAt: call.startedAt,
    endedAt: call.endedAt,
    durationMs: call.durationMs,
    prospectName: call.prospectName,
    deviceLabel: call.deviceLabel,
    segmentCount: call.segmentCount,
    hasAudio: call.audioPath !== null,
    title: call.title ?? null,
  }
}

export function toSegmentDto(segment: Segment): SegmentDto {
  return {
    id: segment.id,
    callId: segment.callId,
    seq: segment.seq,
    startMs: segment.startMs,
    endMs: segment.endMs,
    text: segment.text,
    status: segment.status,
    source: segment.source,
    error: segment.error,
    tier: segment.textTier,
    finalDue: segment.finalDue ?? false,
  }
}

export function toFlagDto(flag: StoredFlag): FlagDto {
  return {
    id: flag.id,
    callId: flag.callId,
    segmentId: flag.segmentId,
    kind: FlagKind.parse(flag.kind),
    evidence: flag.evidence,
    prompt: flag.prompt,
    explanation: flag.explanation,
    atMs: flag.atMs,
    dismissedAt: flag.dismissedAt,
    retractedAt: flag.retractedAt,
    confidence: flag.confidence,
    tier: flag.tier,
  }
}

export function toProspectDto(p: StoredProspect): ProspectDto {
  return { id: p.id, name: p.name, company: p.company, status: p.status }
}

export function toProspectProfileDto(p: StoredProspect): ProspectProfileDto {
  return { ...toProspectDto(p), statusReason: p.statusReason, title: p.title, createdAt: p.createdAt }
}

export function toScheduledCallDto(s: ScheduledCallSummary): ScheduledCallDto {
  return {
    id: s.id,
    prospectId: s.prospectId,
    prospectName: s.prospectName,
    prospectCompany: s.prospectCompany,
    scheduledAt: s.scheduledAt,
    status: s.status,
    planNotes: s.planNotes,
    rehearsalNotes: s.rehearsalNotes,
  }
}

export function toDebriefNotesDto(d: StoredDebrief): DebriefNotesDto & { updatedAt: number } {
  return { wentWell: d.wentWell, toChange: d.toChange, noBuyReason: d.noBuyReason, nextStep: d.nextStep, updatedAt: d.updatedAt }
}

export function toNoteDto(n: StoredNote): NoteDto {
  return { id: n.id, kind: n.kind, body: n.body, createdAt: n.createdAt }
}
