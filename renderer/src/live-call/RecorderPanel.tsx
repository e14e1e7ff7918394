import { useCallback, useEffect, useRef, useState } from 'react'
import type { Flag, OverlayState, Segment } from '../../../contract/ipc-contract'
import { shortcutLabel } from '../../../contract/shortcuts'
import { api, errorMessage } from '../api'
import { listMicrophones, microphoneErrorMessage, openMicrophone, type MicSession } from '../audio/microphone'
import { FlagChip } from '../components/FlagChip'
import { LevelMeter } from '../components/LevelMeter'
import { PracticeInput } from '../components/PracticeInput'
import { ProspectPicker } from '../components/ProspectPicker'
import { SegmentLine } from '../components/SegmentLine'
import { TalkMeter } from '../components/TalkMeter'
import { formatClock, useElapsed, useEvent } from '../hooks'

type Recording = { callId: string; startedAt: number; mic: MicSession | null; scheduled: StartRequest | null; who: string | null }

/** A scheduled call to start now (from its plan or the schedule); a new nonce is a new request. */
export type StartRequest = {
  scheduledCallId: string
  prospectId: string
  label: string
  nonce: number
  /** The real call (default), a rehearsal of it out loud, or a typed script check of it. */
  mode?: 'live' | 'rehearsal' | 'script'
}
type EngineState = { state: string; message: string | null }

const isMac = navigator.platform.toLowerCase().includes('mac')

export function RecorderPanel({
  modelReady,
  onCallStopped,
  startRequest = null,
  onLiveChange,
  onSetUpModel,
}: {
  modelReady: boolean
  onCallStopped(callId: string, scheduled: StartRequest | null): void
  startRequest?: StartRequest | null
  /** A call or script check started (true) or stopped (false): the app gives it the whole window. */
  onLiveChange?(live: boolean): void
  /** Without a model, the primary action is setting one up (a call now would not be transcribed). */
  onSetUpModel?(): void
}) {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([])
  const [deviceId, setDeviceId] = useState<string>('')
  const [prospectId, setProspectId] = useState<string>('')
  const [recording, setRecording] = useState<Recording | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [level, setLevel] = useState(0)
  const [segments, setSegments] = useState<Segment[]>([])
  const [flags, setFlags] = useState<Flag[]>([])
  const [engine, setEngine] = useState<EngineState | null>(null)
  const seq = useRef(0)
  const recordingRef = useRef<Recording | null>(null)
  recordingRef.current = recording
  const elapsed = useElapsed(recording?.startedAt ?? null)
  const [overlay, setOverlay] = useState<OverlayState | null>(null)
  useEvent('overlayState', setOverlay)
  const live = !!recording
  useEffect(() => {
    onLiveChange?.(live)
    if (live) api().getOverlayState().then(setOverlay).catch(() => undefined)
  }, [live]) // eslint-disable-line react-hooks/exhaustive-deps
  const setOverlayState = (patch: Partial<OverlayState>) =>
    api()
      .setOverlayState(patch)
      .then(setOverlay)
      .catch((e) => setError(errorMessage(e)))

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
    setSegments((prev) => [...prev.filter((s) => s.id !== segment.id), segment].sort((a, b) => a.seq - b.seq))
  })
  useEvent('flag', (flag) => {
    if (flag.callId === recordingRef.current?.callId) setFlags((prev) => [...prev.filter((f) => f.id !== flag.id), flag])
  })
  useEvent('engineState', (s) => setEngine(s))

  const stop = useCallback(
    async (reason?: string) => {
      const rec = recordingRef.current
      if (!rec) return
      setBusy(true)
      recordingRef.current = null
      setRecording(null)
      setLevel(0)
      try {
        await rec.mic?.stop()
        await api().stopCall({ callId: rec.callId })
        if (reason) setNotice(reason)
        onCallStopped(rec.callId, rec.scheduled)
      } catch (e) {
        setError(errorMessage(e))
      } finally {
        setBusy(false)
      }
    },
    [onCallStopped],
  )

  const send = (callId: string, pcm: Uint8Array) => {
    const n = seq.current++
    api()
      .pushAudio({ callId, seq: n, pcm })
      .catch((e) => setError(`Audio could not be saved: ${errorMessage(e)}`))
  }

  /** A live call records the mic; a script check is typed lines only, stored as a rehearsal. */
  const start = async (withMic: boolean, scheduled: StartRequest | null = null) => {
    setBusy(true)
    setError(null)
    setNotice(null)
    setSegments([])
    setFlags([])
    let mic: MicSession | null = null
    let callId: string | undefined
    const pending: Uint8Array[] = []
    try {
      seq.current = 0
      if (withMic) {
        // Frames captured before the call id is known are held, not dropped.
        mic = await openMicrophone({
          deviceId: deviceId || undefined,
          onFrame: (frame) => {
            setLevel(frame.rms)
            if (callId) send(callId, frame.pcm)
            else pending.push(frame.pcm)
          },
          onEnded: (reason) => void stop(reason),
        })
      }
      const started = await api().startCall({
        kind: withMic && (scheduled?.mode ?? 'live') === 'live' ? 'live' : 'rehearsal',
        ...(mic ? { deviceLabel: mic.deviceLabel } : {}),
        ...(scheduled ? { scheduledCallId: scheduled.scheduledCallId, prospectId: scheduled.prospectId } : prospectId ? { prospectId } : {}),
      })
      callId = started.callId
      for (const pcm of pending.splice(0)) send(callId, pcm)
      // Who the call is with, as stored (the heading of the call screen).
      const who = scheduled?.label ?? (prospectId ? await api().getCall({ callId }).then((d) => d.call.prospectName, () => null) : null)
      const rec = { callId, startedAt: started.startedAt, mic, scheduled, who }
      recordingRef.current = rec
      setRecording(rec)
      if (withMic) void refreshDevices() // labels appear once permission is granted
      if (deviceId) void api().updateSettings({ microphoneId: deviceId }).catch(() => undefined)
    } catch (e) {
      await mic?.stop().catch(() => undefined)
      setError(e instanceof DOMException ? microphoneErrorMessage(e) : errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    if (!startRequest) return
    if (recordingRef.current || busy) {
      setError('Stop the current call before starting the scheduled one.')
      return
    }
    setProspectId(startRequest.prospectId)
    void start(startRequest.mode !== 'script', startRequest)
  }, [startRequest?.nonce]) // eslint-disable-line react-hooks/exhaustive-deps

  // The same shortcut main registers globally, for when the window has focus.
  const toggle = useCallback(() => {
    if (busy) return
    if (recordingRef.current) void stop()
    else void start(true)
  }, [busy, stop]) // eslint-disable-line react-hooks/exhaustive-deps
  useEvent('shortcut', (s) => s.action === 'toggle-call' && toggle())
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === 'k' && e.shiftKey && (isMac ? e.metaKey : e.ctrlKey)) {
        e.preventDefault()
        toggle()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [toggle])

  const talkMs = segments.filter((s) => s.source === 'speech').reduce((sum, s) => sum + (s.endMs - s.startMs), 0)
  const modelLoading = engine?.state === 'loading'
  const shortcut = shortcutLabel(isMac ? 'darwin' : '')
  const what = recording ? (recording.mic ? (recording.scheduled?.mode === 'rehearsal' ? 'rehearsal' : 'call') : 'script check') : ''

  return (
    <div className={`card recorder ${recording ? 'in-call' : ''}`} data-testid="recorder">
      {!recording && (
        <div className="recorder-row setup">
          <ProspectPicker value={prospectId} onChange={setProspectId} disabled={busy} />
          <label className="field">
            <span>Microphone</span>
            <select value={deviceId} disabled={busy} onChange={(e) => setDeviceId(e.target.value)} aria-label="Microphone">
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
        </div>
      )}
      <div className="recorder-row actions">
        {recording ? (
          <button className="btn danger big" onClick={() => void stop()} disabled={busy} title={shortcut}>
            ■ Stop {what}
          </button>
        ) : (
          <>
            {!modelReady && onSetUpModel && (
              <button className="btn primary big" onClick={onSetUpModel}>
                Set up speech recognition
              </button>
            )}
            <button className={`btn big ${modelReady ? 'primary' : ''}`} onClick={() => void start(true)} disabled={busy} title={shortcut}>
              ● Start call
            </button>
            <button className="btn" onClick={() => void start(false)} disabled={busy} title="Type your opener and lines; the coach checks them before you dial">
              Script check
            </button>
          </>
        )}
        {recording && (
          <span className="call-with">
            {recording.who ? `With ${recording.who}` : recording.mic ? 'Call in progress' : 'Script check'}
          </span>
        )}
        <span className="muted shortcut">{shortcut} starts and stops a call from anywhere</span>
      </div>
      <div className="recorder-status">
        <span className={`rec-dot ${recording ? 'on' : ''}`} aria-hidden />
        <span className="elapsed" aria-label="Elapsed time">
          {formatClock(elapsed)}
        </span>
        <LevelMeter level={level} active={!!recording?.mic} />
      </div>
      {recording && overlay && (
        // The way out of click-through lives here too: the overlay itself ignores clicks while it is on.
        <div className="overlay-controls" role="group" aria-label="Prompt overlay">
          <span className="muted">Prompt overlay</span>
          <button className="btn small" aria-pressed={overlay.visible} onClick={() => void setOverlayState({ visible: !overlay.visible })}>
            {overlay.visible ? 'Hide' : 'Show'}
          </button>
          <button className={`btn small ${overlay.clickThrough ? 'on' : ''}`} aria-pressed={overlay.clickThrough} onClick={() => void setOverlayState({ clickThrough: !overlay.clickThrough })}>
            Click-through {overlay.clickThrough ? 'on' : 'off'}
          </button>
        </div>
      )}
      {recording?.scheduled && (
        <p className="scheduled-banner" data-testid="scheduled-banner">
          {recording.scheduled.mode === 'rehearsal' || recording.scheduled.mode === 'script'
            ? `Rehearsing the call with ${recording.scheduled.label}: it is kept as an attempt your coach can review.`
            : `Scheduled call with ${recording.scheduled.label}: its plan is in the prompt overlay.`}
        </p>
      )}
      {recording?.mic && <TalkMeter talkMs={talkMs} elapsedMs={elapsed} />}
      {recording?.mic && modelLoading && <p className="hint">Loading the speech model… your audio is being saved meanwhile.</p>}
      {!modelReady && recording?.mic && (
        <p className="hint">Your audio is being saved. No speech model is set up yet, so it will be transcribed once you add one (Settings).</p>
      )}
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {notice && <div className="banner warn">{notice}</div>}
      {recording && (
        <>
          <div className="live-transcript" aria-live="polite" data-testid="live-transcript">
            {segments.length === 0 ? (
              <p className="muted">
                {recording.mic ? 'Listening… your words appear here after each pause.' : 'Type your lines below; the coach reacts to each.'}
              </p>
            ) : (
              segments.map((s) => (
                <div key={s.id}>
                  <SegmentLine segment={s} />
                  {flags
                    .filter((f) => f.segmentId === s.id)
                    .map((f) => (
                      <FlagChip key={f.id} flag={f} />
                    ))}
                </div>
              ))
            )}
          </div>
          <PracticeInput callId={recording.callId} />
        </>
      )}
    </div>
  )
}
