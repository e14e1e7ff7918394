/**
 * IPC handlers for calls: the list (search with filters and pages, issue 16),
 * one call with its transcript, rename, delete, "Not relevant" on a flag, and
 * transcribing a call again once a model is there. Deleting a call removes its audio file
 * first, so a failure leaves everything as it was (a WAV left without its
 * call would come back as a recovered call at the next start).
 */
import fs from 'node:fs'
import { readCallAudio } from '../../audio/wav-file'
import { utteranceAudio } from '../../audio/utterance-audio'
import { spokenSpans } from '../../debrief/figures'
import { AppError, conflict, notFound } from '../../errors'
import type { Handlers } from '../dispatch'
import { loadCallDetail } from '../../debrief/call-detail'
import { toCallSummaryDto, toFlagDto, toSegmentDto, type Store } from '../../store'
import type { TranscriptionQueue } from '../../transcription/transcription-queue'
import type { Emit } from '../../../contract/emit'

export type CallHandlerName = 'listCalls' | 'getCall' | 'searchCalls' | 'renameCall' | 'deleteCall' | 'retranscribeCall' | 'dismissFlag'

export interface CallDeps {
  store: Store
  queue: TranscriptionQueue
  emit: Emit
  /** Where a call's WAV is on disk; undefined when it has none. */
  audioPathFor(callId: string): string | undefined
  /** URL under which the renderer can fetch a call's WAV. */
  audioUrlFor(callId: string): string
}

export function callHandlers(deps: CallDeps): Pick<Handlers, CallHandlerName> {
  const { store, emit } = deps
  const requireCall = (callId: string) => {
    const call = store.calls.getSummary(callId)
    if (!call) throw notFound('That call')
    return call
  }
  // Typed lines are stored at an instant; the debrief lays them end to end as they would be said and its
  // header and chart use that length, so the list shows the same one.
  const lengthOf = (c: { id: string; lengthMs: number | null; typedLines: number }) => {
    if (c.lengthMs === null || c.typedLines === 0) return c.lengthMs
    return Math.max(c.lengthMs, ...spokenSpans(store.segments.listForCall(c.id)).map((s) => s.endMs))
  }
  const notRecording = (callId: string, what: string) => {
    if (requireCall(callId).status === 'recording') throw conflict(`Stop the call before you ${what} it.`)
  }

  return {
    listCalls: (input) => store.calls.list({ limit: input?.limit ?? 100, offset: input?.offset ?? 0 }).map(toCallSummaryDto),
    getCall: ({ callId }) => {
      const detail = loadCallDetail(store, callId, { audioUrlFor: deps.audioUrlFor })
      if (!detail) throw notFound('That call')
      return detail
    },

    searchCalls: (input) => {
      const { items, total } = store.callList.search(input)
      return {
        total,
        items: items.map((c) => ({ ...toCallSummaryDto(c), mode: c.mode, flagCount: c.flagCount, lengthMs: lengthOf(c), match: c.match })),
      }
    },

    renameCall: ({ callId, title }) => {
      requireCall(callId)
      store.callList.setTitle(callId, title)
      const call = toCallSummaryDto(requireCall(callId))
      emit('callState', call)
      return call
    },

    deleteCall: ({ callId }) => {
      notRecording(callId, 'delete')
      const file = deps.audioPathFor(callId)
      try {
        if (file) fs.rmSync(file, { force: true })
      } catch {
        throw new AppError('conflict', 'The recording of this call could not be deleted (is it open in another app?). Nothing was deleted.')
      }
      store.calls.delete(callId)
      return { callId }
    },

    retranscribeCall: async ({ callId }) => {
      notRecording(callId, 'transcribe')
      const segments = store.segments.listForCall(callId)
      const failed = segments.filter((s) => s.status === 'failed' && s.source === 'speech')
      if (failed.length === 0) return { queued: 0 }
      const file = deps.audioPathFor(callId)
      if (!file || !fs.existsSync(file)) throw conflict('The recording of this call is missing, so it cannot be transcribed again.')
      const samples = await readCallAudio(file)
      const spoken = segments.filter((s) => s.source === 'speech')
      let queued = 0
      for (const seg of failed) {
        const pending = store.segments.retry(seg.id)
        if (!pending) continue
        emit('segment', toSegmentDto(pending))
        // Pieces cut out of running speech touch their neighbour; those ends get no padding (as in recovery).
        const cutBefore = spoken.some((o) => o.id !== seg.id && o.endMs === seg.startMs)
        const cutAfter = spoken.some((o) => o.id !== seg.id && o.startMs === seg.endMs)
        deps.queue.enqueue({ segmentId: seg.id, pcm: utteranceAudio(samples, 0, { ...seg, cutBefore, cutAfter }) })
        queued++
      }
      return { queued }
    },

    dismissFlag: ({ flagId }) => {
      if (!store.flags.get(flagId)) throw notFound('That prompt')
      return toFlagDto(store.flags.dismiss(flagId, Date.now())!)
    },
  }
}
