import { useEffect, useRef, useState } from 'react'
import type { CallDetail, Segment } from '../../../contract/ipc-contract'
import { api, errorMessage } from '../api'
import { callTitle } from '../call-title'
import { FlagChip } from '../components/FlagChip'
import { SegmentLine } from '../components/SegmentLine'
import { formatClock, useEvent } from '../hooks'

export function CallDetailPanel({ callId }: { callId: string }) {
  const [detail, setDetail] = useState<CallDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const audio = useRef<HTMLAudioElement>(null)

  useEffect(() => {
    setDetail(null)
    setError(null)
    api()
      .getCall({ callId })
      .then(setDetail)
      .catch((e) => setError(errorMessage(e)))
  }, [callId])

  useEvent('segment', (segment) => {
    if (segment.callId !== callId) return
    setDetail((d) => {
      if (!d) return d
      const rest = d.segments.filter((s) => s.id !== segment.id)
      return { ...d, segments: [...rest, segment].sort((a, b) => a.seq - b.seq) }
    })
  })
  useEvent('flag', (flag) => {
    if (flag.callId === callId) setDetail((d) => (d ? { ...d, flags: [...d.flags.filter((f) => f.id !== flag.id), flag] } : d))
  })
  useEvent('callState', (call) => {
    if (call.id === callId) setDetail((d) => (d ? { ...d, call } : d))
  })

  const play = (segment: Segment) => {
    const el = audio.current
    if (!el) return
    el.currentTime = segment.startMs / 1000
    void el.play()
  }

  if (error) return <div className="card banner error">{error}</div>
  if (!detail) return <div className="card muted">Loading call…</div>
  const { call, segments } = detail
  return (
    <div className="card detail" data-testid="call-detail">
      <div className="detail-head">
        <div>
          <h2>{callTitle(call)}</h2>
          <p className="muted">
            {new Date(call.startedAt).toLocaleString([], { dateStyle: 'full', timeStyle: 'short' })} ·{' '}
            {call.durationMs !== null ? formatClock(call.durationMs) : 'in progress'}
            {call.deviceLabel ? ` · ${call.deviceLabel}` : ''}
          </p>
        </div>
        {call.status === 'interrupted' && (
          <span className="pill warn" title="Call Desk closed during this call; everything up to the last save was recovered.">
            Recovered after a crash
          </span>
        )}
      </div>
      {detail.audioUrl && <audio ref={audio} controls src={detail.audioUrl} className="player" preload="metadata" />}
      <h3>Transcript</h3>
      {segments.length === 0 ? (
        <p className="muted">No speech was detected in this call.</p>
      ) : (
        <div className="transcript" data-testid="transcript">
          {segments.map((s) => (
            <div key={s.id}>
              <SegmentLine segment={s} onPlay={detail.audioUrl ? play : undefined} />
              {detail.flags
                .filter((f) => f.segmentId === s.id)
                .map((f) => (
                  <FlagChip key={f.id} flag={f} />
                ))}
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
