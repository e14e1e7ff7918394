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
import { DISMISS_PROMPT_SHORTCUT_LABEL as DISMISS_LABEL } from '../../../contract/shortcuts'

/** Long enough to read twice, short enough not to nag. */
export const PROMPT_VISIBLE_MS = 8000
const HISTORY = 5

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
    // Precision first: only the coach's confident flags interrupt the rep; 'possible' ones wait for the debrief.
    if (flag.tier === 'possible') return
    // Dismissed elsewhere (the "Not relevant" shortcut): it leaves the overlay.
    if (flag.dismissedAt !== null) {
      setRecent((prev) => prev.filter((f) => f.id !== flag.id))
      setCurrent((c) => (c?.id === flag.id ? null : c))
      return
    }
    setCurrent(flag)
    setShownAt(Date.now())
    setRecent((prev) => [flag, ...prev.filter((f) => f.id !== flag.id)].slice(0, HISTORY + 1))
  })
  // A prompt shown from the first words of a sentence that the whole sentence does not support.
  useEvent('flagRetracted', ({ flagId }) => {
    setRecent((prev) => prev.filter((f) => f.id !== flagId))
    setCurrent((c) => (c?.id === flagId ? null : c))
  })

  const fresh = current !== null && now - shownAt < PROMPT_VISIBLE_MS
  const dismiss = (flag: Flag) => {
    api()
      .dismissFlag({ flagId: flag.id })
      .then(() => {
        setRecent((prev) => prev.filter((f) => f.id !== flag.id))
        if (current?.id === flag.id) setCurrent(null)
      })
      .catch(() => setError('That prompt could not be dismissed. Try again.'))
  }
  const toggle = (patch: Partial<OverlayState>) =>
    api()
      .setOverlayState(patch)
      .then(setState)
      .catch(() => setError('The overlay setting could not be changed.'))
  const history = recent.filter((f) => f.id !== current?.id).slice(0, HISTORY)

  // What fits under the prompt at 380×230 is one section at a time: earlier prompts, the plan, the coach's notes.
  const sections: Array<{ key: Section; label: string }> = []
  if (history.length > 0) sections.push({ key: 'earlier', label: `Earlier ${history.length}` })
  if (plan) sections.push({ key: 'plan', label: plan.items.length > 0 ? `Plan ${plan.items.length}` : 'Plan' })
  if (plan?.coach) sections.push({ key: 'coach', label: 'Coach' })
  const [picked, setPicked] = useState<Section | null>(null)
  const shown = sections.find((x) => x.key === picked)?.key ?? (plan ? 'plan' : sections[0]?.key)

  return (
    <div className={`overlay ${state.collapsed ? 'collapsed' : ''}`} data-testid="overlay">
      <div className="bar">
        <span className={`dot ${callStart ? 'live' : ''}`} aria-hidden />
        <span className="clock" aria-label="Elapsed time">
          {callStart ? formatClock(elapsed) : 'No call'}
        </span>
        <span className="spacer" />
        <button
          className="icon"
          aria-label={state.collapsed ? 'Show history and plan' : 'Show the prompt only'}
          title={state.collapsed ? 'Show history and plan' : 'Show the prompt only'}
          aria-expanded={!state.collapsed}
          onClick={() => void toggle({ collapsed: !state.collapsed })}
        >
          <span aria-hidden>{state.collapsed ? '▾' : '▴'}</span>
        </button>
        <button
          className={`icon ${state.clickThrough ? 'on' : ''}`}
          aria-label="Click-through"
          title="Click-through: clicks pass to the window below. Turn it off from the call screen or with the shortcut."
          aria-pressed={state.clickThrough}
          onClick={() => void toggle({ clickThrough: !state.clickThrough })}
        >
          <span aria-hidden>⇲</span>
        </button>
      </div>
      <div className={`prompt ${fresh ? 'fresh' : 'faded'}`} data-testid="current-prompt" data-kind={fresh ? current?.kind : ''} data-flag-id={fresh ? current?.id : ''} aria-live="assertive">
        {fresh && current ? (
          <>
            <div className="prompt-head">
              <span className="kind">{FLAG_LABELS[current.kind]}</span>
              <button className="dismiss" onClick={() => dismiss(current)} title={`Not relevant (${DISMISS_LABEL})`}>
                Not relevant
              </button>
            </div>
            <div className="text">{current.prompt}</div>
          </>
        ) : (
          <div className="idle">{callStart ? 'Listening…' : 'Prompts appear here during a call.'}</div>
        )}
      </div>
      {!state.collapsed && sections.length > 0 && (
        <div className="sections">
          {sections.length > 1 && (
            <div className="tabs" role="tablist" aria-label="Overlay sections" onKeyDown={(e) => arrowKeys(e, sections.map((x) => x.key), shown, setPicked)}>
              {sections.map((x) => (
                <button
                  key={x.key}
                  role="tab"
                  id={`tab-${x.key}`}
                  aria-selected={shown === x.key}
                  tabIndex={shown === x.key ? 0 : -1}
                  className={`tab ${shown === x.key ? 'on' : ''}`}
                  onClick={() => setPicked(x.key)}
                >
                  {x.label}
                </button>
              ))}
            </div>
          )}
          <div className="section-body" role={sections.length > 1 ? 'tabpanel' : undefined} aria-labelledby={sections.length > 1 ? `tab-${shown}` : undefined}>
            {shown === 'earlier' && (
              <ul className="history" aria-label="Earlier prompts">
                {history.map((f) => (
                  <li key={f.id}>
                    <span>{f.prompt}</span>
                    <span className="at">{formatClock(f.atMs)}</span>
                  </li>
                ))}
              </ul>
            )}
            {shown === 'plan' && plan && <PlanChecklist plan={plan} />}
            {shown === 'coach' && plan?.coach && <CoachNotes coach={plan.coach} />}
          </div>
        </div>
      )}
      {error && <div className="error" role="alert">{error}</div>}
    </div>
  )
}

type Section = 'earlier' | 'plan' | 'coach'

/** Left/right (and up/down) move between tabs, as in any tab list. */
function arrowKeys<T>(e: React.KeyboardEvent, keys: T[], current: T | undefined, pick: (k: T) => void) {
  const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0
  if (!step || current === undefined) return
  e.preventDefault()
  const next = keys[(keys.indexOf(current) + step + keys.length) % keys.length]!
  pick(next)
  ;(e.currentTarget.querySelector(`[aria-selected="true"]`) as HTMLElement | null)?.focus()
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
    </section>
  )
}

/** The coach's key points from the reviewed rehearsal: the verdict, its summary, the pinned comments. */
function CoachNotes({ coach }: { coach: NonNullable<OverlayPlan['coach']> }) {
  return (
    <div className="coach-points" data-testid="overlay-coach">
      <div className="plan-title">
        Coach notes · {coach.reviewer} <span className={`verdict ${coach.verdict}`}>{coach.verdict === 'ready' ? 'Ready' : 'Try again'}</span>
      </div>
      {coach.summary && <div className="coach-summary">{coach.summary}</div>}
      <ul className="checklist reminders">
        {coach.comments.map((c, i) => (
          <li key={i}>
            {c.body}
            {c.atMs !== null && <span className="at"> · {formatClock(c.atMs)}</span>}
          </li>
        ))}
      </ul>
    </div>
  )
}
