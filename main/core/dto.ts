/** Store rows → the shapes the IPC contract promises (no local-only fields leak out). */
import type { CallSummary as CallSummaryDto, Segment as SegmentDto } from '../../contract/ipc-contract'
import type { CallSummary, Segment } from '../store'

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
