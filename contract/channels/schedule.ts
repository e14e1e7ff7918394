/** The next call: scheduled calls, their plans, the schedule and a drafted plan. */
import { z } from 'zod'
import { SCHEDULED_CALL_STATUSES } from '../vocabulary'
import { EpochMs, Id, LongText } from './common'

export const ScheduledCallStatus = z.enum(SCHEDULED_CALL_STATUSES)

export const ScheduledCall = z.object({
  id: Id,
  prospectId: Id,
  prospectName: z.string(),
  prospectCompany: z.string().nullable(),
  scheduledAt: EpochMs,
  status: ScheduledCallStatus,
  /** Recap and opener, edited by the rep; its bulleted lines are the overlay's checklist. */
  planNotes: z.string(),
  rehearsalNotes: z.string(),
})
export type ScheduledCall = z.infer<typeof ScheduledCall>

export const PlanDraft = z.object({
  text: z.string(),
  recap: z.object({ given: z.array(z.string()), asked: z.array(z.string()), agreed: z.array(z.string()) }),
  opener: z.array(z.string()),
})
export type PlanDraft = z.infer<typeof PlanDraft>

export const Schedule = z.object({
  overdue: z.array(ScheduledCall),
  today: z.array(ScheduledCall),
  thisWeek: z.array(ScheduledCall),
  later: z.array(ScheduledCall),
})
export type Schedule = z.infer<typeof Schedule>

export const scheduleChannels = {
  /** A recap of the call and the playbook's opener, to edit into the next call's plan. */
  draftPlan: { channel: 'plan:draft', input: z.object({ callId: Id }).strict(), output: PlanDraft },
  scheduleCall: {
    channel: 'schedule:create',
    input: z
      .object({
        prospectId: Id,
        scheduledAt: EpochMs,
        planNotes: LongText.default(''),
        rehearsalNotes: LongText.default(''),
      })
      .strict(),
    output: ScheduledCall,
  },
  getScheduledCall: { channel: 'schedule:get', input: z.object({ scheduledCallId: Id }).strict(), output: ScheduledCall },
  savePlan: {
    channel: 'schedule:save-plan',
    input: z
      .object({
        scheduledCallId: Id,
        scheduledAt: EpochMs.optional(),
        planNotes: LongText.optional(),
        rehearsalNotes: LongText.optional(),
        status: ScheduledCallStatus.optional(),
      })
      .strict(),
    output: ScheduledCall,
  },
  listSchedule: {
    channel: 'schedule:list',
    input: z.object({ now: EpochMs.optional() }).strict(),
    output: Schedule,
  },
} as const
