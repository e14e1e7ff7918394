import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { ModelStatus, Profile, ScheduledCall } from '../../contract/ipc-contract'
import { DebriefScreen } from './after-call/DebriefScreen'
import { PlanScreen } from './after-call/PlanScreen'
import { ProspectScreen } from './after-call/ProspectScreen'
import { ScheduleScreen } from './after-call/ScheduleScreen'
import { api } from './api'
import { ErrorBanner } from './components/ErrorBanner'
import { keys } from './data/keys'
import { useHasCalls, useReviewQueue } from './data/queries'
import { useEvent } from './hooks'
import { CallList } from './screens/CallList'
import { RecorderPanel, type StartRequest } from './live-call/RecorderPanel'
import { ProfileSwitch } from './rehearsal/ProfileSwitch'
import { RehearsalPanel, type RehearseMode } from './rehearsal/RehearsalPanel'
import { ReviewScreen } from './rehearsal/ReviewScreen'
import { SettingsScreen } from './settings/SettingsScreen'
import { SetupScreen } from './settings/SetupScreen'
import { TeamScreen } from './team/TeamScreen'

/** What the right-hand side shows. */
type View =
  | { screen: 'debrief'; callId: string }
  | { screen: 'new-plan'; fromCallId: string }
  | { screen: 'plan'; scheduledCallId: string }
  | { screen: 'prospect'; prospectId: string | null }
  | { screen: 'schedule' }
  | { screen: 'review'; callId: string | null }
  | { screen: 'settings' }
  | { screen: 'setup' }
  | { screen: 'team' }
  | null

export function App() {
  // Whether any call exists (the empty screen's wording); the list loads its own pages.
  const hasCalls = useHasCalls().data ?? false
  const client = useQueryClient()
  const [view, setView] = useState<View>(null)
  const [startRequest, setStartRequest] = useState<StartRequest | null>(null)
  const selected = view?.screen === 'debrief' ? view.callId : null
  const setSelected = (callId: string) => setView({ screen: 'debrief', callId })
  const openPlan = (scheduledCallId: string) => setView({ screen: 'plan', scheduledCallId })
  const openProspect = (prospectId: string | null) => setView({ screen: 'prospect', prospectId })
  // Starting a scheduled call happens on the call screen, which owns the microphone.
  const startScheduled = (s: ScheduledCall) => setStartRequest({ scheduledCallId: s.id, prospectId: s.prospectId, label: s.prospectName, nonce: Date.now() })
  const rehearse = (s: ScheduledCall, mode: RehearseMode) =>
    setStartRequest({ scheduledCallId: s.id, prospectId: s.prospectId, label: s.prospectName, nonce: Date.now(), mode })
  const openReview = (callId: string | null) => setView({ screen: 'review', callId })
  // A rehearsal started from a plan returns to that plan, where the attempts are compared.
  const onCallStopped = (callId: string, scheduled: StartRequest | null) =>
    scheduled?.mode === 'rehearsal' || scheduled?.mode === 'script' ? openPlan(scheduled.scheduledCallId) : setSelected(callId)
  const [profile, setProfile] = useState<Profile | null>(null)
  const [model, setModel] = useState<ModelStatus | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  // While a call or script check runs it takes the whole window, so notes cannot go into another call.
  const [live, setLive] = useState(false)
  // The first run's setup shows until the rep is done with it or skips it (for this session).
  const [setupSkipped, setSetupSkipped] = useState(false)

  useEffect(() => {
    api().getModelStatus().then(setModel).catch(setLoadError)
    api()
      .getSettings()
      .then((s) => setProfile(s.profile ?? null))
      .catch(setLoadError)
  }, [])

  useEvent('modelStatus', setModel)

  // How many rehearsals wait for the coach; only a coach gets the count (a rep has nothing to do there).
  // A stopped rehearsal joins the queue, a stopped live call can drop some: main's events refresh it (data/event-bridge.ts).
  const isCoach = profile?.role === 'coach'
  const queue = useReviewQueue(isCoach) // a badge is not worth a banner; the queue screen shows the error
  const awaiting = isCoach ? (queue.data?.length ?? 0) : 0
  const refreshAwaiting = () => void client.invalidateQueries({ queryKey: keys.rehearsal.queue() })
  // Another screen may have changed the queue (a review given, a bundle merged): count again on each change of screen.
  useEffect(() => void client.invalidateQueries({ queryKey: keys.rehearsal.queue() }), [client, view?.screen])

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            ◎
          </span>
          Call Desk
        </div>
        <nav className="nav" aria-label="Screens">
          <button className={`nav-btn ${view?.screen === 'schedule' ? 'on' : ''}`} disabled={live} onClick={() => setView({ screen: 'schedule' })}>
            Schedule
          </button>
          <button className={`nav-btn ${view?.screen === 'prospect' ? 'on' : ''}`} disabled={live} onClick={() => openProspect(null)}>
            Prospects
          </button>
          <button className={`nav-btn ${view?.screen === 'review' ? 'on' : ''}`} disabled={live} onClick={() => openReview(null)}>
            Coach review{' '}
            {isCoach && awaiting > 0 && (
              <span className="count nav-count" data-testid="review-count" title={`${awaiting} rehearsal${awaiting > 1 ? 's' : ''} awaiting review`}>
                {awaiting}
              </span>
            )}
          </button>
          <button className={`nav-btn ${view?.screen === 'team' ? 'on' : ''}`} disabled={live} onClick={() => setView({ screen: 'team' })}>
            Team
          </button>
          <button className={`nav-btn ${view?.screen === 'settings' ? 'on' : ''}`} disabled={live} onClick={() => setView({ screen: 'settings' })}>
            Settings
          </button>
        </nav>
        <ProfileSwitch profile={profile} onChange={setProfile} />
        <ModelBadge model={model} />
      </header>
      <ErrorBanner error={loadError} />
      {model && model.state !== 'ready' && view?.screen !== 'setup' && !(view === null && !setupSkipped) && (
        // After the first run's setup is skipped: a reminder, not a second setup screen.
        <div className="banner warn model-banner" role="status">
          No speech model yet: calls are recorded, and transcribed once you set one up.{' '}
          <button className="btn small" onClick={() => setView({ screen: 'setup' })}>
            Set up speech recognition
          </button>
        </div>
      )}
      <main className={`layout ${live ? 'live' : ''}`}>
        <section className="column left">
          <RecorderPanel
            modelReady={model?.state === 'ready'}
            onCallStopped={onCallStopped}
            startRequest={startRequest}
            onLiveChange={setLive}
            onSetUpModel={() => setView({ screen: 'setup' })}
          />
          {!live && <CallList selected={selected} onSelect={setSelected} onDeleted={(id) => selected === id && setView(null)} />}
        </section>
        <section className="column right" hidden={live}>
          {view?.screen === 'debrief' ? (
            <DebriefScreen
              callId={view.callId}
              modelReady={model?.state === 'ready'}
              onSetUpModel={() => setView({ screen: 'setup' })}
              onPlan={(fromCallId) => setView({ screen: 'new-plan', fromCallId })}
              onOpenProspect={openProspect}
              onOpenPlan={openPlan}
            />
          ) : view?.screen === 'new-plan' ? (
            <PlanScreen mode="new" fromCallId={view.fromCallId} onScheduled={(s) => openPlan(s.id)} onOpenProspect={openProspect} />
          ) : view?.screen === 'plan' ? (
            <PlanScreen
              mode="edit"
              scheduledCallId={view.scheduledCallId}
              onStart={startScheduled}
              onOpenProspect={openProspect}
              below={(s) => <RehearsalPanel scheduled={s} onRehearse={rehearse} onOpenReview={openReview} onOpenDebrief={setSelected} />}
            />
          ) : view?.screen === 'prospect' ? (
            <ProspectScreen prospectId={view.prospectId} onOpenCall={setSelected} onOpenPlan={openPlan} onPickProspect={openProspect} />
          ) : view?.screen === 'team' ? (
            <TeamScreen onOpenReview={openReview} />
          ) : view?.screen === 'setup' && model ? (
            <SetupScreen
              model={model}
              onModelChange={setModel}
              onDone={() => {
                setSetupSkipped(true)
                setView(null)
              }}
            />
          ) : view?.screen === 'settings' ? (
            <SettingsScreen model={model} onModelChange={setModel} />
          ) : view?.screen === 'schedule' ? (
            <ScheduleScreen onOpenPlan={openPlan} onStart={startScheduled} />
          ) : view?.screen === 'review' ? (
            <ReviewScreen
              callId={view.callId}
              profile={profile}
              onOpen={openReview}
              onOpenPlan={openPlan}
              onImported={() => void client.invalidateQueries({ queryKey: keys.calls.all }).then(refreshAwaiting)}
              onReviewed={refreshAwaiting}
            />
          ) : (
            model && model.state !== 'ready' && !setupSkipped ? (
              // First run: no model yet. Walk the rep through it before the first call.
              <SetupScreen model={model} onModelChange={setModel} onDone={() => setSetupSkipped(true)} />
            ) : (
              <EmptyDetail hasCalls={hasCalls} />
            )
          )}
        </section>
      </main>
    </div>
  )
}

function ModelBadge({ model }: { model: ModelStatus | null }) {
  if (!model) return <span className="pill muted">Checking speech model…</span>
  if (model.state === 'ready') {
    const name = model.path?.split(/[\\/]/).pop() ?? 'model'
    return (
      <span className="pill ok" title={model.path ?? ''}>
        Speech model ready · {name}
      </span>
    )
  }
  if (model.state === 'downloading') return <span className="pill warn">Downloading speech model…</span>
  return <span className="pill bad">No speech model</span>
}

function EmptyDetail({ hasCalls }: { hasCalls: boolean }) {
  return (
    <div className="card empty">
      <h2>{hasCalls ? 'Pick a call' : 'No calls yet'}</h2>
      <p>
        {hasCalls
          ? 'Choose a call on the left for its debrief: transcript, audio, flags and figures.'
          : 'Start a call: Call Desk records your side, transcribes it on this computer, and keeps both here.'}
      </p>
    </div>
  )
}
