import type BetterSqlite3 from 'better-sqlite3'
import type { Clock } from '../util'

export interface Debrief {
  callId: string
  wentWell: string
  toChange: string
  /** Null when not applicable (they bought, or it was a rehearsal). */
  noBuyReason: string | null
  nextStep: string
  createdAt: number
  updatedAt: number
}

export interface DebriefInput {
  wentWell?: string
  toChange?: string
  noBuyReason?: string | null
  nextStep?: string
}

interface DebriefRow {
  call_id: string
  went_well: string
  to_change: string
  no_buy_reason: string | null
  next_step: string
  created_at: number
  updated_at: number
}

const toDebrief = (r: DebriefRow): Debrief => ({
  callId: r.call_id,
  wentWell: r.went_well,
  toChange: r.to_change,
  noBuyReason: r.no_buy_reason,
  nextStep: r.next_step,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export function createDebriefsRepository(db: BetterSqlite3.Database, now: Clock = Date.now) {
  // One debrief per call: saving again replaces the text but keeps when it was first written.
  const upsert = db.prepare<[DebriefRow], DebriefRow>(`
    INSERT INTO debriefs (call_id, went_well, to_change, no_buy_reason, next_step, created_at, updated_at)
    VALUES (@call_id, @went_well, @to_change, @no_buy_reason, @next_step, @created_at, @updated_at)
    ON CONFLICT (call_id) DO UPDATE SET
      went_well = excluded.went_well, to_change = excluded.to_change,
      no_buy_reason = excluded.no_buy_reason, next_step = excluded.next_step,
      updated_at = excluded.updated_at
    RETURNING *`)
  const selectOne = db.prepare<[string], DebriefRow>(`SELECT * FROM debriefs WHERE call_id = ?`)
  const remove = db.prepare<[string]>(`DELETE FROM debriefs WHERE call_id = ?`)
  // Through calls_by_prospect, then the debrief's primary key.
  const selectForProspect = db.prepare<[string], DebriefRow>(`
    SELECT d.* FROM calls c JOIN debriefs d ON d.call_id = c.id
    WHERE c.prospect_id = ?
    ORDER BY d.created_at, d.call_id`)

  return {
    get(callId: string): Debrief | undefined {
      const row = selectOne.get(callId)
      return row && toDebrief(row)
    },

    /** Creates or replaces the call's debrief; omitted fields are stored empty/null. */
    save(callId: string, input: DebriefInput): Debrief {
      const t = now()
      const row = upsert.get({
        call_id: callId,
        went_well: input.wentWell ?? '',
        to_change: input.toChange ?? '',
        no_buy_reason: input.noBuyReason ?? null,
        next_step: input.nextStep ?? '',
        created_at: t,
        updated_at: t,
      })
      return toDebrief(row!)
    },

    /** Debriefs of the prospect's calls, in the order they were first written. */
    listForProspect(prospectId: string): Debrief[] {
      return selectForProspect.all(prospectId).map(toDebrief)
    },

    delete(callId: string): boolean {
      return remove.run(callId).changes > 0
    },
  }
}

export type DebriefsRepository = ReturnType<typeof createDebriefsRepository>
