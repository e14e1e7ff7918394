/** IPC handler for export: a call's transcript and flags, or its debrief, as a file. */
import { exportCallFile, exportDebriefFile } from '../../export'
import type { Handlers } from '../dispatch'
import { requireDebrief, type DebriefDeps } from './debrief'

export function exportHandlers(deps: DebriefDeps): Pick<Handlers, 'exportCall'> {
  return {
    exportCall: ({ callId, what, format }) => {
      const d = requireDebrief(deps, callId)
      return what === 'debrief' ? exportDebriefFile(d, format) : exportCallFile(d.detail, format)
    },
  }
}
