/** Recording a call: start, stop, audio frames, typed lines, and picking a running call up again. */
import { z } from 'zod'
import { EpochMs, Id, NoInput } from './common'
import { CallKind, CallSummary, Segment } from './calls'

/** The call being recorded now, so a reloaded page can pick it up again (resume sending audio from nextSeq). */
export const ActiveCall = z.object({
  callId: z.string().uuid(),
  kind: CallKind,
  startedAt: z.number().int().nonnegative(),
  /** The next audio frame seq main will accept (frames at or below the last one are dropped). */
  nextSeq: z.number().int().nonnegative(),
})
export type ActiveCall = z.infer<typeof ActiveCall>

// PCM frames: 16 kHz mono s16le, at most 1 s per frame, whole samples only.
export const MAX_FRAME_BYTES = 32_000
export const PcmFrame = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'PCM frame must be binary (Uint8Array)' })
  .refine((b) => b.byteLength > 0 && b.byteLength <= MAX_FRAME_BYTES, {
    message: `PCM frame must be 1..${MAX_FRAME_BYTES} bytes`,
  })
  .refine((b) => b.byteLength % 2 === 0, { message: 'PCM frame must hold whole 16-bit samples' })

export const recordingChannels = {
  startCall: {
    channel: 'calls:start',
    input: z
      .object({
        kind: CallKind.default('live'),
        deviceLabel: z.string().max(512).optional(),
        prospectId: Id.optional(),
        /** Makes this the scheduled call: the recording is linked to it and its plan goes to the overlay. */
        scheduledCallId: Id.optional(),
      })
      .strict(),
    output: z.object({ callId: Id, startedAt: EpochMs, sampleRate: z.literal(16000) }),
  },
  stopCall: { channel: 'calls:stop', input: z.object({ callId: Id }).strict(), output: CallSummary },
  pushAudio: {
    channel: 'calls:push-audio',
    input: z.object({ callId: Id, seq: z.number().int().nonnegative(), pcm: PcmFrame }).strict(),
    output: z.object({ acceptedBytes: z.number().int().nonnegative() }),
  },

  /** A line the rep types or pastes (script check, practice): it takes the same path as speech. */
  addPracticeLine: {
    channel: 'calls:add-practice-line',
    input: z.object({ callId: Id, text: z.string().trim().min(1).max(2000) }).strict(),
    output: Segment,
  },
  /** The call recording now (after a reload or a renderer crash); null when none. */
  getActiveCall: { channel: 'recording:active', input: NoInput, output: ActiveCall.nullable() },
} as const
