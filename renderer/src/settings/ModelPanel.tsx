/**
 * Getting the speech model: download the recommended one (or another), use a
 * file already on this computer, or import an official one. Used by the first
 * run's setup and by Settings; a model takes effect at once (main swaps the
 * engine), no reload.
 */
import { useState } from 'react'
import type { ModelStatus } from '../../../contract/ipc-contract'
import { api, inRepWords } from '../api'
import { ErrorBanner } from '../components/ErrorBanner'
import { useEvent } from '../hooks'

type Progress = { fileName: string; receivedBytes: number; totalBytes: number; bytesPerSecond: number }

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`

export function ModelPanel({
  model,
  onChange,
  title = 'Set up speech recognition',
  className = 'card model-panel',
}: {
  model: ModelStatus
  onChange(status: ModelStatus): void
  title?: string
  className?: string
}) {
  const [progress, setProgress] = useState<Progress | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEvent('modelProgress', setProgress)

  const run = (action: () => Promise<ModelStatus>) => {
    setError(null)
    action()
      .then(onChange)
      .catch(setError)
  }
  // A file used where it is (any valid whisper.cpp model): main's own file picker, then settings.
  const chooseFile = () =>
    run(async () => {
      const chosen = await api().chooseModelPath()
      if (chosen) await api().updateSettings({ modelPath: chosen.path })
      return api().getModelStatus()
    })
  const recommended = model.catalog.find((m) => m.isDefault) ?? model.catalog[0]
  const downloading = model.state === 'downloading'
  const ready = model.state === 'ready'
  const pct = progress && progress.totalBytes > 0 ? Math.floor((progress.receivedBytes / progress.totalBytes) * 100) : 0
  const installedName = model.catalog.find((m) => model.path?.endsWith(m.fileName))?.label

  return (
    <section className={className} aria-label="Speech model">
      <h2>{title}</h2>
      {ready ? (
        <p className="banner ok" data-testid="model-ready">
          Ready: {installedName ?? 'your model file'}
          {model.source === 'settings' ? ' (a file you chose)' : ''}. Calls are transcribed on this computer.
        </p>
      ) : (
        <p>Call Desk transcribes on this computer with Whisper — your calls never leave it. It needs a speech model file once.</p>
      )}
      {!ready && model.message && <p className={model.state === 'invalid' ? 'banner error' : 'banner warn'}>{inRepWords(model.message)}</p>}
      {downloading ? (
        <div className="download">
          <div className="progress" role="progressbar" aria-label="Download" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
            <div className="progress-fill" style={{ width: `${pct}%` }} />
          </div>
          <p className="muted">
            {progress ? `${mb(progress.receivedBytes)} of ${mb(progress.totalBytes)} · ${mb(progress.bytesPerSecond)}/s` : 'Starting download…'}
          </p>
          <button className="btn" onClick={() => run(() => api().cancelModelDownload())}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="model-actions">
          {recommended && !recommended.installed && (
            <button className={`btn ${ready ? '' : 'primary'}`} onClick={() => run(() => api().downloadModel({ fileName: recommended.fileName }))}>
              Download {recommended.label}
            </button>
          )}
          <button className="btn" onClick={chooseFile}>
            Use a model file…
          </button>
          <button className="btn" onClick={() => run(() => api().importModel())}>
            Import a model file…
          </button>
        </div>
      )}
      <ErrorBanner error={error} />
      <details>
        <summary>Other models</summary>
        <ul className="catalog">
          {model.catalog.map((m) => (
            <li key={m.fileName}>
              <span>
                {m.label} {m.installed && <span className="pill ok">installed</span>}
              </span>
              {!m.installed && !downloading && (
                <button className="btn small" onClick={() => run(() => api().downloadModel({ fileName: m.fileName }))} aria-label={`Download ${m.label}`}>
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
