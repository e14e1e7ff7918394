/**
 * The live call's state machine, for the recorder panel to render:
 * idle → starting → recording → stopping → idle. It owns the microphone
 * session, sends its audio, collects the call's segments and flags from main's
 * events, and answers the start/stop shortcut (in the window and from main).
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Flag, OverlayState, Segment } from '../../../contract/ipc-contract'
import { api, errorMessage } from '../api'
import { microphoneErrorMessage, openMicrophone, type MicSession } from '../audio/microphone'
import { useElapsed, useEvent } from '../hooks'
import { useMicrophones } from './MicCheck'

/** A scheduled call to start now (from its plan or the schedule); a new nonce is a new request. */
export type StartRequest = {
  scheduledCallId: string
  prospectId: string
  label: string
  nonce: number
  /** The real call (default), a rehearsal of it out loud, or a typed script check of it. */
  mode?: 'live' | 'rehearsal' | 'script'
}

export type LiveCall = {
  callId: string
  startedAt: number
  /** Null for a script check (typed lines, no microphone). */
  mic: MicSession | null
  scheduled: StartRequest | null
  /** Who the call is with, as stored (the heading of the call screen). */
  who: string | null
}

export type LivePhase = 'idle' | 'starting' | 'recording' | 'stopping'

export const isMac = navigator.platform.toLowerCase().includes('mac')

export interface LiveCallOptions {
  onCallStopped(callId: string, scheduled: StartRequest | null): void
  startRequest?: StartRequest | null
  /** A call or script check started (true) or stopped (false). */
  onLiveChange?(live: boolean): void
}

export function useLiveCall({ onCallStopped, startRequest = null, onLiveChange }: LiveCallOptions) {
  const mics = useMicrophones()
  const [prospectId, setProspectId] = useState('')
  const [phase, setPhase] = useState<LivePhase>('idle')
  const [call, setCall] = useState<LiveCall | null>(null)
  // What failed last: a rejected call to main (ErrorBanner reads its code) or a sentence already in the rep's words.
  const [error, setError] = useState<unknown>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [level, setLevel] = useState(0)
  const [segments, setSegments] = useState<Segment[]>([])
  const [flags, setFlags] = useState<Flag[]>([])
  const [engineLoading, setEngineLoading] = useState(false)
  const [overlay, setOverlay] = useState<OverlayState | null>(null)
  const seq = useRef(0)
  // Read synchronously by events, the shortcut and the mic's callbacks, which fire between renders.
  const callRef = useRef<LiveCall | null>(null)
  const phaseRef = useRef<LivePhase>('idle')
  const moveTo = useCallback((next: LivePhase) => {
    phaseRef.current = next
    setPhase(next)
  }, [])
  const elapsed = useElapsed(call?.startedAt ?? null)

  useEvent('overlayState', setOverlay)
  useEvent('segment', (segment) => {
    if (segment.callId !== callRef.current?.callId) return
    setSegments((prev) => [...prev.filter((s) => s.id !== segment.id), segment].sort((a, b) => a.seq - b.seq))
  })
  useEvent('flag', (flag) => {
    if (flag.callId === callRef.current?.callId) setFlags((prev) => [...prev.filter((f) => f.id !== flag.id), flag])
  })
  useEvent('engineState', (s) => setEngineLoading(s.state === 'loading'))

  // The parent's callbacks change every render; the latest is called, without re-running effects.
  const parent = useRef({ onCallStopped, onLiveChange })
  parent.current = { onCallStopped, onLiveChange }

  const live = call !== null
  useEffect(() => {
    parent.current.onLiveChange?.(live)
    if (live) api().getOverlayState().then(setOverlay).catch(() => undefined)
  }, [live])

  const setOverlayState = useCallback(
    (patch: Partial<OverlayState>) =>
      api()
        .setOverlayState(patch)
        .then(setOverlay)
        .catch(setError),
    [],
  )

  const stop = useCallback(async (reason?: string) => {
    const rec = callRef.current
    if (!rec) return
    moveTo('stopping')
    callRef.current = null
    setCall(null)
    setLevel(0)
    try {
      await rec.mic?.stop()
      await api().stopCall({ callId: rec.callId })
      if (reason) setNotice(reason)
      parent.current.onCallStopped(rec.callId, rec.scheduled)
    } catch (e) {
      setError(e)
    } finally {
      moveTo('idle')
    }
  }, [moveTo])

  const send = useCallback((callId: string, pcm: Uint8Array) => {
    const n = seq.current++
    api()
      .pushAudio({ callId, seq: n, pcm })
      .catch((e) => setError(`Audio could not be saved: ${errorMessage(e)}`))
  }, [])

  const { deviceId, refresh: refreshDevices } = mics
  /** A live call records the mic; a script check is typed lines only, stored as a rehearsal. */
  const start = useCallback(
    async (withMic: boolean, scheduled: StartRequest | null = null) => {
      moveTo('starting')
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
        const who = scheduled?.label ?? (prospectId ? await api().getCall({ callId }).then((d) => d.call.prospectName, () => null) : null)
        const rec = { callId, startedAt: started.startedAt, mic, scheduled, who }
        callRef.current = rec
        setCall(rec)
        moveTo('recording')
        if (withMic) refreshDevices() // labels appear once permission is granted
        if (deviceId) void api().updateSettings({ microphoneId: deviceId }).catch(() => undefined)
      } catch (e) {
        await mic?.stop().catch(() => undefined)
        setError(e instanceof DOMException ? microphoneErrorMessage(e) : e)
        moveTo('idle')
      }
    },
    [deviceId, moveTo, prospectId, refreshDevices, send, stop],
  )

  // A new request (new nonce) starts the scheduled call once; the latest start is used.
  const startRef = useRef(start)
  startRef.current = start
  const nonce = startRequest?.nonce
  const request = useRef(startRequest)
  request.current = startRequest
  useEffect(() => {
    const req = request.current
    if (nonce === undefined || !req) return
    if (phaseRef.current !== 'idle') {
      setError('Stop the current call before starting the scheduled one.')
      return
    }
    setProspectId(req.prospectId)
    void startRef.current(req.mode !== 'script', req)
  }, [nonce])

  // The same shortcut main registers globally, for when the window has focus.
  const toggle = useCallback(() => {
    if (phaseRef.current === 'recording') void stop()
    else if (phaseRef.current === 'idle') void start(true)
  }, [start, stop])
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
  return {
    phase,
    /** The call being recorded; null while idle, starting or stopping. */
    call,
    busy: phase === 'starting' || phase === 'stopping',
    error,
    notice,
    level,
    elapsed,
    segments,
    flags,
    talkMs,
    engineLoading,
    overlay,
    setOverlayState,
    mics,
    prospectId,
    setProspectId,
    start,
    stop,
  }
}

export type LiveCallView = ReturnType<typeof useLiveCall>
