/**
 * "Not relevant" from the keyboard: the overlay never takes focus (the rep's
 * dialer keeps it), so its button has a global shortcut that dismisses the
 * prompt on screen: the newest prompt of the call now recording, if it is
 * still showing. The dismissal goes out as a flag event with dismissedAt set,
 * which the overlay and the call screen take as "gone".
 */
import type { Emit } from '../../contract/emit'
import { toFlagDto, type Store } from '../store'

/** As long as the overlay shows a prompt (renderer/src/overlay PROMPT_VISIBLE_MS), with a little slack. */
export const SHOWN_FOR_MS = 9_000

export function dismissCurrentPrompt(store: Store, emit: Emit, now = Date.now()): string | null {
  const call = store.calls.listByStatus('recording').at(-1)
  if (!call) return null
  const newest = store.flags
    .listForCall(call.id, { includeDismissed: true })
    .filter((f) => f.createdAt >= now - SHOWN_FOR_MS)
    .sort((a, b) => b.createdAt - a.createdAt)[0]
  if (!newest || newest.dismissedAt !== null) return null
  const dismissed = store.flags.dismiss(newest.id, now)
  if (!dismissed) return null
  emit('flag', toFlagDto(dismissed))
  return dismissed.id
}
