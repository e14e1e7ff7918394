import type BetterSqlite3 from 'better-sqlite3'
import { type Clock, newId, pick } from '../util'
// The vocabulary is the contract's: the CHECK constraints in migrations spell the same words.
import { PROSPECT_STATUSES } from '../../../contract/vocabulary'
export { PROSPECT_STATUSES }

export type ProspectStatus = (typeof PROSPECT_STATUSES)[number]

export interface Prospect {
  id: string
  name: string
  company: string | null
  title: string | null
  phone: string | null
  email: string | null
  status: ProspectStatus
  statusReason: string | null
  createdAt: number
  updatedAt: number
}

export interface NewProspect {
  id?: string
  name: string
  company?: string | null
  title?: string | null
  phone?: string | null
  email?: string | null
  status?: ProspectStatus
  statusReason?: string | null
}

/** `undefined` leaves a field as is, `null` clears it. Status has its own method. */
export type ProspectPatch = Partial<Pick<Prospect, 'name' | 'company' | 'title' | 'phone' | 'email'>>

export interface ListProspectsOptions {
  status?: ProspectStatus
  limit?: number
  offset?: number
}

interface ProspectRow {
  id: string
  name: string
  company: string | null
  title: string | null
  phone: string | null
  email: string | null
  status: ProspectStatus
  status_reason: string | null
  created_at: number
  updated_at: number
}

const toProspect = (r: ProspectRow): Prospect => ({
  id: r.id,
  name: r.name,
  company: r.company,
  title: r.title,
  phone: r.phone,
  email: r.email,
  status: r.status,
  statusReason: r.status_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export function createProspectsRepository(db: BetterSqlite3.Database, now: Clock = Date.now) {
  const insert = db.prepare<[ProspectRow], ProspectRow>(`
    INSERT INTO prospects (id, name, company, title, phone, email, status, status_reason, created_at, updated_at)
    VALUES (@id, @name, @company, @title, @phone, @email, @status, @status_reason, @created_at, @updated_at)
    RETURNING *`)
  const selectOne = db.prepare<[string], ProspectRow>(`SELECT * FROM prospects WHERE id = ?`)
  const selectAll = db.prepare<[{ status: string | null; limit: number; offset: number }], ProspectRow>(`
    SELECT * FROM prospects
    WHERE @status IS NULL OR status = @status
    ORDER BY name COLLATE NOCASE, id
    LIMIT @limit OFFSET @offset`)
  const updateFields = db.prepare<
    [Pick<ProspectRow, 'id' | 'name' | 'company' | 'title' | 'phone' | 'email' | 'updated_at'>],
    ProspectRow
  >(`
    UPDATE prospects
    SET name = @name, company = @company, title = @title, phone = @phone, email = @email, updated_at = @updated_at
    WHERE id = @id
    RETURNING *`)
  const updateStatus = db.prepare<[ProspectStatus, string | null, number, string], ProspectRow>(`
    UPDATE prospects SET status = ?, status_reason = ?, updated_at = ? WHERE id = ? RETURNING *`)
  const remove = db.prepare<[string]>(`DELETE FROM prospects WHERE id = ?`)

  const update = db.transaction((id: string, patch: ProspectPatch): Prospect | undefined => {
    const current = selectOne.get(id)
    if (!current) return undefined
    const row = updateFields.get({
      id,
      name: pick(patch.name, current.name),
      company: pick(patch.company, current.company),
      title: pick(patch.title, current.title),
      phone: pick(patch.phone, current.phone),
      email: pick(patch.email, current.email),
      updated_at: now(),
    })
    return row && toProspect(row)
  })

  const insertExact = db.prepare<[Prospect]>(`INSERT INTO prospects (id, name, company, title, phone, email, status, status_reason, created_at, updated_at)
    VALUES (@id, @name, @company, @title, @phone, @email, @status, @statusReason, @createdAt, @updatedAt)`)

  return {
    /** A record made on another machine (a bundle, the team server), stored as given: ids and timestamps included. The caller has checked for collisions. */
    importRecord(p: Prospect): void {
      insertExact.run(p)
    },

    create(input: NewProspect): Prospect {
      const t = now()
      const row = insert.get({
        id: input.id ?? newId(),
        name: input.name,
        company: input.company ?? null,
        title: input.title ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        status: input.status ?? 'active',
        status_reason: input.statusReason ?? null,
        created_at: t,
        updated_at: t,
      })
      return toProspect(row!)
    },

    get(id: string): Prospect | undefined {
      const row = selectOne.get(id)
      return row && toProspect(row)
    },

    /** Alphabetical by name (case-insensitive). */
    list(opts: ListProspectsOptions = {}): Prospect[] {
      return selectAll
        .all({ status: opts.status ?? null, limit: opts.limit ?? -1, offset: opts.offset ?? 0 })
        .map(toProspect)
    },

    /** Returns undefined when no prospect has that id. */
    update(id: string, patch: ProspectPatch): Prospect | undefined {
      return update.immediate(id, patch)
    },

    /** The reason is replaced (cleared when omitted) so a stale reason never sticks to a new status. */
    setStatus(id: string, status: ProspectStatus, reason?: string | null): Prospect | undefined {
      const row = updateStatus.get(status, reason ?? null, now(), id)
      return row && toProspect(row)
    },

    /** Cascades to the prospect's schedule and notes; their calls stay, unlinked. */
    delete(id: string): boolean {
      return remove.run(id).changes > 0
    },
  }
}

export type ProspectsRepository = ReturnType<typeof createProspectsRepository>
