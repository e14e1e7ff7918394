/**
 * The always-on-top prompt window: one short action, big enough to read
 * mid-sentence. A prompt fades after a few seconds unless a new flag comes;
 * "Not relevant" dismisses it (stored, counted in the debrief).
 */
import { useEffect, useState } from 'react'
import { FLAG_LABELS } from '../../../contract/flag-labels'
import type { Flag, OverlayPlan, OverlayState } from '../../../contract/ipc-contract'
import { api, errorMessage } from '../api'
import { formatClock, useElapsed, useEvent } from '../hooks'

/** Long enough to read twice, short enough not to nag. */
export const PROMPT_VISIBLE_MS = 8000
const HISTORY = 3

export function OverlayApp() {
  const [state, setState] = useState<OverlayState>({ visible: false, collapsed: false, clickThrough: false })
  const [callStart, setCallStart] = useState<number | null>(null)
  const [current, setCurrent] = useState<Flag | null>(null)
  const [shownAt, setShownAt] = useState(0)
  const [recent, setRecent] = useState<Flag[]>([])
  const [error, setError] = useState<string | null>(null)
  const [plan, setPlan] = useState<OverlayPlan | null>(null)
  const elapsed = useElapsed(callStart, 1000)
  const [now, setNow] = useState(Date.now())

  useEffect(() => {
    api().getOverlayState().then(setState).catch(() => undefined)
    api().getOverlayPlan().then(setPlan).catch(() => undefined)
    api()
      .listCalls({ limit: 1 })
      .then(([latest]) => setCallStart(latest?.status === 'recording' ? latest.startedAt : null))
      .catch(() => undefined)
  }, [])
  useEffect(() => {
    if (!current) return
    const t = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(t)
  }, [current])

  useEvent('overlayState', setState)
  useEvent('overlayPlan', setPlan)
  useEvent('callState', (call) => {
    if (call.status === 'recording') {
      setCallStart(call.startedAt)
      setCurrent(null)
      setRecent([])
    } else setCallStart(null)
  })
  useEvent('flag', (flag) => {
    setCurrent(flag)
    setShownAt(Date.now())
    setRecent((prev) => [flag, ...prev.filter((f) => f.id !== flag.id)].slice(0, HISTORY + 1))
  })

  const fresh = current !== null && now - shownAt < PROMPT_VISIBLE_MS
  const dismiss = (flag: Flag) => {
    api()
      .dismissFlag({ flagId: flag.id })
      .then(() => {
        setRecent((prev) => prev.filter((f) => f.id !== flag.id))
        if (current?.id === flag.id) setCurrent(null)
      })
      .catch((e) => setError(errorMessage(e)))
  }
  const toggle = (patch: Partial<OverlayState>) => api().setOverlayState(patch).then(setState).catch((e) => setError(errorMessage(e)))
  const history = recent.filter((f) => f.id !== current?.id).slice(0, HISTORY)

  return (
    <div className={`overlay ${state.collapsed ? 'collapsed' : ''}`} data-testid="overlay">
      <div className="bar">
        <span className={`dot ${callStart ? 'live' : ''}`} aria-hidden />
        <span className="clock" aria-label="Elapsed time">
          {callStart ? formatClock(elapsed) : 'No call'}
        </span>
        <span className="spacer" />
        <button className="icon" title={state.collapsed ? 'Expand' : 'Collapse'} onClick={() => void toggle({ collapsed: !state.collapsed })}>
          {state.collapsed ? '▾' : '▴'}
        </button>
        <button
          className={`icon ${state.clickThrough ? 'on' : ''}`}
          title="Click-through: clicks pass to the window below"
          aria-pressed={state.clickThrough}
          onClick={() => void toggle({ clickThrough: !state.clickThrough })}
        >
          ⇲
        </button>
      </div>
      <div className={`prompt ${fresh ? 'fresh' : 'faded'}`} data-testid="current-prompt" data-kind={fresh ? current?.kind : ''} data-flag-id={fresh ? current?.id : ''} aria-live="assertive">
        {fresh && current ? (
          <>
            <div className="kind">{FLAG_LABELS[current.kind]}</div>
            <div className="text">{current.prompt}</div>
            <button className="dismiss" onClick={() => dismiss(current)}>
              Not relevant
            </button>
          </>
        ) : (
          <div className="idle">{callStart ? 'Listening…' : 'Prompts appear here during a call.'}</div>
        )}
      </div>
      {!state.collapsed && history.length > 0 && (
        <ul className="history" aria-label="Earlier prompts">
          {history.map((f) => (
            <li key={f.id}>
              <span>{f.prompt}</span>
              <span className="at">{formatClock(f.atMs)}</span>
            </li>
          ))}
        </ul>
      )}
      {!state.collapsed && plan && <PlanChecklist plan={plan} />}
      {error && <div className="error">{error}</div>}
    </div>
  )
}

/** The scheduled call's plan: ticked off by the rep as they go (kept only for this call). */
function PlanChecklist({ plan }: { plan: OverlayPlan }) {
  const [done, setDone] = useState<Set<number>>(new Set())
  useEffect(() => setDone(new Set()), [plan.scheduledCallId])
  const toggle = (i: number) =>
    setDone((prev) => {
      const next = new Set(prev)
      if (next.has(i)) next.delete(i)
      else next.add(i)
      return next
    })
  return (
    <section className="plan" aria-label="Call plan" data-testid="overlay-plan">
      <div className="plan-title">Plan · {plan.prospectName}</div>
      {plan.items.length === 0 ? (
        <div className="plan-empty">No plan written for this call.</div>
      ) : (
        <ul className="checklist">
          {plan.items.map((item, i) => (
            <li key={i} className={done.has(i) ? 'done' : ''}>
              <label>
                <input type="checkbox" checked={done.has(i)} onChange={() => toggle(i)} />
                <span>{item}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {plan.rehearsalItems.length > 0 && (
        <>
          <div className="plan-title">From rehearsal</div>
          <ul className="checklist reminders">
            {plan.rehearsalItems.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ul>
        </>
      )}
      {plan.coach && (
        // The coach's key points from the reviewed rehearsal: the verdict, its summary, the pinned comments.
        <div className="coach-points" data-testid="overlay-coach">
          <div className="plan-title">
            Coach notes · {plan.coach.reviewer} <span className={`verdict ${plan.coach.verdict}`}>{plan.coach.verdict === 'ready' ? 'Ready' : 'Try again'}</span>
          </div>
          {plan.coach.summary && <div className="coach-summary">{plan.coach.summary}</div>}
          <ul className="checklist reminders">
            {plan.coach.comments.map((c, i) => (
              <li key={i}>
                {c.body}
                {c.atMs !== null && <span className="at"> · {formatClock(c.atMs)}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
