/**
 * One call as the screens show it: the call, its transcript, its flags and
 * where its audio can be fetched. The call screen, the debrief (and its
 * export) and the rehearsal review all read it here.
 */
import type { CallDetail } from '../../contract/ipc-contract'
import { toCallSummaryDto, toFlagDto, toSegmentDto, type Store } from '../store'

type CallRow = NonNullable<ReturnType<Store['calls']['getSummary']>>
type SegmentRow = ReturnType<Store['segments']['listForCall']>[number]

export interface CallDetailOptions {
  /** URL under which the renderer can fetch a call's WAV. */
  audioUrlFor: (callId: string) => string
  /** Retracted flags too (the debrief shows them struck through); the live views leave them out. */
  includeRetracted?: boolean
}

/** The detail with the rows it came from, for callers that compute more from them (the debrief's figures). */
export function readCallDetail(
  store: Store,
  callId: string,
  opts: CallDetailOptions,
): { detail: CallDetail; call: CallRow; rows: SegmentRow[] } | undefined {
  const call = store.calls.getSummary(callId)
  if (!call) return undefined
  const rows = store.segments.listForCall(callId)
  const flags = store.flags.listForCall(callId, opts.includeRetracted ? { includeRetracted: true } : {})
  return {
    call,
    rows,
    detail: {
      call: toCallSummaryDto(call),
      segments: rows.map(toSegmentDto),
      flags: flags.map(toFlagDto),
      audioUrl: call.audioPath ? opts.audioUrlFor(callId) : null,
    },
  }
}

/** Undefined when there is no such call. */
export function loadCallDetail(store: Store, callId: string, opts: CallDetailOptions): CallDetail | undefined {
  return readCallDetail(store, callId, opts)?.detail
}
