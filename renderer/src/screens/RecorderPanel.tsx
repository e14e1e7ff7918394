import { useCallback, useEffect, useRef, useState } from 'react'
import type { Segment } from '../../../contract/ipc-contract'
import { api, errorMessage } from '../api'
import { listMicrophones, microphoneErrorMessage, openMicrophone, type MicSession } from '../audio/microphone'
import { formatClock, useElapsed, useEvent } from '../hooks'
import { LevelMeter } from '../components/LevelMeter'
import { SegmentLine } from '../components/SegmentLine'

type Recording = { callId: string; startedAt: number; mic: MicSession }

export function RecorderPanel({ modelReady, onCallStopped }: { modelReady: boolean; onCallStopped(callId: string): void }) {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([])
  const [deviceId, setDeviceId] = useState<string>('')
  const [recording, setRecording] = useState<Recording | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [level, setLevel] = useState(0)
  const [segments, setSegments] = useState<Segment[]>([])
  const seq = useRef(0)
  const recordingRef = useRef<Recording | null>(null)
  recordingRef.current = recording
  const elapsed = useElapsed(recording?.startedAt ?? null)

  const refreshDevices = useCallback(async () => {
    try {
      setDevices(await listMicrophones())
    } catch {
      setDevices([])
    }
  }, [])

  useEffect(() => {
    void refreshDevices()
    api()
      .getSettings()
      .then((s) => s.microphoneId && setDeviceId(s.microphoneId))
      .catch(() => undefined)
    navigator.mediaDevices?.addEventListener('devicechange', refreshDevices)
    return () => navigator.mediaDevices?.removeEventListener('devicechange', refreshDevices)
  }, [refreshDevices])

  useEvent('segment', (segment) => {
    if (segment.callId !== recordingRef.current?.callId) return
    setSegments((prev) => {
      const rest = prev.filter((s) => s.id !== segment.id)
      return [...rest, segment].sort((a, b) => a.seq - b.seq)
    })
  })

  const stop = useCallback(
    async (reason?: string) => {
      const rec = recordingRef.current
      if (!rec) return
      setBusy(true)
      recordingRef.current = null
      setRecording(null)
      setLevel(0)
      try {
        await rec.mic.stop()
        await api().stopCall({ callId: rec.callId })
        if (reason) setNotice(reason)
        onCallStopped(rec.callId)
      } catch (e) {
        setError(errorMessage(e))
      } finally {
        setBusy(false)
      }
    },
    [onCallStopped],
  )

  const start = async () => {
    setBusy(true)
    setError(null)
    setNotice(null)
    setSegments([])
    let mic: MicSession | undefined
    let callId: string | undefined
    const pending: Uint8Array[] = []
    try {
      seq.current = 0
      // Frames captured before the call id is known are held, not dropped.
      mic = await openMicrophone({
        deviceId: deviceId || undefined,
        onFrame: (frame) => {
          setLevel(frame.rms)
          if (!callId) {
            pending.push(frame.pcm)
            return
          }
          send(callId, frame.pcm)
        },
        onEnded: (reason) => void stop(reason),
      })
      const started = await api().startCall({ kind: 'live', deviceLabel: mic.deviceLabel })
      callId = started.callId
      for (const pcm of pending.splice(0)) send(callId, pcm)
      const rec = { callId, startedAt: started.startedAt, mic }
      recordingRef.current = rec
      setRecording(rec)
      void refreshDevices() // labels appear once permission is granted
      if (deviceId) void api().updateSettings({ microphoneId: deviceId }).catch(() => undefined)
    } catch (e) {
      await mic?.stop().catch(() => undefined)
      setError(e instanceof DOMException ? microphoneErrorMessage(e) : errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const send = (callId: string, pcm: Uint8Array) => {
    const n = seq.current++
    api()
      .pushAudio({ callId, seq: n, pcm })
      .catch((e) => setError(`Audio could not be saved: ${errorMessage(e)}`))
  }

  return (
    <div className="card recorder">
      <div className="recorder-row">
        <label className="field">
          <span>Microphone</span>
          <select
            value={deviceId}
            disabled={!!recording || busy}
            onChange={(e) => setDeviceId(e.target.value)}
            aria-label="Microphone"
          >
            <option value="">System default</option>
            {devices
              .filter((d) => d.deviceId && d.deviceId !== 'default')
              .map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || `Microphone ${i + 1}`}
                </option>
              ))}
          </select>
        </label>
        {recording ? (
          <button className="btn danger big" onClick={() => void stop()} disabled={busy}>
            ■ Stop call
          </button>
        ) : (
          <button className="btn primary big" onClick={() => void start()} disabled={busy}>
            ● Start call
          </button>
        )}
      </div>
      <div className="recorder-status">
        <span className={`rec-dot ${recording ? 'on' : ''}`} aria-hidden />
        <span className="elapsed" aria-label="Elapsed time">
          {formatClock(elapsed)}
        </span>
        <LevelMeter level={level} active={!!recording} />
      </div>
      {!modelReady && recording && (
        <p className="hint">Recording is saved, but no speech model is ready yet: transcripts will show as failed.</p>
      )}
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {notice && <div className="banner warn">{notice}</div>}
      {recording && (
        <div className="live-transcript" aria-live="polite">
          {segments.length === 0 ? (
            <p className="muted">Listening… your words appear here after each pause.</p>
          ) : (
            segments.map((s) => <SegmentLine key={s.id} segment={s} />)
          )}
        </div>
      )}
    </div>
  )
}
