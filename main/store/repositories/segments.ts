import type BetterSqlite3 from 'better-sqlite3'
import { type Clock, newId, toMs } from '../util'
// The vocabulary is the contract's: the CHECK constraints in migrations spell the same words.
import { SEGMENT_STATUSES, SEGMENT_SOURCES, UTTERANCE_CLASSES, SEGMENT_TIERS as TEXT_TIERS } from '../../../contract/vocabulary'
export { SEGMENT_STATUSES, SEGMENT_SOURCES, UTTERANCE_CLASSES, TEXT_TIERS }

export type SegmentStatus = (typeof SEGMENT_STATUSES)[number]
export type SegmentSource = (typeof SEGMENT_SOURCES)[number]
export type StoredUtteranceClass = (typeof UTTERANCE_CLASSES)[number]
/** 'provisional': decoded live; 'final': the full-context decode that replaced it (typed lines are final). */
export type TextTier = (typeof TEXT_TIERS)[number]

export interface Segment {
  /** Local row id; use `uid` for anything that leaves this machine. */
  id: number
  uid: string
  callId: string
  /** 0-based order within the call. */
  seq: number
  startMs: number
  endMs: number
  text: string
  status: SegmentStatus
  source: SegmentSource
  error: string | null
  /** The live coach's reading of this segment; null until it has classified it. */
  utteranceClass: StoredUtteranceClass | null
  textTier: TextTier
  /** Live speech whose final-tier re-decode has not run yet (it runs in the rep's pauses, after the call, or at the next start). */
  finalDue?: boolean
  createdAt: number
  updatedAt: number
}

/** A segment from another machine: its uid travels, its local row id is assigned here. */
export type ImportedSegment = Omit<Segment, 'id'>

export interface NewPendingSegment {
  callId: string
  /** Omit to take the next free seq atomically (safe alongside addTyped). */
  seq?: number
  startMs: number
  endMs: number
  source?: SegmentSource
}

export interface NewTypedSegment {
  callId: string
  startMs: number
  endMs: number
  text: string
}

interface SegmentRow {
  id: number
  uid: string
  call_id: string
  seq: number
  start_ms: number
  end_ms: number
  text: string
  status: SegmentStatus
  source: SegmentSource
  error: string | null
  utterance_class: StoredUtteranceClass | null
  text_tier: TextTier
  final_due: number
  created_at: number
  updated_at: number
}

const toSegment = (r: SegmentRow): Segment => ({
  id: r.id,
  uid: r.uid,
  callId: r.call_id,
  seq: r.seq,
  startMs: r.start_ms,
  endMs: r.end_ms,
  text: r.text,
  status: r.status,
  source: r.source,
  error: r.error,
  utteranceClass: r.utterance_class,
  textTier: r.text_tier,
  finalDue: r.final_due === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export function createSegmentsRepository(db: BetterSqlite3.Database, now: Clock = Date.now) {
  const insert = db.prepare<[Omit<SegmentRow, 'id' | 'utterance_class' | 'final_due'>], SegmentRow>(`
    INSERT INTO transcript_segments (uid, call_id, seq, start_ms, end_ms, text, status, source, error, text_tier, created_at, updated_at)
    VALUES (@uid, @call_id, @seq, @start_ms, @end_ms, @text, @status, @source, @error, @text_tier, @created_at, @updated_at)
    RETURNING *`)
  const selectOne = db.prepare<[number], SegmentRow>(`SELECT * FROM transcript_segments WHERE id = ?`)
  const selectByUid = db.prepare<[string], SegmentRow>(`SELECT * FROM transcript_segments WHERE uid = ?`)
  const selectForCall = db.prepare<[string], SegmentRow>(`
    SELECT * FROM transcript_segments WHERE call_id = ? ORDER BY seq`)
  const selectPending = db.prepare<[], SegmentRow>(`
    SELECT * FROM transcript_segments WHERE status = 'pending' ORDER BY id`)
  const selectNextSeq = db
    .prepare<[string], number>(`SELECT coalesce(max(seq) + 1, 0) FROM transcript_segments WHERE call_id = ?`)
    .pluck()
  // New text means the coach has not read it yet. Live speech waits for its final tier (final_due).
  const markDone = db.prepare<[{ text: string; tier: TextTier; at: number; id: number }], SegmentRow>(`
    UPDATE transcript_segments SET text = @text, text_tier = @tier, status = 'done', error = NULL, utterance_class = NULL,
      final_due = (@tier = 'provisional' AND source = 'speech'), updated_at = @at
    WHERE id = @id RETURNING *`)
  // The words committed so far of an utterance still being spoken (it stays pending: a crash re-decodes it).
  const updateOpen = db.prepare<[string, number, number, number], SegmentRow>(`
    UPDATE transcript_segments SET text = ?, end_ms = max(end_ms, ?), updated_at = ?
    WHERE id = ? AND status = 'pending' RETURNING *`)
  // The final tier's text replaces the live one; the coach reads it again.
  const markFinal = db.prepare<[string, number, number], SegmentRow>(`
    UPDATE transcript_segments SET text = ?, text_tier = 'final', utterance_class = NULL, final_due = 0, updated_at = ?
    WHERE id = ? AND status = 'done' AND source = 'speech' RETURNING *`)
  const selectFinalDue = db.prepare<[], SegmentRow>(`
    SELECT * FROM transcript_segments WHERE final_due = 1 ORDER BY call_id, seq`)
  const unmarkFinalDue = db.prepare<[number]>(`UPDATE transcript_segments SET final_due = 0 WHERE id = ?`)
  const updateClass = db.prepare<[StoredUtteranceClass, number]>(`
    UPDATE transcript_segments SET utterance_class = ? WHERE id = ? AND status = 'done'`)
  // A late failure report must not wipe text that already arrived.
  const markFailed = db.prepare<[string, number, number], SegmentRow>(`
    UPDATE transcript_segments SET status = 'failed', error = ?, updated_at = ?
    WHERE id = ? AND status <> 'done' RETURNING *`)
  const markPending = db.prepare<[number, number], SegmentRow>(`
    UPDATE transcript_segments SET status = 'pending', error = NULL, updated_at = ?
    WHERE id = ? AND status = 'failed' RETURNING *`)

  const insertRow = (
    callId: string,
    seq: number | undefined,
    startMs: number,
    endMs: number,
    text: string,
    status: SegmentStatus,
    source: SegmentSource,
  ): Segment => {
    const t = now()
    const row = insert.get({
      uid: newId(),
      call_id: callId,
      seq: seq ?? selectNextSeq.get(callId)!,
      start_ms: toMs(startMs, 'startMs'),
      end_ms: toMs(endMs, 'endMs'),
      text,
      status,
      source,
      error: null,
      text_tier: source === 'typed' ? 'final' : 'provisional',
      created_at: t,
      updated_at: t,
    })
    return toSegment(row!)
  }

  // IMMEDIATE so the max(seq) read and the insert happen under one write lock.
  const insertWithSeq = db.transaction(insertRow)

  const insertExact = db.prepare<[ImportedSegment], number>(`INSERT INTO transcript_segments
      (uid, call_id, seq, start_ms, end_ms, text, status, source, error, utterance_class, text_tier, created_at, updated_at)
    VALUES (@uid, @callId, @seq, @startMs, @endMs, @text, @status, @source, @error, @utteranceClass, @textTier, @createdAt, @updatedAt)
    RETURNING id`).pluck()
  const selectUidExists = db.prepare<[string], number>(`SELECT 1 FROM transcript_segments WHERE uid = ?`).pluck()

  return {
    /** A record made on another machine (a bundle, the team server), stored as given: ids and timestamps included. The caller has checked for collisions. */
    /** Returns the segment's local row id (flags point at it). */
    importRecord(s: ImportedSegment): number {
      return insertExact.get(s)!
    },

    hasUid(uid: string): boolean {
      return !!selectUidExists.get(uid)
    },

    /** Stored the moment the VAD closes a segment, before Whisper runs, so a crash loses nothing. */
    insertPending(input: NewPendingSegment): Segment {
      const source = input.source ?? 'speech'
      if (input.seq !== undefined) {
        return insertRow(input.callId, input.seq, input.startMs, input.endMs, '', 'pending', source)
      }
      return insertWithSeq.immediate(input.callId, undefined, input.startMs, input.endMs, '', 'pending', source)
    },

    /** Whisper's text arrived (live decode unless `tier` says final). Undefined if the segment does not exist. */
    complete(id: number, text: string, tier: TextTier = 'provisional'): Segment | undefined {
      const row = markDone.get({ text, tier, at: now(), id })
      return row && toSegment(row)
    },

    /** An utterance still being spoken: its end so far and the words committed so far. Undefined unless pending. */
    updateOpen(id: number, input: { endMs: number; text: string }): Segment | undefined {
      const row = updateOpen.get(input.text, toMs(input.endMs, 'endMs'), now(), id)
      return row && toSegment(row)
    },

    /** The final tier's text for a transcribed spoken segment. Undefined unless done and spoken. */
    setFinalText(id: number, text: string): Segment | undefined {
      const row = markFinal.get(text, now(), id)
      return row && toSegment(row)
    },

    /** Records the coach's reading of a transcribed segment; false if there is no such done segment. */
    setClass(id: number, cls: StoredUtteranceClass): boolean {
      return updateClass.run(cls, id).changes > 0
    },

    /** Undefined if the segment does not exist or is already done. */
    fail(id: number, error: string): Segment | undefined {
      const row = markFailed.get(error, now(), id)
      return row && toSegment(row)
    },

    /** Puts a failed segment back in the queue. Undefined unless it was failed. */
    retry(id: number): Segment | undefined {
      const row = markPending.get(now(), id)
      return row && toSegment(row)
    },

    /** A line the rep typed; takes the next seq. */
    addTyped(input: NewTypedSegment): Segment {
      return insertWithSeq.immediate(input.callId, undefined, input.startMs, input.endMs, input.text, 'done', 'typed')
    },

    get(id: number): Segment | undefined {
      const row = selectOne.get(id)
      return row && toSegment(row)
    },

    getByUid(uid: string): Segment | undefined {
      const row = selectByUid.get(uid)
      return row && toSegment(row)
    },

    listForCall(callId: string): Segment[] {
      return selectForCall.all(callId).map(toSegment)
    },

    /** Utterances with live text whose final tier has not run (a quit or crash came first), by call, in call order. */
    listFinalDue(): Segment[] {
      return selectFinalDue.all().map(toSegment)
    },

    /** The final tier will not run for it (its recording is gone): it keeps its live text. */
    clearFinalDue(id: number): void {
      unmarkFinalDue.run(id)
    },

    /** Segments a crash left untranscribed, oldest first. */
    listPending(): Segment[] {
      return selectPending.all().map(toSegment)
    },

    nextSeq(callId: string): number {
      return selectNextSeq.get(callId)!
    },
  }
}

export type SegmentsRepository = ReturnType<typeof createSegmentsRepository>
