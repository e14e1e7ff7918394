/**
 * Coaching during the call: each segment, once it has its text (spoken and
 * transcribed, or typed), goes to the call's coach in call order; the flags it
 * raises are stored and sent to the screen and the overlay at once.
 */
import { createCoach, type Coach, type Flag as CoachFlag } from '../coach'
import { toFlagDto } from '../core/dto'
import type { Emit } from '../core/events'
import type { Segment } from '../../contract/ipc-contract'
import type { Store } from '../store'
import { rebuildCoachSession } from './rebuild-coach'

interface Session {
  coach: Coach
  /** The next seq the coach is waiting for: segments settle out of order (typed lines overtake speech). */
  nextSeq: number
  settled: Map<number, Segment>
  /** Store segment id for each coach segment index. */
  segmentIds: number[]
}

export class LiveCoach {
  private readonly sessions = new Map<string, Session>()

  constructor(
    private readonly store: Store,
    private readonly emit: Emit,
  ) {}

  /** Called for every segment state change; acts once a segment is done or failed. */
  onSegment(segment: Segment): void {
    if (segment.status === 'pending') return
    let session = this.sessions.get(segment.callId)
    if (!session) {
      const fresh: Session = { coach: createCoach(), nextSeq: 0, settled: new Map(), segmentIds: [] }
      // After a crash the call's earlier segments are only in the store: rebuild the coach from them.
      rebuildCoachSession(this.store, fresh, segment, (flag) => this.record(segment.callId, fresh, flag))
      session = fresh
      this.sessions.set(segment.callId, session)
    }
    session.settled.set(segment.seq, segment)
    for (let next = session.settled.get(session.nextSeq); next; next = session.settled.get(session.nextSeq)) {
      session.settled.delete(session.nextSeq)
      session.nextSeq++
      // A segment Whisper could not transcribe has no words to coach.
      if (next.status !== 'done' || !next.text.trim()) continue
      session.segmentIds.push(next.id)
      const flags = session.coach.push({ text: next.text, startMs: next.startMs, endMs: next.endMs })
      // Kept with the segment so the debrief never has to classify the call again.
      const cls = session.coach.classification(session.segmentIds.length - 1)?.class
      if (cls) this.store.segments.setClass(next.id, cls)
      for (const flag of flags) this.record(segment.callId, session, flag)
    }
  }

  /** Drops a finished call's coach once nothing more can arrive for it. */
  forget(callId: string): void {
    this.sessions.delete(callId)
  }

  private record(callId: string, session: Session, flag: CoachFlag): void {
    const row = this.store.flags.add({
      callId,
      segmentId: session.segmentIds[flag.segmentIndex] ?? null,
      kind: flag.kind,
      evidence: flag.evidence,
      prompt: flag.prompt,
      explanation: flag.explanation,
      atMs: Math.round(flag.endMs ?? flag.startMs ?? 0),
    })
    this.emit('flag', toFlagDto(row))
  }
}
