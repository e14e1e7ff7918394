import { useCallback, useEffect, useState } from 'react'
import type { CallSummary, ModelStatus } from '../../contract/ipc-contract'
import { api, errorMessage } from './api'
import { useEvent } from './hooks'
import { CallDetailPanel } from './screens/CallDetailPanel'
import { CallList } from './screens/CallList'
import { ModelPanel } from './screens/ModelPanel'
import { RecorderPanel } from './screens/RecorderPanel'

export function App() {
  const [calls, setCalls] = useState<CallSummary[]>([])
  const [selected, setSelected] = useState<string | null>(null)
  const [model, setModel] = useState<ModelStatus | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)

  const refreshCalls = useCallback(() => {
    api()
      .listCalls({ limit: 200 })
      .then(setCalls)
      .catch((e) => setLoadError(errorMessage(e)))
  }, [])

  useEffect(() => {
    refreshCalls()
    api().getModelStatus().then(setModel).catch((e) => setLoadError(errorMessage(e)))
  }, [refreshCalls])

  useEvent('callState', (call) => {
    setCalls((prev) => {
      const rest = prev.filter((c) => c.id !== call.id)
      return [call, ...rest].sort((a, b) => b.startedAt - a.startedAt)
    })
  })
  useEvent('segment', (segment) => {
    setCalls((prev) =>
      prev.map((c) => (c.id === segment.callId && segment.seq + 1 > c.segmentCount ? { ...c, segmentCount: segment.seq + 1 } : c)),
    )
  })
  useEvent('modelStatus', setModel)

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            ◎
          </span>
          Call Desk
        </div>
        <ModelBadge model={model} />
      </header>
      {loadError && <div className="banner error" role="alert">{loadError}</div>}
      {model && model.state !== 'ready' && <ModelPanel model={model} onChange={setModel} />}
      <main className="layout">
        <section className="column left">
          <RecorderPanel modelReady={model?.state === 'ready'} onCallStopped={(id) => setSelected(id)} />
          <CallList calls={calls} selected={selected} onSelect={setSelected} />
        </section>
        <section className="column right">
          {selected ? <CallDetailPanel callId={selected} /> : <EmptyDetail hasCalls={calls.length > 0} />}
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
          ? 'Choose a call on the left to read its transcript and play its audio.'
          : 'Start a call: Call Desk records your side, transcribes it on this computer, and keeps both here.'}
      </p>
    </div>
  )
}
