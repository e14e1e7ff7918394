/**
 * Rehearse the next call from its plan: out loud (recorded and coached like
 * the real call) or as a script check (typed lines). Every attempt is listed
 * with its flags by kind, so the rep sees what improved; the coach's latest
 * verdict and comments sit on top. Bundles carry attempts to a remote coach.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { ScheduledCall } from '../../../contract/ipc-contract'
import { api } from '../api'
import { FLAG_LABEL, when } from '../after-call/labels'
import { ErrorBanner } from '../components/ErrorBanner'
import { keys } from '../data/keys'
import { useRehearsals } from '../data/queries'
import { formatClock } from '../hooks'
import { VERDICT_LABEL } from './labels'
import './rehearsal.css'

export type RehearseMode = 'rehearsal' | 'script'

export function RehearsalPanel({
  scheduled,
  onRehearse,
  onOpenReview,
  onOpenDebrief,
}: {
  scheduled: ScheduledCall
  onRehearse(s: ScheduledCall, mode: RehearseMode): void
  onOpenReview(callId: string): void
  onOpenDebrief(callId: string): void
}) {
  // A stopped attempt adds a row: main's event refreshes it (data/event-bridge.ts).
  const query = useRehearsals(scheduled.id)
  const data = query.data ?? null
  const client = useQueryClient()
  const [error, setError] = useState<unknown>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const refresh = () => void client.invalidateQueries({ queryKey: keys.rehearsal.all })

  const run = async (what: () => Promise<string | null>) => {
    setError(null)
    setNotice(null)
    try {
      setNotice(await what())
      refresh()
    } catch (e) {
      setError(e)
    }
  }
  const exportAttempt = (callId: string) =>
    run(async () => {
      const r = await api().exportRehearsalBundle({ callId })
      return r.saved ? `Saved ${r.fileName}: send it to your coach.` : null
    })
  const merge = () =>
    run(async () => {
      const r = await api().mergeReviewBundle()
      if (!r) return null
      if (r.scheduledCallId !== scheduled.id) return 'Review merged; it is for a rehearsal of another call.'
      return r.addedComments + r.addedReviews === 0 ? 'That review was already here: nothing new.' : `Review merged: ${r.addedReviews} verdict(s), ${r.addedComments} comment(s).`
    })

  const attempts = data?.attempts ?? []
  const kinds = (Object.keys(FLAG_LABEL) as Array<keyof typeof FLAG_LABEL>).filter((k) => attempts.some((a) => (a.flagsByKind[k] ?? 0) > 0))
  const feedback = data?.feedback ?? null
  const canRehearse = scheduled.status === 'scheduled'

  return (
    <section className="rehearsals" data-testid="rehearsals" aria-label="Rehearsals">
      <div className="rh-head">
        <h3>Rehearsals {attempts.length > 0 && <span className="count">{attempts.length}</span>}</h3>
        <span className="spacer" />
        {canRehearse && (
          <>
            <button className="btn small primary" onClick={() => onRehearse(scheduled, 'rehearsal')} title="Say it out loud: recorded, transcribed and coached like the real call">
              ● Rehearse
            </button>
            <button className="btn small" onClick={() => onRehearse(scheduled, 'script')} title="Type or paste your lines; the coach checks each">
              Script check
            </button>
          </>
        )}
        <button className="btn small" onClick={() => void merge()} title="Open a review file your coach sent back">
          Merge coach review…
        </button>
      </div>
      <ErrorBanner error={error ?? query.error} />
      {notice && <div className="banner ok" role="status">{notice}</div>}

      {feedback && (
        <div className={`coach-feedback ${feedback.review.verdict}`} data-testid="coach-feedback">
          <div className="cf-head">
            <span className={`verdict-pill ${feedback.review.verdict}`}>{VERDICT_LABEL[feedback.review.verdict]}</span>
            <span>
              <strong>{feedback.review.reviewer}</strong> on attempt {feedback.attempt} · {when(feedback.review.createdAt)}
            </span>
          </div>
          <p className="cf-summary">{feedback.review.summary}</p>
          {feedback.comments.length > 0 && (
            <ul className="comment-list compact">
              {feedback.comments.map((c) => (
                <li key={c.id} data-testid="feedback-comment">
                  <span className="time">{c.atMs === null ? 'overall' : formatClock(c.atMs)}</span>
                  <span className="comment-body">{c.body}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {attempts.length === 0 ? (
        <p className="muted">No rehearsals yet. Rehearse the opener out loud, or type it in a script check; your coach can review each attempt.</p>
      ) : (
        <div className="attempts-wrap">
          <table className="attempts" data-testid="attempts">
            <thead>
              <tr>
                <th>#</th>
                <th>When</th>
                <th>Length</th>
                {kinds.map((k) => (
                  <th key={k} className="num" title={FLAG_LABEL[k]}>
                    {FLAG_LABEL[k]}
                  </th>
                ))}
                <th className="num">Flags</th>
                <th>Coach</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {attempts.map((a, i) => {
                const prev = attempts[i - 1]
                const trend = (now: number, before: number | undefined) => (before === undefined || now === before ? '' : now < before ? 'better' : 'worse')
                return (
                  <tr key={a.call.id} data-testid="attempt" data-attempt={a.attempt} data-call-id={a.call.id}>
                    <td>{a.attempt}</td>
                    <td className="nowrap">{when(a.call.startedAt)}</td>
                    <td className="nowrap">
                      {a.call.durationMs !== null ? formatClock(a.call.durationMs) : '—'}
                      {a.call.hasAudio && a.call.durationMs ? '' : <span className="muted"> · typed</span>}
                    </td>
                    {kinds.map((k) => (
                      <td key={k} className={`num ${trend(a.flagsByKind[k] ?? 0, prev ? prev.flagsByKind[k] ?? 0 : undefined)}`} data-kind={k}>
                        {a.flagsByKind[k] ?? 0}
                      </td>
                    ))}
                    <td className={`num total ${trend(a.flagCount, prev?.flagCount)}`} data-testid="attempt-flags">
                      {a.flagCount}
                    </td>
                    <td className="nowrap">
                      {a.review ? (
                        <span className={`verdict-pill ${a.review.verdict}`}>{VERDICT_LABEL[a.review.verdict]}</span>
                      ) : (
                        <span className="muted">{a.commentCount ? `${a.commentCount} comment${a.commentCount > 1 ? 's' : ''}` : 'not reviewed'}</span>
                      )}
                    </td>
                    <td className="row-actions">
                      <button className="btn small" onClick={() => onOpenReview(a.call.id)}>
                        Review
                      </button>
                      <button className="btn small" onClick={() => onOpenDebrief(a.call.id)}>
                        Debrief
                      </button>
                      <button className="btn small" onClick={() => void exportAttempt(a.call.id)} title="Save this attempt as one file for a coach on another computer">
                        Export…
                      </button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
