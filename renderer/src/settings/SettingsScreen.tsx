/**
 * Settings: the microphone with a live level test, the speech model (choose a
 * file, download others; it applies at once), the overlay (size, position,
 * click-through), the start/stop shortcut (pick another; said when it could
 * not be set up), and where the data lives.
 */
import { useEffect, useState } from 'react'
import type { ModelStatus, OverlayState, ShortcutStatus } from '../../../contract/ipc-contract'
import { CLICK_THROUGH_SHORTCUT_LABEL, DISMISS_PROMPT_SHORTCUT_LABEL } from '../../../contract/shortcuts'
import { api } from '../api'
import { ErrorBanner } from '../components/ErrorBanner'
import { RadioGroup } from '../components/RadioGroup'
import { useEvent } from '../hooks'
import { MicCheck } from '../live-call/MicCheck'
import { ModelPanel } from './ModelPanel'
import './settings.css'

export function SettingsScreen({ model, onModelChange }: { model: ModelStatus | null; onModelChange(m: ModelStatus): void }) {
  const [dataDir, setDataDir] = useState<string | null>(null)
  useEffect(() => {
    api()
      .getAppInfo()
      .then((i) => setDataDir(i.dataDir))
      .catch(() => setDataDir(null))
  }, [])
  return (
    <div className="card settings" data-testid="settings">
      <h2>Settings</h2>
      <MicCheck />
      {model && <ModelPanel model={model} onChange={onModelChange} title="Speech model" className="settings-section" />}
      <OverlaySettings />
      <ShortcutSettings />
      <section className="settings-section" aria-label="Data folder">
        <h3>Data folder</h3>
        <p>Calls, transcripts, notes and recordings are kept here, on this computer only:</p>
        <p className="path" data-testid="data-dir">
          {dataDir ?? '…'}
        </p>
      </section>
    </div>
  )
}

const SIZES = [
  { value: 'small', label: 'Small' },
  { value: 'default', label: 'Default (380×230)' },
  { value: 'large', label: 'Large' },
] as const
type Size = (typeof SIZES)[number]['value']

function OverlaySettings() {
  const [state, setState] = useState<OverlayState | null>(null)
  const [size, setSize] = useState<Size | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    api().getOverlayState().then(setState).catch(() => undefined)
  }, [])
  useEvent('overlayState', setState)
  const act = (p: Promise<OverlayState>) =>
    p.then(setState).catch(setError)
  return (
    <section className="settings-section" aria-label="Prompt overlay">
      <h3>Prompt overlay</h3>
      <p className="muted small">It shows during a call, on top of your dialer. Drag it by its top bar; resize it at its edges.</p>
      <div className="settings-row">
        <span className="label">Size</span>
        <RadioGroup<Size>
          label="Overlay size"
          value={size}
          options={SIZES}
          onChange={(s) => {
            setSize(s)
            act(api().setOverlayLayout({ size: s }))
          }}
        />
        <button className="btn small" onClick={() => act(api().setOverlayLayout({ resetPosition: true }))}>
          Move back to the top right
        </button>
      </div>
      {state && (
        <div className="settings-row">
          <label className="check">
            <input type="checkbox" checked={state.clickThrough} onChange={(e) => act(api().setOverlayState({ clickThrough: e.target.checked }))} />
            <span>Click-through: clicks pass to the window below (until the call ends)</span>
          </label>
          <label className="check">
            <input type="checkbox" checked={state.collapsed} onChange={(e) => act(api().setOverlayState({ collapsed: e.target.checked }))} />
            <span>Prompt only (no history or plan)</span>
          </label>
        </div>
      )}
      <p className="muted small">
        From any app: {CLICK_THROUGH_SHORTCUT_LABEL} turns click-through on or off; {DISMISS_PROMPT_SHORTCUT_LABEL} marks the prompt “Not relevant”.
      </p>
      <ErrorBanner error={error} />
    </section>
  )
}

const isMac = navigator.platform.toLowerCase().includes('mac')

/** A key combination as Electron names it, from a key press; null until it has a modifier and a key. */
export function acceleratorFrom(e: { key: string; code: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }): string | null {
  const mods = [
    ...((isMac ? e.metaKey : e.ctrlKey) ? ['CommandOrControl'] : []),
    ...(isMac && e.ctrlKey ? ['Control'] : []),
    ...(e.altKey ? ['Alt'] : []),
    ...(e.shiftKey ? ['Shift'] : []),
  ]
  const key = /^Key[A-Z]$/.test(e.code) ? e.code.slice(3) : /^Digit\d$/.test(e.code) ? e.code.slice(5) : /^F\d{1,2}$/.test(e.key) ? e.key : null
  if (!key || mods.length === 0 || (mods.length === 1 && mods[0] === 'Shift')) return null
  return [...mods, key].join('+')
}

const readable = (acc: string) => acc.replace('CommandOrControl', isMac ? '⌘' : 'Ctrl').replace(/\+/g, '+')

function ShortcutSettings() {
  const [status, setStatus] = useState<ShortcutStatus | null>(null)
  const [picking, setPicking] = useState(false)
  const [picked, setPicked] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    api().getShortcutStatus().then(setStatus).catch(() => undefined)
  }, [])
  useEvent('shortcutStatus', setStatus)
  const save = async () => {
    if (!picked) return
    setError(null)
    try {
      await api().updateSettings({ toggleCallShortcut: picked })
      setStatus(await api().getShortcutStatus())
      setPicking(false)
      setPicked(null)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <section className="settings-section" aria-label="Shortcut">
      <h3>Start/stop shortcut</h3>
      {status && (
        <p>
          <kbd data-testid="shortcut-now">{readable(status.accelerator)}</kbd> starts and stops a call from any app.
        </p>
      )}
      {status && !status.registered && status.message && (
        <div className="banner warn" role="alert" data-testid="shortcut-failed">
          {status.message}
        </div>
      )}
      {picking ? (
        <div className="settings-row">
          <input
            aria-label="New shortcut"
            readOnly
            autoFocus
            value={picked ? readable(picked) : ''}
            placeholder="Press the keys, e.g. Ctrl+Shift+K"
            onKeyDown={(e) => {
              if (e.key === 'Escape') return setPicking(false)
              if (e.key === 'Tab') return
              e.preventDefault()
              const acc = acceleratorFrom(e)
              if (acc) setPicked(acc)
            }}
          />
          <button className="btn small primary" disabled={!picked} onClick={() => void save()}>
            Use this shortcut
          </button>
          <button className="btn small" onClick={() => setPicking(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button className="btn small" onClick={() => setPicking(true)}>
          Pick another shortcut
        </button>
      )}
      <ErrorBanner error={error} />
    </section>
  )
}
