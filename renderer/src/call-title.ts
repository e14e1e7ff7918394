import type { CallSummary } from '../../contract/ipc-contract'

/** How a call is named in lists and headings: the prospect, else what kind of call it was. */
export const callTitle = (call: CallSummary) => call.prospectName ?? (call.kind === 'rehearsal' ? 'Rehearsal' : 'Call')
