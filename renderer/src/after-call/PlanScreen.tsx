/**
 * Plan the next call. From a debrief: a recap draft of that call and the
 * playbook's opener, editable, scheduled with a date and time. For a call
 * already scheduled: edit the plan and rehearsal notes, move or cancel it, or
 * start it (the recording is linked to it and its plan goes to the overlay).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import type { ProspectProfile, ScheduledCall } from '../../../contract/ipc-contract'
import { api } from '../api'
import { ErrorBanner } from '../components/ErrorBanner'
import { keys } from '../data/keys'
import { useProspects, useScheduledCall } from '../data/queries'
import { defaultNextCallTime, toLocalInput, when } from './labels'

type Props =
  | { mode: 'new'; fromCallId: string; onScheduled(s: ScheduledCall): void; onOpenProspect(id: string): void; onStart?: never }
  | {
      mode: 'edit'
      scheduledCallId: string
      onStart(s: ScheduledCall): void
      onOpenProspect(id: string): void
      onScheduled?: never
      /** What goes under the plan (the rehearsals), given the loaded scheduled call. */
      below?: (s: ScheduledCall) => ReactNode
    }

/** What the form starts from: a draft from the call's debrief, or the scheduled call as saved. */
type Start = { scheduled: ScheduledCall | null; prospectId: string; at: string; plan: string; rehearsal: string }

export function PlanScreen(props: Props) {
  const key = props.mode === 'new' ? props.fromCallId : props.scheduledCallId
  const fromCallId = props.mode === 'new' ? props.fromCallId : undefined
  const draft = useQuery({
    queryKey: keys.schedule.draft(fromCallId ?? ''),
    queryFn: async () => {
      const [d, debrief] = await Promise.all([api().draftPlan({ callId: fromCallId! }), api().getDebrief({ callId: fromCallId! })])
      return { text: d.text, prospectId: debrief.prospect?.id ?? '' }
    },
    enabled: !!fromCallId,
  })
  const prospects = useProspects()
  const saved = useScheduledCall(props.mode === 'edit' ? props.scheduledCallId : undefined)
  const failed = props.mode === 'new' ? (draft.error ?? prospects.error) : saved.error
  if (failed) return <ErrorBanner card error={failed} onRetry={() => void (props.mode === 'new' ? draft.refetch() : saved.refetch())} />
  let start: Start | null = null
  if (props.mode === 'new' && draft.data && prospects.data) {
    start = { scheduled: null, prospectId: draft.data.prospectId, at: toLocalInput(defaultNextCallTime()), plan: draft.data.text, rehearsal: '' }
  } else if (props.mode === 'edit' && saved.data) {
    const sc = saved.data
    start = { scheduled: sc, prospectId: sc.prospectId, at: toLocalInput(sc.scheduledAt), plan: sc.planNotes, rehearsal: sc.rehearsalNotes }
  }
  if (!start) return <div className="card muted">Loading plan…</div>
  // One form per plan, started once from what was loaded: a later reload never wipes what the rep is typing.
  return <PlanForm key={key} {...props} start={start} prospects={prospects.data ?? []} />
}

function PlanForm(props: Props & { start: Start; prospects: ProspectProfile[] }) {
  const { start, prospects } = props
  const client = useQueryClient()
  const [scheduled, setScheduled] = useState<ScheduledCall | null>(start.scheduled)
  const [prospectId, setProspectId] = useState(start.prospectId)
  const [at, setAt] = useState(start.at)
  const [plan, setPlan] = useState(start.plan)
  const [rehearsal, setRehearsal] = useState(start.rehearsal)
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  // A saved plan is what the schedule and this plan read next time.
  const savedAs = (s: ScheduledCall) => {
    client.setQueryData(keys.schedule.one(s.id), s)
    void client.invalidateQueries({ queryKey: keys.schedule.list() })
    return s
  }

  const scheduledAt = () => new Date(at).getTime()

  const submit = async () => {
    setError(null)
    setStatus(null)
    const time = scheduledAt()
    if (!Number.isFinite(time)) return setError('Pick a date and time for the call.')
    try {
      if (props.mode === 'new') {
        if (!prospectId) return setError('Pick who the next call is with.')
        const s = savedAs(await api().scheduleCall({ prospectId, scheduledAt: time, planNotes: plan, rehearsalNotes: rehearsal }))
        props.onScheduled(s)
      } else {
        const s = savedAs(await api().savePlan({ scheduledCallId: props.scheduledCallId, scheduledAt: time, planNotes: plan, rehearsalNotes: rehearsal }))
        setScheduled(s)
        setStatus('Plan saved')
      }
    } catch (e) {
      setError(e)
    }
  }

  const cancel = async () => {
    if (props.mode !== 'edit') return
    try {
      setScheduled(savedAs(await api().savePlan({ scheduledCallId: props.scheduledCallId, status: 'cancelled' })))
      setStatus('Call cancelled')
    } catch (e) {
      setError(e)
    }
  }

  const editable = props.mode === 'new' || scheduled?.status === 'scheduled'
  return (
    <div className="card plan" data-testid="plan">
      <div className="detail-head">
        <div>
          <h2>
            {props.mode === 'new' ? 'Plan the next call' : 'Next call'}
            {scheduled && (
              <>
                {' · '}
                <button className="linkish" onClick={() => props.onOpenProspect(scheduled.prospectId)}>
                  {scheduled.prospectName}
                </button>
              </>
            )}
          </h2>
          {scheduled && (
            <p className="muted">
              {when(scheduled.scheduledAt)}
              {scheduled.prospectCompany ? ` · ${scheduled.prospectCompany}` : ''} · <span className={`sched-status ${scheduled.status}`}>{scheduled.status}</span>
            </p>
          )}
          {props.mode === 'new' && <p className="muted">A recap of this call and an opener from the playbook: edit them, then pick a time.</p>}
        </div>
        {props.mode === 'edit' && scheduled?.status === 'scheduled' && (
          <button className="btn primary big" onClick={() => props.onStart(scheduled)}>
            ● Start this call
          </button>
        )}
      </div>
      <ErrorBanner error={error} />
      {status && <div className="banner ok" role="status">{status}</div>}
      <form
        className="plan-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <div className="recorder-row">
          {props.mode === 'new' && (
            <label className="field">
              <span>With</span>
              <select aria-label="Next call with" value={prospectId} onChange={(e) => setProspectId(e.target.value)}>
                <option value="">Pick a prospect…</option>
                {prospects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                    {p.company ? ` · ${p.company}` : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span>Date and time</span>
            <input type="datetime-local" aria-label="Date and time" value={at} disabled={!editable} onChange={(e) => setAt(e.target.value)} />
          </label>
        </div>
        <label className="field">
          <span>Plan: opener and recap (each “- ” line is a checklist item in the overlay)</span>
          <textarea aria-label="Plan notes" rows={14} value={plan} disabled={!editable} onChange={(e) => setPlan(e.target.value)} />
        </label>
        <label className="field">
          <span>Rehearsal notes</span>
          <textarea aria-label="Rehearsal notes" rows={3} value={rehearsal} disabled={!editable} placeholder="What to practise before the call: the opener, the no-budget answer…" onChange={(e) => setRehearsal(e.target.value)} />
        </label>
        {editable && (
          <div className="form-actions">
            <button className="btn primary" type="submit">
              {props.mode === 'new' ? 'Schedule call' : 'Save plan'}
            </button>
            <span className="spacer" />
            {props.mode === 'edit' && (
              <button className="btn" type="button" onClick={() => void cancel()}>
                Cancel this call
              </button>
            )}
          </div>
        )}
      </form>
      {props.mode === 'edit' && scheduled && props.below?.(scheduled)}
    </div>
  )
}
