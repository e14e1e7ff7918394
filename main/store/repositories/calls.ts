import type BetterSqlite3 from 'better-sqlite3'
import { type Clock, newId, pick, toMs } from '../util'
// The vocabulary is the contract's: the CHECK constraints in migrations spell the same words.
import { CALL_KINDS, CALL_STATUSES } from '../../../contract/vocabulary'
export { CALL_KINDS, CALL_STATUSES }

export type CallKind = (typeof CALL_KINDS)[number]
export type CallStatus = (typeof CALL_STATUSES)[number]
export type FinishedCallStatus = Exclude<CallStatus, 'recording'>

export interface Call {
  id: string
  kind: CallKind
  prospectId: string | null
  scheduledCallId: string | null
  status: CallStatus
  startedAt: number
  endedAt: number | null
  durationMs: number | null
  /** Bare file name inside the app's recordings folder (never a path). */
  audioPath: string | null
  sampleRate: number
  deviceLabel: string | null
  createdAt: number
}

export interface CallSummary extends Call {
  /** The rep's own name for the call (migration 005); null for the default. */
  title: string | null
  prospectName: string | null
  segmentCount: number
}

export interface NewCall {
  id?: string
  kind: CallKind
  prospectId?: string | null
  scheduledCallId?: string | null
  audioPath: string | null
  sampleRate: number
  deviceLabel?: string | null
  startedAt: number
}

/** `undefined` leaves a field as is, `null` clears it. */
export type CallPatch = Partial<Pick<Call, 'prospectId' | 'scheduledCallId' | 'audioPath' | 'deviceLabel'>>

interface CallRow {
  id: string
  kind: CallKind
  prospect_id: string | null
  scheduled_call_id: string | null
  status: CallStatus
  started_at: number
  ended_at: number | null
  duration_ms: number | null
  audio_path: string | null
  sample_rate: number
  device_label: string | null
  created_at: number
  /** Absent before migration 005. */
  title?: string | null
}

/** A calls row joined with its prospect's name and segment count (also read by the rehearsals repository). */
export interface SummaryRow extends CallRow {
  prospect_name: string | null
  segment_count: number
}

/** A call in a prospect's history: its summary and how many flags it raised. */
export interface HistoryCall extends CallSummary {
  flagCount: number
}

interface HistoryRow extends SummaryRow {
  flag_count: number
}

const toCall = (r: CallRow): Call => ({
  id: r.id,
  kind: r.kind,
  prospectId: r.prospect_id,
  scheduledCallId: r.scheduled_call_id,
  status: r.status,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  durationMs: r.duration_ms,
  audioPath: r.audio_path,
  sampleRate: r.sample_rate,
  deviceLabel: r.device_label,
  createdAt: r.created_at,
})

export const toSummary = (r: SummaryRow): CallSummary => ({
  ...toCall(r),
  title: r.title ?? null,
  prospectName: r.prospect_name,
  segmentCount: r.segment_count,
})

// The count is a correlated subquery on the (call_id, seq) unique index: one statement, no N+1.
const SUMMARY_SELECT = `
  SELECT c.*, p.name AS prospect_name,
         (SELECT count(*) FROM transcript_segments s WHERE s.call_id = c.id) AS segment_count
  FROM calls c LEFT JOIN prospects p ON p.id = c.prospect_id`

export function createCallsRepository(db: BetterSqlite3.Database, now: Clock = Date.now) {
  const insert = db.prepare<[CallRow], CallRow>(`
    INSERT INTO calls (id, kind, prospect_id, scheduled_call_id, status, started_at, ended_at, duration_ms,
                       audio_path, sample_rate, device_label, created_at)
    VALUES (@id, @kind, @prospect_id, @scheduled_call_id, @status, @started_at, @ended_at, @duration_ms,
            @audio_path, @sample_rate, @device_label, @created_at)
    RETURNING *`)
  const selectOne = db.prepare<[string], CallRow>(`SELECT * FROM calls WHERE id = ?`)
  const selectSummary = db.prepare<[string], SummaryRow>(`${SUMMARY_SELECT} WHERE c.id = ?`)
  const selectPage = db.prepare<[{ limit: number; offset: number }], SummaryRow>(`
    ${SUMMARY_SELECT}
    ORDER BY c.started_at DESC, c.id DESC
    LIMIT @limit OFFSET @offset`)
  const selectForProspect = db.prepare<[string], SummaryRow>(`
    ${SUMMARY_SELECT}
    WHERE c.prospect_id = ?
    ORDER BY c.started_at DESC, c.id DESC`)
  const selectHistory = db.prepare<[string], HistoryRow>(`
    SELECT c.*, p.name AS prospect_name,
           (SELECT count(*) FROM transcript_segments s WHERE s.call_id = c.id) AS segment_count,
           (SELECT count(*) FROM flags f WHERE f.call_id = c.id) AS flag_count
    FROM calls c LEFT JOIN prospects p ON p.id = c.prospect_id
    WHERE c.prospect_id = ?
    ORDER BY c.started_at, c.id`)
  const selectByStatus = db.prepare<[CallStatus], CallRow>(`
    SELECT * FROM calls WHERE status = ? ORDER BY started_at, id`)
  const close = db.prepare<
    [{ id: string; status: FinishedCallStatus; ended_at: number; duration_ms: number }],
    CallRow
  >(`
    UPDATE calls SET status = @status, ended_at = @ended_at, duration_ms = @duration_ms
    WHERE id = @id AND status = 'recording'
    RETURNING *`)
  const updateFields = db.prepare<
    [Pick<CallRow, 'id' | 'prospect_id' | 'scheduled_call_id' | 'audio_path' | 'device_label'>],
    CallRow
  >(`
    UPDATE calls
    SET prospect_id = @prospect_id, scheduled_call_id = @scheduled_call_id,
        audio_path = @audio_path, device_label = @device_label
    WHERE id = @id RETURNING *`)
  const remove = db.prepare<[string], CallRow>(`DELETE FROM calls WHERE id = ? RETURNING *`)

  const update = db.transaction((id: string, patch: CallPatch): Call | undefined => {
    const current = selectOne.get(id)
    if (!current) return undefined
    const row = updateFields.get({
      id,
      prospect_id: pick(patch.prospectId, current.prospect_id),
      scheduled_call_id: pick(patch.scheduledCallId, current.scheduled_call_id),
      audio_path: pick(patch.audioPath, current.audio_path),
      device_label: pick(patch.deviceLabel, current.device_label),
    })
    return row && toCall(row)
  })

  const closeCall = (id: string, status: FinishedCallStatus, endedAt: number, durationMs: number) => {
    const row = close.get({
      id,
      status,
      ended_at: toMs(endedAt, 'endedAt'),
      duration_ms: toMs(durationMs, 'durationMs'),
    })
    return row && toCall(row)
  }

  const insertExact = db.prepare<[Call]>(`INSERT INTO calls (id, kind, prospect_id, scheduled_call_id, status, started_at, ended_at, duration_ms,
      audio_path, sample_rate, device_label, created_at)
    VALUES (@id, @kind, @prospectId, @scheduledCallId, @status, @startedAt, @endedAt, @durationMs,
      @audioPath, @sampleRate, @deviceLabel, @createdAt)`)
  const selectOwnsAudio = db.prepare<[string], number>(`SELECT 1 FROM calls WHERE audio_path = ?`).pluck()
  const selectAudioPaths = db.prepare<[], string>(`SELECT audio_path FROM calls WHERE audio_path IS NOT NULL`).pluck()

  return {
    /** A record made on another machine (a bundle, the team server), stored as given: ids and timestamps included. The caller has checked for collisions. */
    importRecord(c: Call): void {
      insertExact.run(c)
    },

    /** Whether some call's recording is this file (a name in the recordings folder). */
    ownsAudio(audioFile: string): boolean {
      return !!selectOwnsAudio.get(audioFile)
    },

    /** Every recording file name a call has. */
    audioPaths(): string[] {
      return selectAudioPaths.all()
    },

    /** Starts a call in 'recording' state. */
    create(input: NewCall): Call {
      const row = insert.get({
        id: input.id ?? newId(),
        kind: input.kind,
        prospect_id: input.prospectId ?? null,
        scheduled_call_id: input.scheduledCallId ?? null,
        status: 'recording',
        started_at: toMs(input.startedAt, 'startedAt'),
        ended_at: null,
        duration_ms: null,
        audio_path: input.audioPath,
        sample_rate: input.sampleRate,
        device_label: input.deviceLabel ?? null,
        created_at: now(),
      })
      return toCall(row!)
    },

    get(id: string): Call | undefined {
      const row = selectOne.get(id)
      return row && toCall(row)
    },

    getSummary(id: string): CallSummary | undefined {
      const row = selectSummary.get(id)
      return row && toSummary(row)
    },

    /** Newest first. */
    list(opts: { limit: number; offset?: number }): CallSummary[] {
      return selectPage.all({ limit: opts.limit, offset: opts.offset ?? 0 }).map(toSummary)
    },

    /** Prospect history: every call linked to the prospect, newest first. */
    listForProspect(prospectId: string): CallSummary[] {
      return selectForProspect.all(prospectId).map(toSummary)
    },

    /** Prospect page: every call with the prospect, oldest first, with segment and flag counts (one statement). */
    listHistoryForProspect(prospectId: string): HistoryCall[] {
      return selectHistory.all(prospectId).map((r) => ({ ...toSummary(r), flagCount: r.flag_count }))
    },

    /** listByStatus('recording') at startup finds calls a crash left open. Oldest first. */
    listByStatus(status: CallStatus): Call[] {
      return selectByStatus.all(status).map(toCall)
    },

    /** Closes a recording call. Undefined if no call with that id is still recording. */
    finish(id: string, end: { endedAt: number; durationMs: number; status: FinishedCallStatus }): Call | undefined {
      return closeCall(id, end.status, end.endedAt, end.durationMs)
    },

    /** Crash recovery: closes a still-recording call as interrupted. Undefined if it is not recording. */
    markInterrupted(id: string, end: { endedAt: number; durationMs: number }): Call | undefined {
      return closeCall(id, 'interrupted', end.endedAt, end.durationMs)
    },

    update(id: string, patch: CallPatch): Call | undefined {
      return update.immediate(id, patch)
    },

    /**
     * Deletes the call and (by cascade) its segments, flags, debrief, notes, comments
     * and reviews. Returns the deleted call so the caller can remove its audio file.
     */
    delete(id: string): Call | undefined {
      const row = remove.get(id)
      return row && toCall(row)
    },
  }
}

export type CallsRepository = ReturnType<typeof createCallsRepository>
