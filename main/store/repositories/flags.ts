import type BetterSqlite3 from 'better-sqlite3'
import { type Clock, newId, toMs } from '../util'

export interface Flag {
  id: string
  callId: string
  /** Local segment row id, if the flag points at one. */
  segmentId: number | null
  /** The same segment's portable uid (for export). */
  segmentUid: string | null
  /** Detector name, e.g. 'talking-over' — open-ended so new detectors need no migration. */
  kind: string
  evidence: string
  prompt: string
  explanation: string
  /** Offset into the call. */
  atMs: number
  /** How sure the coach was (0..1). */
  confidence: number
  /** 'confident': shown live; 'possible': debrief only. */
  tier: 'confident' | 'possible'
  dismissedAt: number | null
  /** Set when the coach stopped supporting it (the utterance's whole or final text): kept, shown as retracted. */
  retractedAt: number | null
  createdAt: number
}

/** A flag from another machine, its segment already resolved to this machine's row id. */
export type ImportedFlag = Omit<Flag, 'segmentUid'>

export interface NewFlag {
  id?: string
  callId: string
  segmentId?: number | null
  kind: string
  evidence?: string
  prompt?: string
  explanation?: string
  atMs: number
  /** Default 1 / 'confident' (what every flag was before the coach had tiers). */
  confidence?: number
  tier?: 'confident' | 'possible'
}

interface FlagRow {
  id: string
  call_id: string
  segment_id: number | null
  segment_uid: string | null
  kind: string
  evidence: string
  prompt: string
  explanation: string
  at_ms: number
  confidence: number
  tier: 'confident' | 'possible'
  dismissed_at: number | null
  retracted_at: number | null
  created_at: number
}

const toFlag = (r: FlagRow): Flag => ({
  id: r.id,
  callId: r.call_id,
  segmentId: r.segment_id,
  segmentUid: r.segment_uid,
  kind: r.kind,
  evidence: r.evidence,
  prompt: r.prompt,
  explanation: r.explanation,
  atMs: r.at_ms,
  confidence: r.confidence,
  tier: r.tier,
  dismissedAt: r.dismissed_at,
  retractedAt: r.retracted_at,
  createdAt: r.created_at,
})

function confidenceOf(v: number | undefined): number {
  if (v === undefined) return 1
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new RangeError(`flag confidence must be within 0..1, got ${v}`)
  return v
}

const SELECT = `
  SELECT f.*, s.uid AS segment_uid
  FROM flags f LEFT JOIN transcript_segments s ON s.id = f.segment_id`

export function createFlagsRepository(db: BetterSqlite3.Database, now: Clock = Date.now) {
  const insert = db.prepare<[Omit<FlagRow, 'segment_uid' | 'dismissed_at' | 'retracted_at'>]>(`
    INSERT INTO flags (id, call_id, segment_id, kind, evidence, prompt, explanation, at_ms, confidence, tier, dismissed_at, created_at)
    VALUES (@id, @call_id, @segment_id, @kind, @evidence, @prompt, @explanation, @at_ms, @confidence, @tier, NULL, @created_at)`)
  const selectOne = db.prepare<[string], FlagRow>(`${SELECT} WHERE f.id = ?`)
  const selectForCall = db.prepare<[{ call_id: string; all: number; retracted: number }], FlagRow>(`
    ${SELECT}
    WHERE f.call_id = @call_id AND (@all = 1 OR f.dismissed_at IS NULL) AND (@retracted = 1 OR f.retracted_at IS NULL)
    ORDER BY f.at_ms, f.created_at, f.id`)
  const setDismissed = db.prepare<[number | null, string]>(`UPDATE flags SET dismissed_at = ? WHERE id = ?`)
  const remove = db.prepare<[string]>(`DELETE FROM flags WHERE id = ?`)
  const setRetracted = db.prepare<[number, string]>(`UPDATE flags SET retracted_at = ? WHERE id = ? AND retracted_at IS NULL`)

  const add = db.transaction((input: NewFlag): Flag => {
    const id = input.id ?? newId()
    insert.run({
      id,
      call_id: input.callId,
      segment_id: input.segmentId ?? null,
      kind: input.kind,
      evidence: input.evidence ?? '',
      prompt: input.prompt ?? '',
      explanation: input.explanation ?? '',
      at_ms: toMs(input.atMs, 'atMs'),
      confidence: confidenceOf(input.confidence),
      tier: input.tier ?? 'confident',
      created_at: now(),
    })
    return toFlag(selectOne.get(id)!)
  })

  const setAndGet = (id: string, at: number | null): Flag | undefined => {
    if (setDismissed.run(at, id).changes === 0) return undefined
    return toFlag(selectOne.get(id)!)
  }

  const insertExact = db.prepare<[ImportedFlag]>(`INSERT INTO flags (id, call_id, segment_id, kind, evidence, prompt, explanation, at_ms, dismissed_at, retracted_at, confidence, tier, created_at)
    VALUES (@id, @callId, @segmentId, @kind, @evidence, @prompt, @explanation, @atMs, @dismissedAt, @retractedAt, @confidence, @tier, @createdAt)`)

  return {
    /** A record made on another machine (a bundle, the team server), stored as given: ids and timestamps included. The caller has checked for collisions. */
    /** `segmentId` is this machine's row id of the segment (see segments.importRecord). */
    importRecord(f: ImportedFlag): void {
      insertExact.run(f)
    },

    /** The segment, if given, must belong to the same call (enforced by a trigger). */
    add(input: NewFlag): Flag {
      return add(input)
    },

    get(id: string): Flag | undefined {
      const row = selectOne.get(id)
      return row && toFlag(row)
    },

    /**
     * In call order. Dismissed flags are included unless `includeDismissed: false`;
     * retracted ones only with `includeRetracted: true` (the debrief shows them, nothing counts them).
     */
    listForCall(callId: string, opts: { includeDismissed?: boolean; includeRetracted?: boolean } = {}): Flag[] {
      const all = opts.includeDismissed ?? true
      return selectForCall.all({ call_id: callId, all: all ? 1 : 0, retracted: opts.includeRetracted ? 1 : 0 }).map(toFlag)
    },

    /** The coach no longer supports this flag. Undefined if there is no such flag or it was retracted already. */
    retract(id: string, at: number): Flag | undefined {
      if (setRetracted.run(toMs(at, 'at'), id).changes === 0) return undefined
      return toFlag(selectOne.get(id)!)
    },

    dismiss(id: string, at: number): Flag | undefined {
      return setAndGet(id, toMs(at, 'at'))
    },

    undismiss(id: string): Flag | undefined {
      return setAndGet(id, null)
    },

    delete(id: string): boolean {
      return remove.run(id).changes > 0
    },
  }
}

export type FlagsRepository = ReturnType<typeof createFlagsRepository>
