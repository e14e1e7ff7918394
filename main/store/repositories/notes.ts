import type BetterSqlite3 from 'better-sqlite3'
import { type Clock, newId, pick } from '../util'
// The vocabulary is the contract's: the CHECK constraints in migrations spell the same words.
import { NOTE_KINDS } from '../../../contract/vocabulary'
export { NOTE_KINDS }

export type NoteKind = (typeof NOTE_KINDS)[number]

/** Attached to at least one of prospect / scheduled call / call; deleted with any of them. */
export interface Note {
  id: string
  prospectId: string | null
  scheduledCallId: string | null
  callId: string | null
  kind: NoteKind
  body: string
  createdAt: number
  updatedAt: number
}

export interface NewNote {
  id?: string
  prospectId?: string | null
  scheduledCallId?: string | null
  callId?: string | null
  kind?: NoteKind
  body: string
}

export type NotePatch = Partial<Pick<Note, 'kind' | 'body'>>

interface NoteRow {
  id: string
  prospect_id: string | null
  scheduled_call_id: string | null
  call_id: string | null
  kind: NoteKind
  body: string
  created_at: number
  updated_at: number
}

const toNote = (r: NoteRow): Note => ({
  id: r.id,
  prospectId: r.prospect_id,
  scheduledCallId: r.scheduled_call_id,
  callId: r.call_id,
  kind: r.kind,
  body: r.body,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export function createNotesRepository(db: BetterSqlite3.Database, now: Clock = Date.now) {
  const insert = db.prepare<[NoteRow], NoteRow>(`
    INSERT INTO notes (id, prospect_id, scheduled_call_id, call_id, kind, body, created_at, updated_at)
    VALUES (@id, @prospect_id, @scheduled_call_id, @call_id, @kind, @body, @created_at, @updated_at)
    RETURNING *`)
  const selectOne = db.prepare<[string], NoteRow>(`SELECT * FROM notes WHERE id = ?`)
  const selectForProspect = db.prepare<[string], NoteRow>(`
    SELECT * FROM notes WHERE prospect_id = ? ORDER BY created_at, id`)
  const selectForScheduledCall = db.prepare<[string], NoteRow>(`
    SELECT * FROM notes WHERE scheduled_call_id = ? ORDER BY created_at, id`)
  const selectForCall = db.prepare<[string], NoteRow>(`
    SELECT * FROM notes WHERE call_id = ? ORDER BY created_at, id`)
  const updateFields = db.prepare<[NoteKind, string, number, string], NoteRow>(`
    UPDATE notes SET kind = ?, body = ?, updated_at = ? WHERE id = ? RETURNING *`)
  const remove = db.prepare<[string]>(`DELETE FROM notes WHERE id = ?`)

  const update = db.transaction((id: string, patch: NotePatch): Note | undefined => {
    const current = selectOne.get(id)
    if (!current) return undefined
    const row = updateFields.get(pick(patch.kind, current.kind), pick(patch.body, current.body), now(), id)
    return row && toNote(row)
  })

  const insertExact = db.prepare<[Note]>(`INSERT INTO notes (id, prospect_id, scheduled_call_id, call_id, kind, body, created_at, updated_at)
    VALUES (@id, @prospectId, @scheduledCallId, @callId, @kind, @body, @createdAt, @updatedAt)`)

  return {
    /** A record made on another machine (a bundle, the team server), stored as given: ids and timestamps included. The caller has checked for collisions. */
    importRecord(n: Note): void {
      insertExact.run(n)
    },

    create(input: NewNote): Note {
      const t = now()
      const row = insert.get({
        id: input.id ?? newId(),
        prospect_id: input.prospectId ?? null,
        scheduled_call_id: input.scheduledCallId ?? null,
        call_id: input.callId ?? null,
        kind: input.kind ?? 'general',
        body: input.body,
        created_at: t,
        updated_at: t,
      })
      return toNote(row!)
    },

    get(id: string): Note | undefined {
      const row = selectOne.get(id)
      return row && toNote(row)
    },

    /** Oldest first, like the other note lists. */
    listForProspect(prospectId: string): Note[] {
      return selectForProspect.all(prospectId).map(toNote)
    },

    listForScheduledCall(scheduledCallId: string): Note[] {
      return selectForScheduledCall.all(scheduledCallId).map(toNote)
    },

    listForCall(callId: string): Note[] {
      return selectForCall.all(callId).map(toNote)
    },

    update(id: string, patch: NotePatch): Note | undefined {
      return update.immediate(id, patch)
    },

    delete(id: string): boolean {
      return remove.run(id).changes > 0
    },
  }
}

export type NotesRepository = ReturnType<typeof createNotesRepository>
