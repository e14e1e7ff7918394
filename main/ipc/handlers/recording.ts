/**
 * IPC handlers for recording a call: start (linked to a scheduled call, whose
 * plan goes up in the overlay), audio frames, typed lines, stop, and the call
 * now running for a page that reloaded.
 */
import type { OverlayController } from '../../live/overlay-controller'
import { overlayPlanFor, type OverlayPlanBoard } from '../../plan/overlay-plan'
import type { RecordingService } from '../../recording/recording-service'
import { coachPointsFor } from '../../rehearsal/feedback'
import type { Store } from '../../store'
import type { Handlers } from '../dispatch'
import { scheduledCallToStart } from './schedule'

export type RecordingHandlerName = 'startCall' | 'stopCall' | 'pushAudio' | 'addPracticeLine' | 'getActiveCall'

export interface RecordingDeps {
  store: Store
  recording: RecordingService
  overlay: OverlayController
  planBoard: OverlayPlanBoard
  /** Loads the speech model ahead of the first utterance. */
  warmEngine: () => void
}

export function recordingHandlers(deps: RecordingDeps): Pick<Handlers, RecordingHandlerName> {
  const { store, recording, overlay, planBoard } = deps
  return {
    startCall: async (input) => {
      const linked = input.scheduledCallId ? scheduledCallToStart(store, input.scheduledCallId, input.prospectId) : undefined
      const started = await recording.start({
        kind: input.kind,
        ...(input.deviceLabel !== undefined ? { deviceLabel: input.deviceLabel } : {}),
        ...(input.prospectId ?? linked?.prospectId ? { prospectId: input.prospectId ?? linked?.prospectId } : {}),
      })
      if (linked) {
        store.calls.update(started.callId, { scheduledCallId: linked.id })
        // The coach's key points from the latest reviewed rehearsal go up with the plan.
        planBoard.show(started.callId, { ...overlayPlanFor(linked), coach: coachPointsFor(store, linked.id) })
      }
      // The prompt window comes up with the call and goes away after it.
      overlay.set({ visible: true })
      // Warm the model while the rep says hello, so the first utterance is not slowed by loading.
      deps.warmEngine()
      return { ...started, sampleRate: 16000 as const }
    },
    stopCall: async ({ callId }) => {
      const summary = await recording.stop(callId)
      overlay.set({ visible: false })
      planBoard.clear(callId)
      // The real call (not a rehearsal of it) is what makes a scheduled call done.
      const call = store.calls.get(callId)
      if (call?.kind === 'live' && call.scheduledCallId) store.scheduledCalls.setStatus(call.scheduledCallId, 'done')
      return summary
    },
    pushAudio: (input) => recording.pushAudio(input),
    addPracticeLine: ({ callId, text }) => recording.addPracticeLine(callId, text),
    getActiveCall: () => recording.activeCall(),
  }
}
