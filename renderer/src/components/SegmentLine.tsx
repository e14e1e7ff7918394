import type { Segment } from '../../../contract/ipc-contract'
import { formatClock } from '../hooks'

export function SegmentLine({ segment, onPlay }: { segment: Segment; onPlay?: (segment: Segment) => void }) {
  const body =
    segment.status === 'pending' ? (
      <span className="muted">transcribing…</span>
    ) : segment.status === 'failed' ? (
      // The reason is said once, above the transcript; each line just says it has no text yet.
      <span className="failed">not transcribed yet</span>
    ) : segment.text ? (
      segment.text
    ) : (
      <span className="muted">(no words recognised)</span>
    )
  return (
    <div className={`segment ${segment.status}`} data-testid="segment" data-status={segment.status}>
      {onPlay ? (
        <button className="time link" onClick={() => onPlay(segment)} title="Play this moment">
          {formatClock(segment.startMs)}
        </button>
      ) : (
        <span className="time">{formatClock(segment.startMs)}</span>
      )}
      <span className="text">{body}</span>
    </div>
  )
}
