/**
 * Team: the connection to the team server (off until turned on), what to
 * share, the coach's queue across the team and the team's figures per week.
 * Nothing leaves this computer unless it is on and the rep shares it here
 * (or turns on automatic sharing for a kind).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { TeamSyncReport, TeamSyncState } from '../../../contract/ipc-contract'
import { api } from '../api'
import { ErrorBanner } from '../components/ErrorBanner'
import { keys } from '../data/keys'
import { useSchedule } from '../data/queries'
import { TeamCharts } from './TeamCharts'
import './team.css'

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function TeamScreen({ onOpenReview }: { onOpenReview(callId: string): void }) {
  const client = useQueryClient()
  const sync = useQuery({ queryKey: keys.team.sync(), queryFn: () => api().getTeamSync() })
  const state = sync.data ?? null
  const setState = (s: TeamSyncState) => client.setQueryData(keys.team.sync(), s)
  const [error, setError] = useState<unknown>(null)
  const [report, setReport] = useState<TeamSyncReport | null>(null)
  const [busy, setBusy] = useState(false)
  // Null until the rep types: the saved address shows until then.
  const [urlTyped, setUrl] = useState<string | null>(null)
  const url = urlTyped ?? state?.serverUrl ?? ''
  const [token, setToken] = useState('')
  const shareable = useQuery({
    queryKey: keys.team.shareable(),
    queryFn: async () => (await api().listCalls({ limit: 30 })).filter((c) => c.status !== 'recording'),
  })
  const calls = shareable.data ?? []
  const schedule = useSchedule()
  const plans = schedule.data ? [...schedule.data.overdue, ...schedule.data.today, ...schedule.data.thisWeek, ...schedule.data.later] : []

  const role = state?.identity?.role ?? null
  // The team's queue and figures come from the server: only asked for when on, only for the roles that see them, again after each sync.
  const queue = useQuery({
    queryKey: keys.team.queue(state?.lastSyncAt ?? null),
    queryFn: () => api().getTeamQueue(),
    enabled: !!state?.enabled && role === 'coach',
  })
  const figures = useQuery({
    queryKey: keys.team.figures(state?.lastSyncAt ?? null),
    queryFn: () => api().getTeamFigures({ weeks: 8 }),
    enabled: !!state?.enabled && (role === 'coach' || role === 'manager'),
  })

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await fn()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
      // A sync can bring rehearsals, reviews and comments: everything that lists them reads again.
      await Promise.all([keys.team.all, keys.calls.all, keys.schedule.all, keys.rehearsal.all].map((queryKey) => client.invalidateQueries({ queryKey })))
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
      <ErrorBanner error={error ?? sync.error ?? shareable.error ?? schedule.error ?? queue.error ?? figures.error} />

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

      {queue.data && role === 'coach' && (
        <section aria-label="Team queue">
          <h3>Awaiting review across the team ({queue.data.length})</h3>
          <ul className="team-list" data-testid="team-queue">
            {queue.data.map((q) => (
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
            {queue.data.length === 0 && <li className="muted">Nothing waits for review.</li>}
          </ul>
        </section>
      )}

      {figures.data && (
        <section aria-label="Team figures">
          <h3>Team {figures.data.team}, per week</h3>
          <TeamCharts figures={figures.data} />
        </section>
      )}
    </div>
  )
}
