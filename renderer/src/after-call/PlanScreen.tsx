/**
 * Plan the next call. From a debrief: a recap draft of that call and the
 * playbook's opener, editable, scheduled with a date and time. For a call
 * already scheduled: edit the plan and rehearsal notes, move or cancel it, or
 * start it (the recording is linked to it and its plan goes to the overlay).
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { ProspectProfile, ScheduledCall } from '../../../contract/ipc-contract'
import { api, errorMessage } from '../api'
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

export function PlanScreen(props: Props) {
  const [scheduled, setScheduled] = useState<ScheduledCall | null>(null)
  const [prospects, setProspects] = useState<ProspectProfile[]>([])
  const [prospectId, setProspectId] = useState('')
  const [at, setAt] = useState(toLocalInput(defaultNextCallTime()))
  const [plan, setPlan] = useState('')
  const [rehearsal, setRehearsal] = useState('')
  const [loading, setLoading] = useState(true)
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const key = props.mode === 'new' ? props.fromCallId : props.scheduledCallId

  useEffect(() => {
    setLoading(true)
    setError(null)
    setStatus(null)
    const load = async () => {
      if (props.mode === 'new') {
        const [draft, debrief, all] = await Promise.all([
          api().draftPlan({ callId: props.fromCallId }),
          api().getDebrief({ callId: props.fromCallId }),
          api().listAllProspects(),
        ])
        setProspects(all)
        setProspectId(debrief.prospect?.id ?? '')
        setPlan(draft.text)
        setRehearsal('')
        setScheduled(null)
      } else {
        const s = await api().getScheduledCall({ scheduledCallId: props.scheduledCallId })
        setScheduled(s)
        setProspectId(s.prospectId)
        setAt(toLocalInput(s.scheduledAt))
        setPlan(s.planNotes)
        setRehearsal(s.rehearsalNotes)
      }
    }
    load()
      .catch((e) => setError(errorMessage(e)))
      .finally(() => setLoading(false))
  }, [props.mode, key]) // eslint-disable-line react-hooks/exhaustive-deps

  const scheduledAt = () => new Date(at).getTime()

  const submit = async () => {
    setError(null)
    setStatus(null)
    const time = scheduledAt()
    if (!Number.isFinite(time)) return setError('Pick a date and time for the call.')
    try {
      if (props.mode === 'new') {
        if (!prospectId) return setError('Pick who the next call is with.')
        const s = await api().scheduleCall({ prospectId, scheduledAt: time, planNotes: plan, rehearsalNotes: rehearsal })
        props.onScheduled(s)
      } else {
        const s = await api().savePlan({ scheduledCallId: props.scheduledCallId, scheduledAt: time, planNotes: plan, rehearsalNotes: rehearsal })
        setScheduled(s)
        setStatus('Plan saved')
      }
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const cancel = async () => {
    if (props.mode !== 'edit') return
    try {
      setScheduled(await api().savePlan({ scheduledCallId: props.scheduledCallId, status: 'cancelled' }))
      setStatus('Call cancelled')
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  if (loading) return <div className="card muted">Loading plan…</div>
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
      {error && <div className="banner error" role="alert">{error}</div>}
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
