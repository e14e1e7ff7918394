import type BetterSqlite3 from 'better-sqlite3'
import { type Clock, newId, pick, toMs } from '../util'
// The vocabulary is the contract's: the CHECK constraints in migrations spell the same words.
import { SCHEDULED_CALL_STATUSES } from '../../../contract/vocabulary'
export { SCHEDULED_CALL_STATUSES }

export type ScheduledCallStatus = (typeof SCHEDULED_CALL_STATUSES)[number]

export interface ScheduledCall {
  id: string
  prospectId: string
  scheduledAt: number
  status: ScheduledCallStatus
  /** Recap / opener / plan for the call. */
  planNotes: string
  rehearsalNotes: string
  createdAt: number
  updatedAt: number
}

export interface ScheduledCallSummary extends ScheduledCall {
  prospectName: string
  prospectCompany: string | null
}

export interface NewScheduledCall {
  id?: string
  prospectId: string
  scheduledAt: number
  status?: ScheduledCallStatus
  planNotes?: string
  rehearsalNotes?: string
}

export type ScheduledCallPatch = Partial<Pick<ScheduledCall, 'scheduledAt' | 'planNotes' | 'rehearsalNotes'>>

interface ScheduledCallRow {
  id: string
  prospect_id: string
  scheduled_at: number
  status: ScheduledCallStatus
  plan_notes: string
  rehearsal_notes: string
  created_at: number
  updated_at: number
}

interface SummaryRow extends ScheduledCallRow {
  prospect_name: string
  prospect_company: string | null
}

const toScheduledCall = (r: ScheduledCallRow): ScheduledCall => ({
  id: r.id,
  prospectId: r.prospect_id,
  scheduledAt: r.scheduled_at,
  status: r.status,
  planNotes: r.plan_notes,
  rehearsalNotes: r.rehearsal_notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const toSummary = (r: SummaryRow): ScheduledCallSummary => ({
  ...toScheduledCall(r),
  prospectName: r.prospect_name,
  prospectCompany: r.prospect_company,
})

const SUMMARY_SELECT = `
  SELECT sc.*, p.name AS prospect_name, p.company AS prospect_company
  FROM scheduled_calls sc JOIN prospects p ON p.id = sc.prospect_id`

export function createScheduledCallsRepository(db: BetterSqlite3.Database, now: Clock = Date.now) {
  const insert = db.prepare<[ScheduledCallRow], ScheduledCallRow>(`
    INSERT INTO scheduled_calls (id, prospect_id, scheduled_at, status, plan_notes, rehearsal_notes, created_at, updated_at)
    VALUES (@id, @prospect_id, @scheduled_at, @status, @plan_notes, @rehearsal_notes, @created_at, @updated_at)
    RETURNING *`)
  const selectOne = db.prepare<[string], ScheduledCallRow>(`SELECT * FROM scheduled_calls WHERE id = ?`)
  const selectUpcoming = db.prepare<[{ from: number; limit: number }], SummaryRow>(`
    ${SUMMARY_SELECT}
    WHERE sc.status = 'scheduled' AND sc.scheduled_at >= @from
    ORDER BY sc.scheduled_at, sc.id
    LIMIT @limit`)
  const selectForProspect = db.prepare<[string], ScheduledCallRow>(`
    SELECT * FROM scheduled_calls WHERE prospect_id = ? ORDER BY scheduled_at, id`)
  const selectNextForProspect = db.prepare<[string, number], ScheduledCallRow>(`
    SELECT * FROM scheduled_calls
    WHERE prospect_id = ? AND status = 'scheduled' AND scheduled_at >= ?
    ORDER BY scheduled_at, id LIMIT 1`)
  const selectSummary = db.prepare<[string], SummaryRow>(`${SUMMARY_SELECT} WHERE sc.id = ?`)
  // Both use the (status, scheduled_at) index: a range scan per status, never the whole table.
  const selectBetween = db.prepare<[{ from: number; to: number }], SummaryRow>(`
    ${SUMMARY_SELECT}
    WHERE sc.status IN ('scheduled', 'done') AND sc.scheduled_at >= @from AND sc.scheduled_at < @to
    ORDER BY sc.scheduled_at, sc.id`)
  const selectOverdue = db.prepare<[{ before: number; limit: number }], SummaryRow>(`
    ${SUMMARY_SELECT}
    WHERE sc.status = 'scheduled' AND sc.scheduled_at < @before
    ORDER BY sc.scheduled_at, sc.id
    LIMIT @limit`)
  const updateFields = db.prepare<
    [Pick<ScheduledCallRow, 'id' | 'scheduled_at' | 'plan_notes' | 'rehearsal_notes' | 'updated_at'>],
    ScheduledCallRow
  >(`
    UPDATE scheduled_calls
    SET scheduled_at = @scheduled_at, plan_notes = @plan_notes, rehearsal_notes = @rehearsal_notes, updated_at = @updated_at
    WHERE id = @id RETURNING *`)
  const updateStatus = db.prepare<[ScheduledCallStatus, number, string], ScheduledCallRow>(`
    UPDATE scheduled_calls SET status = ?, updated_at = ? WHERE id = ? RETURNING *`)
  const remove = db.prepare<[string]>(`DELETE FROM scheduled_calls WHERE id = ?`)

  const update = db.transaction((id: string, patch: ScheduledCallPatch): ScheduledCall | undefined => {
    const current = selectOne.get(id)
    if (!current) return undefined
    const row = updateFields.get({
      id,
      scheduled_at: patch.scheduledAt === undefined ? current.scheduled_at : toMs(patch.scheduledAt, 'scheduledAt'),
      plan_notes: pick(patch.planNotes, current.plan_notes),
      rehearsal_notes: pick(patch.rehearsalNotes, current.rehearsal_notes),
      updated_at: now(),
    })
    return row && toScheduledCall(row)
  })

  const insertExact = db.prepare<[ScheduledCall]>(`INSERT INTO scheduled_calls (id, prospect_id, scheduled_at, status, plan_notes, rehearsal_notes, created_at, updated_at)
    VALUES (@id, @prospectId, @scheduledAt, @status, @planNotes, @rehearsalNotes, @createdAt, @updatedAt)`)

  return {
    /** A record made on another machine (a bundle, the team server), stored as given: ids and timestamps included. The caller has checked for collisions. */
    importRecord(s: ScheduledCall): void {
      insertExact.run(s)
    },

    create(input: NewScheduledCall): ScheduledCall {
      const t = now()
      const row = insert.get({
        id: input.id ?? newId(),
        prospect_id: input.prospectId,
        scheduled_at: toMs(input.scheduledAt, 'scheduledAt'),
        status: input.status ?? 'scheduled',
        plan_notes: input.planNotes ?? '',
        rehearsal_notes: input.rehearsalNotes ?? '',
        created_at: t,
        updated_at: t,
      })
      return toScheduledCall(row!)
    },

    get(id: string): ScheduledCall | undefined {
      const row = selectOne.get(id)
      return row && toScheduledCall(row)
    },

    /** Still-scheduled calls at or after `from`, soonest first, with the prospect's name. */
    listUpcoming(opts: { from: number; limit?: number }): ScheduledCallSummary[] {
      return selectUpcoming.all({ from: toMs(opts.from, 'from'), limit: opts.limit ?? -1 }).map(toSummary)
    },

    /** With the prospect's name and company. */
    getSummary(id: string): ScheduledCallSummary | undefined {
      const row = selectSummary.get(id)
      return row && toSummary(row)
    },

    /** Scheduled or done (not cancelled) in [from, to), soonest first: a day's or a week's calls. */
    listBetween(opts: { from: number; to: number }): ScheduledCallSummary[] {
      return selectBetween.all({ from: toMs(opts.from, 'from'), to: toMs(opts.to, 'to') }).map(toSummary)
    },

    /** Follow-ups whose time has passed while still scheduled, oldest first. */
    listOverdue(opts: { before: number; limit?: number }): ScheduledCallSummary[] {
      return selectOverdue.all({ before: toMs(opts.before, 'before'), limit: opts.limit ?? -1 }).map(toSummary)
    },

    /** Every schedule entry for the prospect, any status, oldest first. */
    listForProspect(prospectId: string): ScheduledCall[] {
      return selectForProspect.all(prospectId).map(toScheduledCall)
    },

    /** The call the rep should rehearse for next. */
    nextForProspect(prospectId: string, from: number): ScheduledCall | undefined {
      const row = selectNextForProspect.get(prospectId, toMs(from, 'from'))
      return row && toScheduledCall(row)
    },

    update(id: string, patch: ScheduledCallPatch): ScheduledCall | undefined {
      return update.immediate(id, patch)
    },

    setStatus(id: string, status: ScheduledCallStatus): ScheduledCall | undefined {
      const row = updateStatus.get(status, now(), id)
      return row && toScheduledCall(row)
    },

    /** Linked calls stay, unlinked; the entry's notes go with it. */
    delete(id: string): boolean {
      return remove.run(id).changes > 0
    },
  }
}

export type ScheduledCallsRepository = ReturnType<typeof createScheduledCallsRepository>
