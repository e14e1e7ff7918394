/** Prospects: the picker, the prospect page with its history, statuses and notes. */
import { z } from 'zod'
import { PROSPECT_STATUSES } from '../vocabulary'
import { EpochMs, Id, NoInput } from './common'
import { CallSummary } from './calls'
import { DebriefNotes, Note } from './notes'
import { ScheduledCall } from './schedule'

export const ProspectStatus = z.enum(PROSPECT_STATUSES)
export type ProspectStatus = z.infer<typeof ProspectStatus>

export const Prospect = z.object({
  id: Id,
  name: z.string(),
  company: z.string().nullable(),
  status: ProspectStatus,
})
export type Prospect = z.infer<typeof Prospect>

/** A prospect with what the prospect page needs beyond the picker's fields. */
export const ProspectProfile = Prospect.extend({
  statusReason: z.string().nullable(),
  title: z.string().nullable(),
  createdAt: EpochMs,
})
export type ProspectProfile = z.infer<typeof ProspectProfile>

/** One entry of a prospect's history; `at` orders them. */
export const HistoryItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), at: EpochMs, call: CallSummary, flagCount: z.number().int().nonnegative() }),
  z.object({ type: z.literal('debrief'), at: EpochMs, callId: Id, notes: DebriefNotes }),
  z.object({ type: z.literal('note'), at: EpochMs, note: Note }),
])
export type HistoryItem = z.infer<typeof HistoryItem>

export const ProspectPage = z.object({
  prospect: ProspectProfile,
  /** Calls, debriefs and notes, oldest first. */
  history: z.array(HistoryItem),
  scheduled: z.array(ScheduledCall),
  nextScheduledCall: ScheduledCall.nullable(),
})
export type ProspectPage = z.infer<typeof ProspectPage>

export const prospectChannels = {
  listProspects: { channel: 'prospects:list', input: NoInput, output: z.array(Prospect) },
  createProspect: {
    channel: 'prospects:create',
    input: z.object({ name: z.string().trim().min(1).max(200), company: z.string().trim().max(200).optional() }).strict(),
    output: Prospect,
  },

  listAllProspects: { channel: 'prospects:list-all', input: NoInput, output: z.array(ProspectProfile) },
  getProspect: { channel: 'prospects:get', input: z.object({ prospectId: Id }).strict(), output: ProspectPage },
  renameProspect: {
    channel: 'prospects:rename',
    input: z.object({ prospectId: Id, name: z.string().trim().min(1).max(200), company: z.string().trim().max(200).optional() }).strict(),
    output: ProspectProfile,
  },
  /** Deletes the prospect, their scheduled calls and notes; their calls are kept, without a prospect. */
  deleteProspect: { channel: 'prospects:delete', input: z.object({ prospectId: Id }).strict(), output: z.object({ prospectId: Id }) },
  setProspectStatus: {
    channel: 'prospects:set-status',
    input: z
      .object({ prospectId: Id, status: ProspectStatus, reason: z.string().trim().max(2000).optional() })
      .strict()
      .refine((v) => v.status === 'active' || !!v.reason, {
        message: 'Say why: a prospect marked "not now" or "dead" needs the reason',
        path: ['reason'],
      }),
    output: ProspectProfile,
  },
  addProspectNote: {
    channel: 'prospects:add-note',
    input: z.object({ prospectId: Id, body: z.string().trim().min(1).max(20_000) }).strict(),
    output: Note,
  },
} as const
