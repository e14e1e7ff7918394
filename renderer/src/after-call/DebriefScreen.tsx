/**
 * After a call: what happened (figures, chart, flags at their moments, the
 * transcript with audio) and what the rep makes of it (went well, to change,
 * why they did not buy, the agreed next step), then on to planning the next call.
 */
import { useRef, useState } from 'react'
import type { Debrief, DebriefNotes, Flag, Segment } from '../../../contract/ipc-contract'
import { api, inRepWords } from '../api'
import { callLengthMs, callTitle } from '../call-title'
import { Transcript } from '../components/Transcript'
import { ErrorBanner, errorCode } from '../components/ErrorBanner'
import { useDebrief, useSetDebriefNotes } from '../data/queries'
import { formatClock } from '../hooks'
import { CoachCommentChip, CoachReviewBlock, lineFor, useCoachReview } from '../rehearsal/DebriefCoachReview'
import { DebriefFlags } from './DebriefFlags'
import { ExportMenu } from './ExportMenu'
import { FLAG_LABEL, STATUS_LABEL, when } from './labels'
import { TimelineChart } from './TimelineChart'

const EMPTY: DebriefNotes = { wentWell: '', toChange: '', noBuyReason: null, nextStep: '' }
const storedNotes = (d: Debrief | null): DebriefNotes =>
  d?.notes ? { wentWell: d.notes.wentWell, toChange: d.notes.toChange, noBuyReason: d.notes.noBuyReason, nextStep: d.notes.nextStep } : EMPTY

export function DebriefScreen(props: DebriefProps) {
  // One instance per call: what the rep typed, the save state and any error belong to that call only.
  return <CallDebrief key={props.callId} {...props} />
}

type DebriefProps = {
  callId: string
  /** Whether lines not transcribed (no model then) can be transcribed now. */
  modelReady?: boolean
  onSetUpModel?(): void
  onPlan(callId: string): void
  onOpenProspect(prospectId: string): void
  onOpenPlan(scheduledCallId: string): void
}

function CallDebrief({ callId, modelReady = true, onSetUpModel, onPlan, onOpenProspect, onOpenPlan }: DebriefProps) {
  // Filed under this call's id: a late answer for another call cannot land here. Main's events refresh it (data/event-bridge.ts).
  const query = useDebrief(callId)
  const debrief = query.data ?? null
  const setSavedNotes = useSetDebriefNotes()
  const [error, setError] = useState<unknown>(null)
  // Null until the rep types: the stored notes show (and follow reloads) until then; later reloads never wipe what is typed.
  const [typed, setTyped] = useState<DebriefNotes | null>(null)
  const notes = typed ?? storedNotes(debrief)
  const [saved, setSaved] = useState<'saved' | 'dirty' | 'saving' | null>(null)
  const audio = useRef<HTMLAudioElement>(null)
  // A rehearsal's debrief also shows what the coach said about it.
  // Only a rehearsal of a scheduled call reaches the coach's queue; a plain script check never does.
  const coach = useCoachReview(debrief?.scheduledCall ? debrief.detail.call : undefined)

  const play = (ms: number) => {
    const el = audio.current
    if (!el) return
    el.currentTime = ms / 1000
    void el.play()
  }
  const edit = (patch: Partial<DebriefNotes>) => {
    setTyped({ ...notes, ...patch })
    setSaved('dirty')
  }
  const save = async () => {
    setSaved('saving')
    try {
      setSavedNotes(callId, await api().saveDebrief({ callId, ...notes, noBuyReason: notes.noBuyReason?.trim() ? notes.noBuyReason : null }))
      setSaved('saved')
      return true
    } catch (e) {
      setError(e)
      setSaved('dirty')
      return false
    }
  }

  // A call deleted elsewhere is gone, even if an earlier read of it is still cached.
  if (query.error && (!debrief || errorCode(query.error) === 'not-found')) return <ErrorBanner card error={query.error} onRetry={() => void query.refetch()} />
  if (!debrief) return <div className="card muted">Loading debrief…</div>
  const { detail, figures: f, prospect } = debrief
  const { call, segments } = detail
  const playable = !!detail.audioUrl && call.durationMs !== 0
  // The list shows the same figure: typed lines count to their estimated end, as in the chart.
  const length = callLengthMs(call, debrief.timeline.durationMs)
  const timedComments = (coach.data?.comments ?? []).filter((c) => c.atMs !== null)
  const commentsAt = (segmentId: number) => timedComments.filter((c) => lineFor(segments, c.atMs!) === segmentId)

  return (
    <div className="card detail debrief" data-testid="call-detail">
      <div className="detail-head">
        <div>
          <h2>
            Debrief · {prospect ? <button className="linkish" onClick={() => onOpenProspect(prospect.id)}>{callTitle(call)}</button> : callTitle(call)}
            {call.kind === 'rehearsal' && <span className="pill muted small-pill">rehearsal</span>}
          </h2>
          <p className="muted">
            {new Date(call.startedAt).toLocaleString([], { dateStyle: 'full', timeStyle: 'short' })} ·{' '}
            {length !== null ? formatClock(length) : 'in progress'}
            {call.deviceLabel ? ` · ${call.deviceLabel}` : ''}
            {prospect && prospect.status !== 'active' ? ` · ${STATUS_LABEL[prospect.status]}` : ''}
          </p>
        </div>
        <div className="head-actions">
          {call.status === 'interrupted' && (
            <span className="pill warn" title="Call Desk closed during this call; everything up to the last save was recovered.">
              Recovered after a crash
            </span>
          )}
          <ExportMenu callId={callId} />
        </div>
      </div>
      <ErrorBanner error={error ?? query.error} onSetUpModel={onSetUpModel} onRetry={error ? undefined : () => void query.refetch()} />
      <Untranscribed
        callId={callId}
        segments={segments}
        recording={call.status === 'recording'}
        modelReady={modelReady}
        onSetUpModel={onSetUpModel}
        onError={setError}
      />
      <ErrorBanner error={coach.error} prefix="Coach review" />
      {coach.data && <CoachReviewBlock data={coach.data} onPlay={playable ? play : undefined} showTimed={segments.length === 0} />}

      <div className="figures" data-testid="figures">
        <Figure label="Talk time" value={formatClock(f.talkMs)} />
        <Figure label="Longest monologue" value={formatClock(f.longestMonologueMs)} warn={f.longestMonologueMs > 60_000} />
        <Figure label="Probing questions before first give" value={String(f.probesBeforeFirstGive)} warn={f.probesBeforeFirstGive > 0} testId="probes-before-give" />
        <Figure label="Time to first give" value={f.firstGiveMs === null ? 'never' : formatClock(f.firstGiveMs)} warn={f.firstGiveMs === null || f.firstGiveMs > 30_000} testId="first-give" />
        <Figure label="First commitment ask" value={f.firstCommitmentAskMs === null ? '—' : formatClock(f.firstCommitmentAskMs)} testId="first-ask" />
        <Figure label="Prompts dismissed" value={`${f.promptsDismissed} of ${f.flagCount}`} testId="dismissed" />
      </div>
      <TimelineChart timeline={debrief.timeline} firstGiveMs={f.firstGiveMs} firstAskMs={f.firstCommitmentAskMs} />

      <h3>Flags ({detail.flags.filter((fl) => !fl.retractedAt).length})</h3>
      {detail.flags.length === 0 ? (
        <p className="muted">The coach raised nothing in this call.</p>
      ) : (
        <DebriefFlags
          flags={detail.flags}
          renderFlag={(flag) => (
            <FlagItem
              key={flag.id}
              flag={flag}
              // Play from the start of the line that raised it; the flag's own time is that line's end.
              onPlay={detail.audioUrl && call.durationMs !== 0 ? () => play(segments.find((s) => s.id === flag.segmentId)?.startMs ?? flag.atMs) : undefined}
            />
          )}
        />
      )}

      <h3>Your debrief</h3>
      <form
        className="debrief-form"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <label className="field">
          <span>What went well</span>
          <textarea aria-label="What went well" rows={2} value={notes.wentWell} onChange={(e) => edit({ wentWell: e.target.value })} />
        </label>
        <label className="field">
          <span>What to change</span>
          <textarea aria-label="What to change" rows={2} value={notes.toChange} onChange={(e) => edit({ toChange: e.target.value })} />
        </label>
        <label className="field">
          <span>The real reason they did not buy (if they did not)</span>
          <textarea aria-label="Why they did not buy" rows={2} value={notes.noBuyReason ?? ''} onChange={(e) => edit({ noBuyReason: e.target.value })} />
        </label>
        <label className="field">
          <span>Agreed next step</span>
          <textarea aria-label="Agreed next step" rows={2} value={notes.nextStep} onChange={(e) => edit({ nextStep: e.target.value })} />
        </label>
        <div className="form-actions">
          <button className="btn primary" type="submit" disabled={saved === 'saving'}>
            Save debrief
          </button>
          <span className="muted" aria-live="polite">
            {saved === 'saved' ? 'Saved' : saved === 'dirty' ? 'Not saved yet' : debrief.notes ? `Saved ${when(debrief.notes.updatedAt)}` : ''}
          </span>
          <span className="spacer" />
          {debrief.nextScheduledCall ? (
            <button className="btn" type="button" onClick={() => onOpenPlan(debrief.nextScheduledCall!.id)}>
              Next call {when(debrief.nextScheduledCall.scheduledAt)} →
            </button>
          ) : null}
          <button
            className="btn primary"
            type="button"
            onClick={async () => {
              // The plan's recap reads the saved debrief, so save first.
              if (saved === 'dirty' && !(await save())) return
              onPlan(callId)
            }}
          >
            Plan the next call →
          </button>
        </div>
      </form>

      <h3>Transcript</h3>
      {/* A script check keeps an empty recording: nothing to play. */}
      {detail.audioUrl && call.durationMs !== 0 && <audio ref={audio} controls src={detail.audioUrl} className="player" preload="metadata" />}
      {segments.length === 0 ? (
        <p className="muted">No speech was detected in this call.</p>
      ) : (
        <Transcript
          segments={segments}
          flags={detail.flags}
          onPlay={playable ? (seg: Segment) => play(seg.startMs) : undefined}
          below={(s) => commentsAt(s.id).map((c) => <CoachCommentChip key={c.id} comment={c} />)}
        />
      )}
    </div>
  )
}

function Figure({ label, value, warn, testId }: { label: string; value: string; warn?: boolean; testId?: string }) {
  return (
    <div className={`figure ${warn ? 'warn' : ''}`} data-testid={testId}>
      <div className="figure-value">{value}</div>
      <div className="figure-label">{label}</div>
    </div>
  )
}

function FlagItem({ flag, onPlay }: { flag: Flag; onPlay?: () => void }) {
  const at = formatClock(flag.atMs)
  return (
    <li
      className={`flag-item ${flag.dismissedAt ? 'dismissed' : ''} ${flag.retractedAt ? 'retracted' : ''}`}
      data-testid="debrief-flag"
      data-kind={flag.kind}
      data-retracted={flag.retractedAt ? 'true' : undefined}
    >
      <div className="flag-item-head">
        {onPlay ? (
          <button className="time link" onClick={onPlay} title="Play this moment">
            {at}
          </button>
        ) : (
          <span className="time">{at}</span>
        )}
        <strong>{FLAG_LABEL[flag.kind]}</strong>
        {flag.tier === 'possible' ? <span className="pill muted small-pill" data-testid="flag-possible" title="The coach was not sure enough to show this live">possible</span> : null}
        {flag.dismissedAt ? <span className="pill muted small-pill">dismissed</span> : null}
        {flag.retractedAt ? (
          <span className="pill muted small-pill" title="Shown during the call; the coach withdrew it once it had the whole sentence">
            retracted
          </span>
        ) : null}
      </div>
      <p className="flag-prompt" style={flag.retractedAt ? { textDecoration: 'line-through' } : undefined}>
        {flag.prompt}
      </p>
      <p className="flag-explanation">{flag.explanation}</p>
    </li>
  )
}

/**
 * Lines of speech that were not transcribed (recorded before a model was set
 * up, or the engine failed): said once with the reason, and transcribed again
 * on request once a model is there. Otherwise, while the final tier is still
 * re-decoding lines, says so: text and flags change under the rep's eyes.
 */
function Untranscribed({
  callId,
  segments,
  recording,
  modelReady,
  onSetUpModel,
  onError,
}: {
  callId: string
  segments: Segment[]
  recording: boolean
  modelReady: boolean
  onSetUpModel?(): void
  onError(error: unknown): void
}) {
  const [queued, setQueued] = useState<number | null>(null)
  const failed = segments.filter((s) => s.status === 'failed' && s.source === 'speech')
  const pending = segments.filter((s) => s.status === 'pending').length
  // The final tier re-decodes each utterance at full context after the rep's turn; a long monologue leaves it behind.
  const finishing = segments.filter((s) => s.status === 'done' && s.finalDue).length
  if (!recording && failed.length === 0 && !(queued && pending) && finishing > 0 && modelReady) {
    return (
      <p className="banner ok" role="status" data-testid="finishing-transcript">
        Finishing the transcript: {finishing} line{finishing === 1 ? '' : 's'} left to check at full quality. Flags may change as they update.
      </p>
    )
  }
  if (recording || (failed.length === 0 && !(queued && pending))) return null
  if (failed.length === 0) return <p className="banner ok" role="status">Transcribing {pending} line{pending === 1 ? '' : 's'}…</p>
  const reason = failed[0]!.error ? inRepWords(failed[0]!.error).split(/(?<=\.)\s/)[0] : null
  return (
    <div className="banner warn untranscribed" data-testid="untranscribed">
      <span>
        {failed.length} line{failed.length === 1 ? ' was' : 's were'} not transcribed{reason ? `: ${reason}` : '.'}
      </span>{' '}
      {modelReady ? (
        <button
          className="btn small primary"
          onClick={() =>
            api()
              .retranscribeCall({ callId })
              .then((r) => setQueued(r.queued))
              .catch(onError)
          }
        >
          Transcribe {failed.length === 1 ? 'it' : 'them'} now
        </button>
      ) : (
        <button className="btn small" onClick={onSetUpModel}>
          Set up speech recognition first
        </button>
      )}
    </div>
  )
}
