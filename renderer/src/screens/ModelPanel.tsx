import { useState } from 'react'
import type { ModelStatus } from '../../../contract/ipc-contract'
import { api, errorMessage } from '../api'
import { useEvent } from '../hooks'

type Progress = { fileName: string; receivedBytes: number; totalBytes: number; bytesPerSecond: number }

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`

export function ModelPanel({ model, onChange }: { model: ModelStatus; onChange(status: ModelStatus): void }) {
  const [progress, setProgress] = useState<Progress | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEvent('modelProgress', setProgress)

  const run = (action: () => Promise<ModelStatus>) => {
    setError(null)
    action()
      .then(onChange)
      .catch((e) => setError(errorMessage(e)))
  }
  const recommended = model.catalog.find((m) => m.isDefault) ?? model.catalog[0]
  const downloading = model.state === 'downloading'
  const pct = progress && progress.totalBytes > 0 ? Math.floor((progress.receivedBytes / progress.totalBytes) * 100) : 0

  return (
    <section className="card model-panel" aria-label="Speech model">
      <h2>Set up speech recognition</h2>
      <p>
        Call Desk transcribes on this computer with Whisper — your calls never leave it. It needs a speech model file once.
      </p>
      {model.message && <p className={model.state === 'invalid' ? 'banner error' : 'banner warn'}>{model.message}</p>}
      {downloading ? (
        <div className="download">
          <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
            <div className="progress-fill" style={{ width: `${pct}%` }} />
          </div>
          <p className="muted">
            {progress
              ? `${mb(progress.receivedBytes)} of ${mb(progress.totalBytes)} · ${mb(progress.bytesPerSecond)}/s`
              : 'Starting download…'}
          </p>
          <button className="btn" onClick={() => run(() => api().cancelModelDownload())}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="model-actions">
          {recommended && (
            <button className="btn primary" onClick={() => run(() => api().downloadModel({ fileName: recommended.fileName }))}>
              Download {recommended.label}
            </button>
          )}
          <button className="btn" onClick={() => run(() => api().importModel())}>
            Import a model file…
          </button>
        </div>
      )}
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <details>
        <summary>Other models</summary>
        <ul className="catalog">
          {model.catalog.map((m) => (
            <li key={m.fileName}>
              <span>
                {m.label} {m.installed && <span className="pill ok">installed</span>}
              </span>
              {!m.installed && !downloading && (
                <button className="btn small" onClick={() => run(() => api().downloadModel({ fileName: m.fileName }))}>
                  Download
                </button>
              )}
            </li>
          ))}
        </ul>
      </details>
    </section>
  )
}
