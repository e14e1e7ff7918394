/**
 * A call's transcript with its flags: each line, the flags it raised under it
 * (a retracted flag has no chip: the coach withdrew it; the flag list still
 * shows it), then whatever the screen pins there (a coach's comments). The
 * debrief and the coach's review read the same markup; they differ in how a
 * line reads (played, or picked for a comment) and what is pinned under it.
 */
import type { ReactNode } from 'react'
import type { Flag, Segment } from '../../../contract/ipc-contract'
import { FlagChip } from './FlagChip'
import { SegmentLine } from './SegmentLine'

export function Transcript({
  segments,
  flags,
  testId = 'transcript',
  className,
  onPlay,
  line,
  lineClass,
  below,
}: {
  segments: Segment[]
  flags: Flag[]
  testId?: string
  className?: string
  /** Play from a line (when there is audio to play); with `line`, unused. */
  onPlay?(segment: Segment): void
  /** How a line reads, when not the plain time and text of SegmentLine. */
  line?(segment: Segment): ReactNode
  lineClass?(segment: Segment): string | undefined
  /** Pinned under a line, after its flags. */
  below?(segment: Segment): ReactNode
}) {
  return (
    <div className={`transcript${className ? ` ${className}` : ''}`} data-testid={testId}>
      {segments.map((s) => (
        <div key={s.id} className={lineClass?.(s)}>
          {line ? line(s) : <SegmentLine segment={s} onPlay={onPlay} />}
          {flags
            .filter((f) => f.segmentId === s.id && !f.retractedAt)
            .map((f) => (
              <FlagChip key={f.id} flag={f} />
            ))}
          {below?.(s)}
        </div>
      ))}
    </div>
  )
}
