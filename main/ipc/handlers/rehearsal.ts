/**
 * IPC handlers for rehearsals and coach review (issue 6): the attempts of a
 * scheduled call, the coach's queue, one rehearsal under review, comments and
 * verdicts. Who writes a comment or a verdict comes from the profile in
 * settings, so every record says who wrote it and in which role.
 */
import type { Profile } from '../../../contract/ipc-contract'
import { loadCallDetail } from '../../debrief/call-detail'
import { AppError, conflict, notFound } from '../../errors'
import type { Handlers } from '../dispatch'
import { byMoment, loadRehearsals, toCommentDto, toReviewDto } from '../../rehearsal/feedback'
import type { SettingsService } from '../../settings/settings-service'
import { toCallSummaryDto, toScheduledCallDto, type Call, type Store } from '../../store'

export type RehearsalHandlerName = 'listRehearsals' | 'listReviewQueue' | 'getRehearsalReview' | 'addComment' | 'submitReview'

export interface RehearsalDeps {
  store: Store
  settings: SettingsService
  audioUrlFor: (callId: string) => string
}

/** The profile that signs comments and verdicts; refused when none was set. */
export function currentProfile(settings: SettingsService): Profile {
  const profile = settings.get().profile
  if (!profile) throw new AppError('validation', 'Say who you are first: set your name and role under Profile at the top.', ['profile: not set'])
  return profile
}

export function requireCoach(settings: SettingsService): Profile {
  const profile = currentProfile(settings)
  if (profile.role !== 'coach') {
    throw new AppError('forbidden', 'Only a coach gives a verdict: switch your profile to Coach first.', ['profile.role: must be coach'])
  }
  return profile
}

/** A finished rehearsal: what can be reviewed, commented on and exported. */
export function reviewableRehearsal(store: Store, callId: string): Call {
  const call = store.calls.get(callId)
  if (!call) throw notFound('That rehearsal')
  if (call.kind !== 'rehearsal') throw conflict('Only rehearsals are reviewed; this is a live call.')
  if (call.status === 'recording') throw conflict('This rehearsal is still running; stop it first.')
  return call
}

export function rehearsalHandlers(deps: RehearsalDeps): Pick<Handlers, RehearsalHandlerName> {
  const { store, settings } = deps


  return {
    listRehearsals: ({ scheduledCallId }) => {
      if (!store.scheduledCalls.get(scheduledCallId)) throw notFound('That scheduled call')
      return loadRehearsals(store, scheduledCallId)
    },

    listReviewQueue: () =>
      store.rehearsals.listAwaitingReview().map((r) => ({
        call: toCallSummaryDto(r),
        scheduledCall: toScheduledCallDto(store.scheduledCalls.getSummary(r.scheduledCallId!)!),
        attempt: r.attempt,
        flagCount: r.flagCount,
        previousVerdict: r.previousVerdict,
      })),

    getRehearsalReview: ({ callId }) => {
      const call = reviewableRehearsal(store, callId)
      const scheduled = call.scheduledCallId ? store.scheduledCalls.getSummary(call.scheduledCallId) : undefined
      const attempt = scheduled ? store.rehearsals.listAttempts(scheduled.id).find((a) => a.id === callId)?.attempt ?? null : null
      return {
        detail: loadCallDetail(store, callId, { audioUrlFor: deps.audioUrlFor })!,
        scheduledCall: scheduled ? toScheduledCallDto(scheduled) : null,
        attempt,
        comments: store.coachComments.listForCall(callId).sort(byMoment).map(toCommentDto),
        reviews: store.reviews.listForCall(callId).map(toReviewDto),
      }
    },

    addComment: ({ callId, atMs, body }) => {
      const profile = currentProfile(settings)
      const call = reviewableRehearsal(store, callId)
      if (atMs !== null) {
        // Typed lines are laid end to end, so the transcript can run past the wall-clock length.
        const lastEnd = store.segments.listForCall(callId).reduce((max, s) => Math.max(max, s.endMs), 0)
        const end = Math.max(call.durationMs ?? 0, lastEnd)
        if (atMs > end + 1000) {
          throw new AppError('validation', 'That moment is after the end of the rehearsal.', [`atMs: beyond the end (${end} ms)`])
        }
      }
      return toCommentDto(store.coachComments.add({ callId, atMs, body, author: profile.name, role: profile.role }))
    },

    submitReview: ({ callId, verdict, summary }) => {
      const coach = requireCoach(settings)
      reviewableRehearsal(store, callId)
      return toReviewDto(store.reviews.add({ callId, reviewer: coach.name, verdict, summary }))
    },
  }
}
