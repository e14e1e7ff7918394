/**
 * Coaching during the call. A spoken segment is a whole utterance: while the
 * rep is still saying it, its committed words are peeked at (`onCommitted`)
 * and a flag they already support is shown at once; when the utterance ends
 * its whole text is pushed, and each flag shown early is confirmed or
 * retracted. Typed lines are pushed when they arrive. Segments are coached in
 * call order (typed lines can overtake speech). When the final tier replaces
 * a segment's text, the call's coach replays it and flags the new text no
 * longer supports are retracted (kept, and shown as such in the debrief).
 */
import type { Flag as CoachFlag, FlagKind } from '../coach'
import { toFlagDto, toSegmentDto, type Store } from '../store'
import type { Emit } from '../../contract/emit'
import type { Segment } from '../../contract/ipc-contract'
import { rebuildCoachSession } from './rebuild-coach'
import { UtteranceCoach } from './utterance-coach'

interface Session {
  coach: UtteranceCoach
  /** The next seq the coach is waiting for: segments settle out of order (typed lines overtake speech). */
  nextSeq: number
  settled: Map<number, Segment>
  /** Store segment id for each coach segment index. */
  segmentIds: number[]
  /** Flags shown early for the utterance being spoken (seq `nextSeq`): kind → stored flag id. */
  provisional: Map<FlagKind, string>
  /** Text the coach read for each coached segment id (a new text is the final tier's). */
  coachedText: Map<number, string>
}

export class LiveCoach {
  private readonly sessions = new Map<string, Session>()

  constructor(
    private readonly store: Store,
    private readonly emit: Emit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called for every segment state change; acts once a segment is done or failed, or its final text arrives. */
  onSegment(segment: Segment): void {
    if (segment.status === 'pending') return
    const session = this.session(segment)
    const coached = session.coachedText.get(segment.id)
    if (coached !== undefined) {
      if (segment.status === 'done' && segment.text !== coached) this.replace(segment, session)
      return
    }
    if (segment.seq < session.nextSeq) return
    session.settled.set(segment.seq, segment)
    for (let next = session.settled.get(session.nextSeq); next; next = session.settled.get(session.nextSeq)) {
      session.settled.delete(session.nextSeq)
      session.nextSeq++
      // A segment Whisper could not transcribe (or whose words were all gated out) has no words to coach.
      if (next.status !== 'done' || !next.text.trim()) {
        this.retract(next.callId, session, session.coach.abandon())
        continue
      }
      session.segmentIds.push(next.id)
      session.coachedText.set(next.id, next.text)
      const end = session.coach.end({ text: next.text, startMs: next.startMs, endMs: next.endMs })
      // Kept with the segment so the debrief never has to classify the call again.
      const cls = session.coach.classification(session.segmentIds.length - 1)?.class
      if (cls) this.store.segments.setClass(next.id, cls)
      for (const { flag, confirms } of end.flags) if (!confirms) this.record(next.callId, session, flag)
      this.retract(next.callId, session, end.retracted)
      session.provisional = new Map()
    }
  }

  /**
   * The utterance being spoken has more committed words. Shown only when every
   * earlier segment is coached (the coach reads in call order).
   */
  onCommitted(segment: Pick<Segment, 'id' | 'callId' | 'seq' | 'startMs' | 'endMs'>, text: string): void {
    const session = this.session(segment)
    if (segment.seq !== session.nextSeq) return
    for (const flag of session.coach.grow({ text, startMs: segment.startMs, endMs: segment.endMs })) {
      session.provisional.set(flag.kind, this.addFlag(segment.callId, segment.id, flag))
    }
  }

  /**
   * Drops a finished call's coach once nothing more can arrive for it (the
   * live transcriber's onCallDone: stopped, every utterance and its final tier
   * settled). Anything later (a re-transcription) rebuilds it from the store.
   */
  forget(callId: string): void {
    this.sessions.delete(callId)
  }

  /**
   * A finished call whose final tier resumes after a restart: its coach is
   * rebuilt from the store now, before any final text lands, so each one
   * replays the call and retracts what it no longer supports, as in the call.
   */
  resume(callId: string): void {
    if (this.sessions.has(callId)) return
    const stored = this.store.segments.listForCall(callId)
    const last = stored[stored.length - 1]
    // Rebuilt up to a segment after the last: every settled one is read.
    if (last) this.session({ ...toSegmentDto(last), status: 'done', seq: last.seq + 1 })
  }

  private session(segment: Pick<Segment, 'callId' | 'seq'> & Partial<Segment>): Session {
    let session = this.sessions.get(segment.callId)
    if (!session) {
      const fresh: Session = {
        coach: new UtteranceCoach(),
        nextSeq: 0,
        settled: new Map(),
        segmentIds: [],
        provisional: new Map(),
        coachedText: new Map(),
      }
      // After a crash the call's earlier segments are only in the store: rebuild the coach from them.
      if (segment.status && segment.status !== 'pending') {
        rebuildCoachSession(this.store, fresh, segment as Segment, (flag) => this.record(segment.callId, fresh, flag))
        for (const id of fresh.segmentIds) fresh.coachedText.set(id, this.store.segments.get(id)?.text ?? '')
      }
      session = fresh
      this.sessions.set(segment.callId, session)
    }
    return session
  }

  /** The final tier's text: replay the call, add what it now raises, retract what it no longer does. */
  private replace(segment: Segment, session: Session): void {
    const index = session.segmentIds.indexOf(segment.id)
    if (index < 0) return
    session.coachedText.set(segment.id, segment.text)
    const { added, removed } = session.coach.replaceText(index, segment.text)
    const cls = session.coach.classification(index)?.class
    if (cls) this.store.segments.setClass(segment.id, cls)
    const stored = this.store.flags.listForCall(segment.callId)
    for (const r of removed) {
      const segId = session.segmentIds[r.segmentIndex]
      for (const f of stored.filter((f) => f.segmentId === segId && f.kind === r.kind)) this.retractFlag(segment.callId, f.id)
    }
    for (const flag of added) this.record(segment.callId, session, flag)
  }

  private retract(callId: string, session: Session, kinds: readonly FlagKind[]): void {
    for (const kind of kinds) {
      const id = session.provisional.get(kind)
      if (id) this.retractFlag(callId, id)
    }
    if (kinds.length) session.provisional = new Map()
  }

  private retractFlag(callId: string, flagId: string): void {
    const row = this.store.flags.retract(flagId, this.now())
    if (row) this.emit('flagRetracted', { callId, flagId, retractedAt: row.retractedAt! })
  }

  private record(callId: string, session: Session, flag: CoachFlag): void {
    this.addFlag(callId, session.segmentIds[flag.segmentIndex] ?? null, flag)
  }

  /** Stores a flag and sends it; returns its id. */
  private addFlag(callId: string, segmentId: number | null, flag: CoachFlag): string {
    const row = this.store.flags.add({
      callId,
      segmentId,
      kind: flag.kind,
      evidence: flag.evidence,
      prompt: flag.prompt,
      explanation: flag.explanation,
      atMs: Math.round(flag.endMs ?? flag.startMs ?? 0),
      confidence: flag.confidence,
      tier: flag.tier,
    })
    this.emit('flag', toFlagDto(row))
    return row.id
  }
}
