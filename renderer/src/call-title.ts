import type { CallMode, CallSummary } from '../../contract/ipc-contract'

export const MODE_LABEL: Record<CallMode, string> = { call: 'Call', rehearsal: 'Rehearsal', 'script-check': 'Script check' }

/** How a call is named in lists and headings: the rep's title, else the prospect, else what kind of call it was. */
export const callTitle = (call: CallSummary) => call.title ?? call.prospectName ?? (call.kind === 'rehearsal' ? 'Rehearsal' : 'Call')

/**
 * How long the call lasted, the same everywhere (list, debrief header, exports): the audio's
 * length, or start to stop for a typed script check, which keeps no audio.
 */
export const callLengthMs = (call: CallSummary, lastLineEndMs = 0): number | null =>
  call.endedAt === null ? null : Math.max(call.durationMs ?? 0, call.endedAt - call.startedAt, lastLineEndMs)
