/** IPC handlers for the debrief of one call: read it, save the rep's notes. */
import type { Debrief } from '../../../contract/ipc-contract'
import { loadDebrief } from '../../debrief/load-debrief'
import { notFound } from '../../errors'
import { toDebriefNotesDto, type Store } from '../../store'
import type { Handlers } from '../dispatch'

export interface DebriefDeps {
  store: Store
  audioUrlFor: (callId: string) => string
  now?: () => number
}

/** The debrief of a call that must exist (the debrief screen, and its export). */
export function requireDebrief(deps: DebriefDeps, callId: string): Debrief {
  const d = loadDebrief(deps.store, callId, { audioUrlFor: deps.audioUrlFor, now: (deps.now ?? Date.now)() })
  if (!d) throw notFound('That call')
  return d
}

export function debriefHandlers(deps: DebriefDeps): Pick<Handlers, 'getDebrief' | 'saveDebrief'> {
  const { store } = deps
  return {
    getDebrief: ({ callId }) => requireDebrief(deps, callId),
    saveDebrief: ({ callId, ...notes }) => {
      if (!store.calls.get(callId)) throw notFound('That call')
      return toDebriefNotesDto(store.debriefs.save(callId, notes))
    },
  }
}
