/**
 * Coach review. Without a rehearsal picked: the queue of rehearsals awaiting
 * review, and importing one a rep sent. With one: play it with its transcript
 * and flags, comment at a moment (click a line, or the playback time), and
 * give the verdict, "ready" or "try again", with a summary. A rep opening the
 * same screen reads the feedback and can ask a question back.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import type { Profile, Verdict } from '../../../contract/ipc-contract'
import { api } from '../api'
import { ErrorBanner } from '../components/ErrorBanner'
import { keys } from '../data/keys'
import { useRehearsalReview, useReviewQueue } from '../data/queries'
import { RadioGroup } from '../components/RadioGroup'
import { callTitle } from '../call-title'
import { Transcript } from '../components/Transcript'
import { when } from '../after-call/labels'
import { formatClock } from '../hooks'
import { VERDICT_LABEL } from './labels'
import './rehearsal.css'

type Props = {
  callId: string | null
  profile: Profile | null
  onOpen(callId: string | null): void
  onOpenPlan(scheduledCallId: string): void
  /** An imported rehearsal is a new call: the call list should show it. */
  onImported?(callId: string): void
  /** A verdict was given: the rehearsal leaves the queue (the nav badge counts it). */
  onReviewed?(): void
}

export function ReviewScreen(props: Props) {
  // One instance per rehearsal: a comment or verdict being written belongs to that rehearsal only.
  return props.callId ? <ReviewDetail key={props.callId} {...props} callId={props.callId} /> : <ReviewQueue {...props} />
}

function ProfileHint({ profile }: { profile: Profile | null }) {
  if (profile?.role === 'coach') return null
  return (
    <p className="hint-line" data-testid="profile-hint">
      {profile ? `You are signed in as ${profile.name} (rep): you can read feedback and ask questions.` : 'Set your profile at the top first.'} Switch your profile to
      Coach to give verdicts.
    </p>
  )
}

function ReviewQueue({ profile, onOpen, onImported }: Props) {
  const query = useReviewQueue()
  const queue = query.data ?? null
  const client = useQueryClient()
  const [error, setError] = useState<unknown>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const refresh = () => void client.invalidateQueries({ queryKey: keys.rehearsal.queue() })

  const importBundle = async () => {
    setError(null)
    setNotice(null)
    try {
      const r = await api().importRehearsalBundle()
      if (!r) return
      setNotice(
        `Imported a rehearsal${r.prospectName ? ` with ${r.prospectName}` : ''}: ${r.segments} lines, ${r.flags} flags${r.hasAudio ? ', with audio' : ''}.` +
          (r.keptLocal ? ` ${r.keptLocal} record(s) already here were kept as they were.` : ''),
      )
      refresh()
      onImported?.(r.callId)
    } catch (e) {
      setError(e)
    }
  }

  return (
    <div className="card review-queue" data-testid="review-queue">
      <div className="detail-head">
        <div>
          <h2>Coach review</h2>
          <p className="muted">Rehearsals waiting for a verdict: not reviewed yet, or a new attempt since the last review.</p>
        </div>
        <button className="btn" onClick={() => void importBundle()} title="Open a rehearsal file a rep sent you">
          Import rehearsal…
        </button>
      </div>
      <ProfileHint profile={profile} />
      {error ? (
        <ErrorBanner error={error} testId="bundle-error" />
      ) : (
        <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />
      )}
      {notice && <div className="banner ok" role="status">{notice}</div>}
      {!queue ? (
        <p className="muted">Loading…</p>
      ) : queue.length === 0 ? (
        <p className="muted">Nothing is waiting for review.</p>
      ) : (
        <ul className="sched-list">
          {queue.map((q) => (
            <li key={q.call.id} className="sched-item queue-item" data-testid="queue-item" data-call-id={q.call.id}>
              <div className="sched-when">{when(q.call.startedAt)}</div>
              <div className="sched-who">
                <strong>{q.scheduledCall.prospectName}</strong>
                {q.scheduledCall.prospectCompany ? <span className="muted"> · {q.scheduledCall.prospectCompany}</span> : null}
                <div className="muted small">
                  Attempt {q.attempt} · {q.call.durationMs !== null ? formatClock(q.call.durationMs) : '—'} · {q.flagCount} flag{q.flagCount === 1 ? '' : 's'} · call on {when(q.scheduledCall.scheduledAt)}
                  {q.previousVerdict ? ` · last verdict: ${VERDICT_LABEL[q.previousVerdict]}` : ''}
                </div>
              </div>
              <div className="sched-actions">
                <button className="btn small primary" onClick={() => onOpen(q.call.id)}>
                  Review
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function ReviewDetail({ callId, profile, onOpen, onOpenPlan, onReviewed }: Props & { callId: string }) {
  // The debrief's coach block reads the same query (same key): a comment added here shows there too.
  const query = useRehearsalReview(callId)
  const data = query.data ?? null
  const client = useQueryClient()
  const [error, setError] = useState<unknown>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [at, setAt] = useState<number | null>(null)
  // The clicked line; typed lines can share a start time, so the time alone cannot say which.
  const [pickedId, setPickedId] = useState<number | null>(null)
  const [body, setBody] = useState('')
  const [verdict, setVerdict] = useState<Verdict | null>(null)
  const [summary, setSummary] = useState('')
  const audio = useRef<HTMLAudioElement>(null)

  const load = () => client.invalidateQueries({ queryKey: keys.rehearsal.review(callId) })

  const act = async (what: () => Promise<string | null>) => {
    setError(null)
    setNotice(null)
    try {
      setNotice(await what())
      await load()
    } catch (e) {
      setError(e)
    }
  }

  if (query.error && !data) return <ErrorBanner card error={query.error} onRetry={() => void query.refetch()} />
  if (!data) return <div className="card muted">Loading rehearsal…</div>
  const { detail, scheduledCall, comments, reviews } = data
  const { call, segments, flags } = detail
  const playable = !!detail.audioUrl && call.durationMs !== 0
  const isCoach = profile?.role === 'coach'
  const latest = reviews.at(-1) ?? null

  const pick = (ms: number | null, segmentId: number | null = null) => {
    setAt(ms)
    setPickedId(segmentId)
    const el = audio.current
    if (el && playable && ms !== null) {
      el.currentTime = ms / 1000
      void el.play().catch(() => undefined)
    }
  }
  const addComment = () =>
    act(async () => {
      await api().addComment({ callId, atMs: at, body })
      setBody('')
      return 'Comment added'
    })
  const submit = () =>
    act(async () => {
      if (!verdict) throw new Error('Pick a verdict: ready, or try again.')
      await api().submitReview({ callId, verdict, summary })
      onReviewed?.()
      setSummary('')
      setVerdict(null)
      return `Marked “${VERDICT_LABEL[verdict]}”. The rep sees it in the plan${scheduledCall ? ' and in the overlay when the call starts' : ''}.`
    })
  const exportReview = () =>
    act(async () => {
      const r = await api().exportReviewBundle({ callId })
      return r.saved ? `Saved ${r.fileName}: send it back to the rep.` : null
    })
  // The line the comment goes to, highlighted: the one clicked, else the one the picked moment falls in.
  const pickedSeg = at === null ? undefined : segments.find((s) => s.id === pickedId) ?? [...segments].reverse().find((s) => s.startMs <= at)

  return (
    <div className="card detail review" data-testid="review">
      <div className="detail-head">
        <div>
          <h2>
            <button className="linkish back" onClick={() => onOpen(null)} title="Back to the queue">
              ←
            </button>{' '}
            Review · {callTitle(call)}
            {data.attempt && <span className="pill muted small-pill">attempt {data.attempt}</span>}
            {latest && <span className={`verdict-pill ${latest.verdict} head-pill`}>{VERDICT_LABEL[latest.verdict]}</span>}
          </h2>
          <p className="muted">
            Rehearsed {when(call.startedAt)} · {call.durationMs !== null ? formatClock(call.durationMs) : 'in progress'}
            {scheduledCall ? ` · for the call on ${when(scheduledCall.scheduledAt)}` : ''}
          </p>
        </div>
        <div className="head-actions">
          {scheduledCall && (
            <button className="btn small" onClick={() => onOpenPlan(scheduledCall.id)}>
              Open plan
            </button>
          )}
          {isCoach && (
            <button className="btn small" onClick={() => void exportReview()} title="Save your comments and verdict as one file for the rep">
              Export review…
            </button>
          )}
        </div>
      </div>
      <ProfileHint profile={profile} />
      <ErrorBanner error={error} />
      {notice && <div className="banner ok" role="status">{notice}</div>}

      {playable && <audio ref={audio} controls src={detail.audioUrl!} className="player" preload="metadata" />}
      <h3>Transcript · click a line to comment on that moment</h3>
      {segments.length === 0 ? (
        <p className="muted">Nothing was said in this rehearsal.</p>
      ) : (
        <Transcript
          segments={segments}
          flags={flags}
          testId="review-transcript"
          className="review-transcript"
          lineClass={(s) => `review-line ${pickedSeg?.id === s.id ? 'picked' : ''}`}
          line={(s) => (
            <button className="line-btn" data-testid="review-line" onClick={() => pick(s.startMs, s.id)} title="Comment on this moment">
              <span className="time">{formatClock(s.startMs)}</span>
              <span className="text">{s.text || <span className="muted">(no words recognised)</span>}</span>
              <CommentCount n={comments.filter((c) => c.atMs !== null && c.atMs >= s.startMs && c.atMs <= s.endMs).length} />
            </button>
          )}
        />
      )}

      <h3>Comments ({comments.length})</h3>
      {comments.length > 0 && (
        <ul className="comment-list" data-testid="comments">
          {comments.map((c) => (
            <li key={c.id} data-testid="comment" data-role={c.role}>
              {c.atMs === null ? (
                <span className="time">overall</span>
              ) : (
                <button className="time link" onClick={() => pick(c.atMs!)} title="Go to this moment">
                  {formatClock(c.atMs)}
                </button>
              )}
              <span className="comment-body">{c.body}</span>
              <span className="comment-by">
                {c.author} <span className={`role-pill ${c.role}`}>{c.role === 'coach' ? 'Coach' : 'Rep'}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form
        className="comment-form"
        onSubmit={(e) => {
          e.preventDefault()
          void addComment()
        }}
      >
        <div className="comment-at">
          <span className="muted">At</span>
          <span className="at-chip" data-testid="comment-at">
            {at === null ? 'the whole rehearsal' : formatClock(at)}
          </span>
          {at !== null && (
            <button type="button" className="btn small" onClick={() => pick(null)}>
              Whole rehearsal
            </button>
          )}
          {playable && (
            <button type="button" className="btn small" onClick={() => {
                setAt(Math.round((audio.current?.currentTime ?? 0) * 1000))
                setPickedId(null)
              }}>
              Use playback time
            </button>
          )}
        </div>
        <textarea aria-label="Comment" rows={2} value={body} maxLength={4000} placeholder={isCoach ? 'What to keep, what to change at this moment…' : 'A question for your coach…'} onChange={(e) => setBody(e.target.value)} />
        <div className="form-actions">
          <button className="btn primary small" type="submit" disabled={!body.trim()}>
            Add comment
          </button>
        </div>
      </form>

      <h3>Verdict</h3>
      {reviews.length > 0 && (
        <ul className="review-list" data-testid="reviews">
          {reviews.map((r) => (
            <li key={r.id}>
              <span className={`verdict-pill ${r.verdict}`}>{VERDICT_LABEL[r.verdict]}</span> <strong>{r.reviewer}</strong> <span className="muted">· {when(r.createdAt)}</span>
              <p>{r.summary}</p>
            </li>
          ))}
        </ul>
      )}
      {isCoach ? (
        <form
          className="verdict-form"
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          <RadioGroup<Verdict>
            label="Verdict"
            value={verdict}
            options={(['ready', 'try-again'] as const).map((v) => ({ value: v, label: VERDICT_LABEL[v] }))}
            onChange={setVerdict}
            buttonClass={(v) => `verdict-btn ${v}`}
          />
          <textarea aria-label="Summary" rows={3} value={summary} maxLength={4000} placeholder="The key points for the call, in a sentence or two" onChange={(e) => setSummary(e.target.value)} />
          <div className="form-actions">
            <button className="btn primary" type="submit" disabled={!verdict || !summary.trim()}>
              Submit review
            </button>
          </div>
        </form>
      ) : (
        reviews.length === 0 && <p className="muted">No verdict yet.</p>
      )}
    </div>
  )
}

function CommentCount({ n }: { n: number }) {
  if (n === 0) return null
  return (
    <span className="has-comment" title={`${n} comment${n > 1 ? 's' : ''} at this line`}>
      {n}
    </span>
  )
}
