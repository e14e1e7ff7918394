/**
 * The first run: before the first call, a speech model (without one a call is
 * recorded but not transcribed) and a microphone that Call Desk hears.
 */
import { useState } from 'react'
import type { ModelStatus } from '../../../contract/ipc-contract'
import { MicCheck } from '../live-call/MicCheck'
import { ModelPanel } from './ModelPanel'
import './settings.css'

export function SetupScreen({ model, onModelChange, onDone }: { model: ModelStatus; onModelChange(m: ModelStatus): void; onDone(): void }) {
  const [heard, setHeard] = useState(false)
  const modelDone = model.state === 'ready'
  return (
    <div className="card setup" data-testid="setup">
      <h2>Welcome to Call Desk</h2>
      <p className="muted">Two things before your first call. Everything stays on this computer.</p>
      <ol className="setup-steps">
        <li className={`setup-step ${modelDone ? 'done' : ''}`} data-testid="setup-model">
          <h3>1 · Speech recognition {modelDone ? '✓' : ''}</h3>
          <ModelPanel model={model} onChange={onModelChange} title="Speech model" className="model-panel" />
        </li>
        <li className={`setup-step ${heard ? 'done' : ''}`} data-testid="setup-mic">
          <h3>2 · Your microphone {heard ? '✓' : ''}</h3>
          <p className="muted small">A headset is best: Call Desk records your side only.</p>
          <MicCheck onHeard={() => setHeard(true)} />
        </li>
      </ol>
      <div className="form-actions setup-done">
        <button className={`btn ${modelDone ? 'primary' : ''}`} onClick={onDone}>
          {modelDone ? 'Done: go to my first call' : 'Skip for now'}
        </button>
        {!modelDone && <span className="muted small">Calls you record meanwhile are transcribed once a model is set up.</span>}
      </div>
    </div>
  )
}
