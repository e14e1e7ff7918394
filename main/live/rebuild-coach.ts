/**
 * A call's coach lives in memory; after a crash (or once a finished call's
 * coach was dropped) the call's earlier segments are only in the store. When
 * a segment of such a call settles, its coach is rebuilt from the stored
 * segments first, in call order, so the recovered speech is coached in its
 * context instead of waiting forever for segment 0 to arrive again.
 *
 * Segments the coach had already read before the crash (they carry their
 * class) are replayed silently: their flags are stored already. Settled
 * segments it had not read yet are coached for real: class and flags.
 */
import type { Coach, Flag as CoachFlag } from '../coach'
import type { Segment } from '../../contract/ipc-contract'
import { toSegmentDto, type Store } from '../store'

export interface CoachSessionState {
  coach: Coach
  nextSeq: number
  settled: Map<number, Segment>
  /** Store segment id for each coach segment index. */
  segmentIds: number[]
}

/**
 * Fills a fresh session from the store, up to (not including) `current`, the
 * segment that just settled. Later settled segments go to `settled` to be
 * coached once their turn comes. `record` stores and sends a flag.
 */
export function rebuildCoachSession(
  store: Store,
  session: CoachSessionState,
  current: Segment,
  record: (flag: CoachFlag) => void,
): void {
  const stored = store.segments.listForCall(current.callId)
  const bySeq = new Map(stored.map((s) => [s.seq, s]))
  for (let s = bySeq.get(session.nextSeq); s && s.seq < current.seq && s.status !== 'pending'; s = bySeq.get(session.nextSeq)) {
    session.nextSeq++
    if (s.status !== 'done' || !s.text.trim()) continue
    const alreadyCoached = s.utteranceClass !== null
    session.segmentIds.push(s.id)
    const index = session.segmentIds.length - 1
    const flags = session.coach.push({ text: s.text, startMs: s.startMs, endMs: s.endMs })
    if (alreadyCoached) continue
    const cls = session.coach.classification(index)?.class
    if (cls) store.segments.setClass(s.id, cls)
    for (const flag of flags) record(flag)
  }
  for (const s of stored) {
    if (s.seq > current.seq && s.status !== 'pending' && s.seq >= session.nextSeq) session.settled.set(s.seq, toSegmentDto(s))
  }
}

/**
 * The first segment of a call that has its words but was never coached: a
 * kill between storing a segment's text and its coaching (two commits) leaves
 * one, and with nothing of the call left to transcribe nothing would ever
 * coach it. Recovery hands it to the live coach, which rebuilds from there.
 */
export function firstUncoachedSegment(store: Store, callId: string): Segment | undefined {
  const s = store.segments.listForCall(callId).find((x) => x.status === 'done' && x.text.trim() !== '' && x.utteranceClass === null)
  return s && toSegmentDto(s)
}
