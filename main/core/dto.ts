/** Store rows → the shapes the IPC contract promises (no local-only fields leak out). */
import {
  FlagKind,
  type CallSummary as CallSummaryDto,
  type Flag as FlagDto,
  type Prospect as ProspectDto,
  type Segment as SegmentDto,
} from '../../contract/ipc-contract'
import type { CallSummary, Flag as StoredFlag, Prospect as StoredProspect, Segment } from '../store'

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
  }
}

export function toProspectDto(p: StoredProspect): ProspectDto {
  return { id: p.id, name: p.name, company: p.company, status: p.status }
}
