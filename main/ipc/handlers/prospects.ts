/**
 * IPC handlers for prospects and their notes: the call screen's picker, the
 * prospect page, status with its reason, rename, delete, notes. Every change
 * to who is on the lists tells open lists to reload (prospectsChanged).
 */
import type { Emit } from '../../../contract/emit'
import { notFound } from '../../errors'
import { loadProspectPage } from '../../prospect/load-prospect'
import { toNoteDto, toProspectDto, toProspectProfileDto, type Store } from '../../store'
import type { Handlers } from '../dispatch'

export type ProspectHandlerName =
  | 'listProspects'
  | 'createProspect'
  | 'listAllProspects'
  | 'getProspect'
  | 'renameProspect'
  | 'deleteProspect'
  | 'setProspectStatus'
  | 'addProspectNote'
  | 'editNote'
  | 'deleteNote'

export interface ProspectDeps {
  store: Store
  emit: Emit
  now?: () => number
}

export function prospectHandlers(deps: ProspectDeps): Pick<Handlers, ProspectHandlerName> {
  const { store, emit } = deps
  const now = deps.now ?? Date.now
  const requireProspect = (id: string) => {
    const p = store.prospects.get(id)
    if (!p) throw notFound('That prospect')
    return p
  }

  return {
    listProspects: () => store.prospects.list({ status: 'active' }).map(toProspectDto),
    createProspect: (input) => {
      const created = store.prospects.create({ name: input.name, company: input.company ?? null })
      emit('prospectsChanged', { prospectId: created.id })
      return toProspectDto(created)
    },
    listAllProspects: () => store.prospects.list().map(toProspectProfileDto),
    getProspect: ({ prospectId }) => {
      const page = loadProspectPage(store, prospectId, now())
      if (!page) throw notFound('That prospect')
      return page
    },

    renameProspect: ({ prospectId, name, company }) => {
      const updated = store.prospects.update(prospectId, { name, company: company?.trim() ? company : null })
      if (!updated) throw notFound('That prospect')
      emit('prospectsChanged', { prospectId })
      return toProspectProfileDto(updated)
    },

    deleteProspect: ({ prospectId }) => {
      if (!store.prospects.delete(prospectId)) throw notFound('That prospect')
      emit('prospectsChanged', { prospectId })
      return { prospectId }
    },

    setProspectStatus: ({ prospectId, status, reason }) => {
      requireProspect(prospectId)
      const updated = toProspectProfileDto(store.prospects.setStatus(prospectId, status, status === 'active' ? null : reason)!)
      emit('prospectsChanged', { prospectId })
      return updated
    },

    addProspectNote: ({ prospectId, body }) => {
      requireProspect(prospectId)
      return toNoteDto(store.notes.create({ prospectId, body, kind: 'general' }))
    },

    editNote: ({ noteId, body }) => {
      const note = store.notes.update(noteId, { body })
      if (!note) throw notFound('That note')
      return toNoteDto(note)
    },

    deleteNote: ({ noteId }) => {
      if (!store.notes.delete(noteId)) throw notFound('That note')
      return { noteId }
    },
  }
}
