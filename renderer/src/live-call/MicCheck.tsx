/**
 * The microphone, once for every screen: the inputs this computer has (kept
 * current as devices come and go), the one saved in settings, the picker, and
 * a level test that says when Call Desk hears the rep. The call screen uses the
 * picker; Settings and the first run's setup use the whole test.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../api'
import { listMicrophones, microphoneErrorMessage, openMicrophone, type MicSession } from '../audio/microphone'
import { ErrorBanner } from '../components/ErrorBanner'
import { LevelMeter } from '../components/LevelMeter'

export interface Microphones {
  devices: MediaDeviceInfo[]
  /** '' is the system default. */
  deviceId: string
  setDeviceId(id: string): void
  /** Re-reads the inputs (their labels appear once permission is granted). */
  refresh(): void
}

export function useMicrophones(): Microphones {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([])
  const [deviceId, setDeviceId] = useState('')
  const refresh = useCallback(() => {
    listMicrophones().then(setDevices, () => setDevices([]))
  }, [])
  useEffect(() => {
    refresh()
    api()
      .getSettings()
      .then((s) => s.microphoneId && setDeviceId(s.microphoneId))
      .catch(() => undefined)
    navigator.mediaDevices?.addEventListener('devicechange', refresh)
    return () => navigator.mediaDevices?.removeEventListener('devicechange', refresh)
  }, [refresh])
  return { devices, deviceId, setDeviceId, refresh }
}

export function MicPicker({ label, mics, disabled, onPick }: { label: string; mics: Microphones; disabled?: boolean; onPick(id: string): void }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select aria-label={label} value={mics.deviceId} disabled={disabled} onChange={(e) => onPick(e.target.value)}>
        <option value="">System default</option>
        {mics.devices
          .filter((d) => d.deviceId && d.deviceId !== 'default')
          .map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || `Microphone ${i + 1}`}
            </option>
          ))}
      </select>
    </label>
  )
}

/** Pick the microphone and see that Call Desk hears it, without starting a call. */
export function MicCheck({ onHeard }: { onHeard?(): void }) {
  const mics = useMicrophones()
  const [session, setSession] = useState<MicSession | null>(null)
  const [level, setLevel] = useState(0)
  const [heard, setHeard] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const sessionRef = useRef<MicSession | null>(null)
  // Called from the mic's frames, which outlive the render that opened it.
  const onHeardRef = useRef(onHeard)
  onHeardRef.current = onHeard
  useEffect(() => () => void sessionRef.current?.stop(), [])
  const stop = useCallback(async () => {
    await sessionRef.current?.stop()
    sessionRef.current = null
    setSession(null)
    setLevel(0)
  }, [])
  const start = async () => {
    setError(null)
    setHeard(false)
    try {
      const s = await openMicrophone({
        deviceId: mics.deviceId || undefined,
        onFrame: (f) => {
          setLevel(f.rms)
          // Speech sits well above a quiet room's hum (about -40 dBFS).
          if (f.rms > 0.01) {
            setHeard((was) => {
              if (!was) onHeardRef.current?.()
              return true
            })
          }
        },
        onEnded: (reason) => {
          setError(reason)
          void stop()
        },
      })
      sessionRef.current = s
      setSession(s)
      mics.refresh() // labels appear once permission is granted
    } catch (e) {
      setError(e instanceof DOMException ? microphoneErrorMessage(e) : e)
    }
  }
  const pick = (id: string) => {
    mics.setDeviceId(id)
    void api().updateSettings({ microphoneId: id }).catch(() => undefined)
    if (sessionRef.current) void stop()
  }
  return (
    <section className="settings-section" aria-label="Microphone">
      <h3>Microphone</h3>
      <div className="settings-row">
        <MicPicker label="Microphone for calls" mics={mics} onPick={pick} />
        {session ? (
          <button className="btn" onClick={() => void stop()}>
            Stop test
          </button>
        ) : (
          <button className="btn" onClick={() => void start()}>
            Test microphone
          </button>
        )}
      </div>
      <div className="mic-test">
        <LevelMeter level={level} active={!!session} />
        <span className="muted small" aria-live="polite" data-testid="mic-heard">
          {!session ? 'Press Test and say a few words.' : heard ? 'Call Desk hears you.' : 'Listening… say a few words.'}
        </span>
      </div>
      <ErrorBanner error={error} />
    </section>
  )
}
