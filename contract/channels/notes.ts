/** What the rep writes: debrief notes and notes on a prospect. */
import { z } from 'zod'
import { NOTE_KINDS } from '../vocabulary'
import { EpochMs, Id, LongText } from './common'

/** What the rep writes after the call. */
export const DebriefNotes = z.object({
  wentWell: LongText,
  toChange: LongText,
  /** The real reason they did not buy; null when it does not apply. */
  noBuyReason: LongText.nullable(),
  nextStep: LongText,
})
export type DebriefNotes = z.infer<typeof DebriefNotes>

export const Note = z.object({
  id: Id,
  kind: z.enum(NOTE_KINDS),
  body: z.string(),
  createdAt: EpochMs,
})
export type Note = z.infer<typeof Note>

export const noteChannels = {
  editNote: {
    channel: 'notes:edit',
    input: z.object({ noteId: Id, body: z.string().trim().min(1).max(20_000) }).strict(),
    output: Note,
  },
  deleteNote: { channel: 'notes:delete', input: z.object({ noteId: Id }).strict(), output: z.object({ noteId: Id }) },
} as const
