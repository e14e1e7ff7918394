/**
 * Team: the connection to the team server (off until turned on), what to
 * share, the coach's queue across the team and the team's figures per week.
 * Nothing leaves this computer unless it is on and the rep shares it here
 * (or turns on automatic sharing for a kind).
 */
import { useCallback, useEffect, useState } from 'react'
import type { CallSummary, ScheduledCall, TeamFiguresDto, TeamQueueItem, TeamSyncReport, TeamSyncState } from '../../../contract/ipc-contract'
import { api } from '../api'
import { ErrorBanner } from '../components/ErrorBanner'
import { TeamCharts } from './TeamCharts'
import './team.css'

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function TeamScreen({ onOpenReview }: { onOpenReview(callId: string): void }) {
  const [state, setState] = useState<TeamSyncState | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [report, setReport] = useState<TeamSyncReport | null>(null)
  const [busy, setBusy] = useState(false)
  const [url, setUrl] = useState('')
  const [token, setToken] = useState('')
  const [queue, setQueue] = useState<TeamQueueItem[] | null>(null)
  const [figures, setFigures] = useState<TeamFiguresDto | null>(null)
  const [calls, setCalls] = useState<CallSummary[]>([])
  const [plans, setPlans] = useState<ScheduledCall[]>([])

  const role = state?.identity?.role ?? null
  const load = useCallback(async () => {
    try {
      const s = await api().getTeamSync()
      setState(s)
      setUrl((u) => u || (s.serverUrl ?? ''))
      setCalls((await api().listCalls({ limit: 30 })).filter((c) => c.status !== 'recording'))
      const sched = await api().listSchedule({})
      setPlans([...sched.overdue, ...sched.today, ...sched.thisWeek, ...sched.later])
    } catch (e) {
      setError(e)
    }
  }, [])
  useEffect(() => void load(), [load])

  // The team's queue and figures come from the server: only asked for when on, and only for the roles that see them.
  useEffect(() => {
    if (!state?.enabled) return
    if (role === 'coach') api().getTeamQueue().then(setQueue).catch(setError)
    if (role === 'coach' || role === 'manager') api().getTeamFigures({ weeks: 8 }).then(setFigures).catch(setError)
  }, [state?.enabled, state?.lastSyncAt, role])

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await fn()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
      await load()
    }
  }
  const save = (enabled: boolean) =>
    run(async () => {
      setState(await api().updateTeamSync({ serverUrl: url.trim() || null, ...(token.trim() ? { token: token.trim() } : {}), enabled }))
      setToken('')
      // A first round right away: it checks the address and token, and tells this screen who the token is.
      if (enabled) setReport(await api().syncTeamNow())
    })
  const syncNow = () => run(async () => setReport(await api().syncTeamNow()))
  const share = (kind: 'rehearsal' | 'debrief' | 'plan', id: string) => run(async () => setState(await api().shareWithTeam({ kind, id })))

  return (
    <div className="card team" data-testid="team-screen">
      <h2>Team</h2>
      <ErrorBanner error={error} />

      <section aria-label="Team server">
        <h3>Team server</h3>
        <p className="muted">
          {state?.enabled
            ? 'On. Only what you share below (or a kind you share automatically) is sent.'
            : 'Off. Nothing leaves this computer. Your admin gives you the server address and your token.'}
        </p>
        <div className="team-form">
          <label className="field">
            <span>Server address</span>
            <input data-testid="team-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://team.example.com" />
          </label>
          <label className="field">
            <span>Your token {state?.hasToken ? '(saved; paste a new one to replace it)' : ''}</span>
            <input data-testid="team-token" type="password" value={token} onChange={(e) => setToken(e.target.value)} placeholder={state?.hasToken ? '••••••••' : 'cdt_…'} autoComplete="off" />
          </label>
        </div>
        <div className="row-actions">
          {state?.enabled ? (
            <>
              <button className="btn" disabled={busy} onClick={() => save(true)}>
                Save
              </button>
              <button className="btn" disabled={busy} onClick={() => save(false)}>
                Turn off
              </button>
              <button className="btn primary" data-testid="team-sync" disabled={busy} onClick={syncNow}>
                {busy ? 'Syncing…' : 'Sync now'}
              </button>
            </>
          ) : (
            <button className="btn primary" data-testid="team-on" disabled={busy || !url.trim() || (!token.trim() && !state?.hasToken)} onClick={() => save(true)}>
              Turn on
            </button>
          )}
        </div>
        {state && (
          <p className="team-status" data-testid="team-status">
            {state.identity ? `${state.identity.name} · ${state.identity.role} · team ${state.identity.team}. ` : ''}
            {state.pending} waiting, {state.sent} sent{state.refused ? `, ${state.refused} refused` : ''}.
            {state.lastSyncAt ? ` Last sync ${when(state.lastSyncAt)}.` : ''}
            {state.lastError ? ` Last problem: ${state.lastError}` : ''}
          </p>
        )}
        {report && (
          <p className={`banner ${report.offline ? 'warn' : 'ok'}`} data-testid="team-report">
            {report.offline
              ? `The server cannot be reached; ${report.waiting} item${report.waiting === 1 ? '' : 's'} wait here and go at the next sync.`
              : `Sent ${report.sent}. Received ${report.addedReviews} review${report.addedReviews === 1 ? '' : 's'} and ${report.addedComments} comment${report.addedComments === 1 ? '' : 's'}${report.imported ? `; ${report.imported} rehearsal${report.imported === 1 ? '' : 's'} to review` : ''}.`}
            {report.errors.length > 0 && ` ${report.errors.join(' ')}`}
          </p>
        )}
        {state?.enabled && (
          <fieldset className="team-auto">
            <legend>Share automatically</legend>
            {(['rehearsals', 'debriefs', 'plans'] as const).map((k) => (
              <label key={k}>
                <input
                  type="checkbox"
                  checked={state.autoShare[k]}
                  disabled={busy}
                  onChange={(e) => run(async () => setState(await api().updateTeamSync({ autoShare: { ...state.autoShare, [k]: e.target.checked } })))}
                />{' '}
                {k}
              </label>
            ))}
          </fieldset>
        )}
      </section>

      {state?.enabled && role !== 'manager' && (
        <section aria-label="Share">
          <h3>Share with your team</h3>
          <ul className="team-list">
            {calls.map((c) => (
              <li key={c.id}>
                <span>
                  {c.kind === 'rehearsal' ? 'Rehearsal' : 'Call'}
                  {c.prospectName ? ` with ${c.prospectName}` : ''} · {when(c.startedAt)}
                </span>
                <span className="row-actions">
                  {c.kind === 'rehearsal' && (
                    <button className="btn small" disabled={busy} data-testid={`share-rehearsal-${c.id}`} onClick={() => share('rehearsal', c.id)}>
                      Share rehearsal
                    </button>
                  )}
                  <button className="btn small" disabled={busy} onClick={() => share('debrief', c.id)}>
                    Share debrief
                  </button>
                </span>
              </li>
            ))}
            {plans.map((p) => (
              <li key={p.id}>
                <span>
                  Plan for {p.prospectName} · {when(p.scheduledAt)}
                </span>
                <button className="btn small" disabled={busy} onClick={() => share('plan', p.id)}>
                  Share plan
                </button>
              </li>
            ))}
            {calls.length === 0 && plans.length === 0 && <li className="muted">Nothing to share yet.</li>}
          </ul>
        </section>
      )}

      {queue && role === 'coach' && (
        <section aria-label="Team queue">
          <h3>Awaiting review across the team ({queue.length})</h3>
          <ul className="team-list" data-testid="team-queue">
            {queue.map((q) => (
              <li key={q.callId}>
                <span>
                  <strong>{q.repName}</strong> · {q.prospectName ?? 'no prospect'}
                  {q.attempt ? ` · attempt ${q.attempt}` : ''} · {q.flagCount} flag{q.flagCount === 1 ? '' : 's'}
                  {q.previousVerdict ? ` · after "${q.previousVerdict === 'ready' ? 'Ready' : 'Try again'}"` : ''}
                </span>
                {q.onThisComputer ? (
                  <button className="btn small" onClick={() => onOpenReview(q.callId)}>
                    Review
                  </button>
                ) : (
                  <button className="btn small" disabled={busy} onClick={syncNow}>
                    Fetch
                  </button>
                )}
              </li>
            ))}
            {queue.length === 0 && <li className="muted">Nothing waits for review.</li>}
          </ul>
        </section>
      )}

      {figures && (
        <section aria-label="Team figures">
          <h3>Team {figures.team}, per week</h3>
          <TeamCharts figures={figures} />
        </section>
      )}
    </div>
  )
}
