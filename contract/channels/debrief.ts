/** The debrief of one call: figures, timeline, the rep's notes and what comes next. */
import { z } from 'zod'
import { EpochMs, Id, LongText } from './common'
import { CallDetail } from './calls'
import { DebriefNotes } from './notes'
import { ProspectProfile } from './prospects'
import { ScheduledCall } from './schedule'

const Ms = z.number().int().nonnegative()

export const DebriefFigures = z.object({
  talkMs: Ms,
  longestMonologueMs: Ms,
  longestMonologueAtMs: Ms.nullable(),
  probesBeforeFirstGive: z.number().int().nonnegative(),
  firstGiveMs: Ms.nullable(),
  firstCommitmentAskMs: Ms.nullable(),
  flagCount: z.number().int().nonnegative(),
  flagsByKind: z.record(z.string(), z.number().int().nonnegative()),
  promptsDismissed: z.number().int().nonnegative(),
})
export type DebriefFigures = z.infer<typeof DebriefFigures>

export const Timeline = z.object({
  durationMs: z.number().nonnegative(),
  binMs: z.number().nonnegative(),
  /** Share of each equal slice of the call the rep spent talking. */
  talk: z.array(z.number().min(0).max(1)),
  flags: z.array(z.object({ atMs: Ms, kind: z.string(), dismissed: z.boolean() })),
})
export type Timeline = z.infer<typeof Timeline>

export const Debrief = z.object({
  detail: CallDetail,
  /** Null until the rep saves one. */
  notes: DebriefNotes.extend({ updatedAt: EpochMs }).nullable(),
  figures: DebriefFigures,
  timeline: Timeline,
  prospect: ProspectProfile.nullable(),
  /** The scheduled call this call was made for, if any. */
  scheduledCall: ScheduledCall.nullable(),
  /** The prospect's next still-scheduled call, if one exists. */
  nextScheduledCall: ScheduledCall.nullable(),
})
export type Debrief = z.infer<typeof Debrief>

export const debriefChannels = {
  getDebrief: { channel: 'debrief:get', input: z.object({ callId: Id }).strict(), output: Debrief },
  saveDebrief: {
    channel: 'debrief:save',
    input: z
      .object({
        callId: Id,
        wentWell: LongText.default(''),
        toChange: LongText.default(''),
        noBuyReason: LongText.nullable().default(null),
        nextStep: LongText.default(''),
      })
      .strict(),
    output: DebriefNotes.extend({ updatedAt: EpochMs }),
  },
} as const
