/** Calls, their lines and flags, and the call list. */
import { z } from 'zod'
import { CALL_KINDS, CALL_MODES, CALL_STATUSES, FLAG_KINDS, FLAG_TIERS, SEGMENT_SOURCES, SEGMENT_STATUSES, SEGMENT_TIERS } from '../vocabulary'
import { EpochMs, Id } from './common'

export const CallKind = z.enum(CALL_KINDS)
export const CallStatus = z.enum(CALL_STATUSES)
export const SegmentStatus = z.enum(SEGMENT_STATUSES)
export type CallKind = z.infer<typeof CallKind>
export type CallStatus = z.infer<typeof CallStatus>

export const CallSummary = z.object({
  id: Id,
  kind: CallKind,
  status: CallStatus,
  startedAt: EpochMs,
  endedAt: EpochMs.nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
  prospectName: z.string().nullable(),
  deviceLabel: z.string().nullable(),
  segmentCount: z.number().int().nonnegative(),
  hasAudio: z.boolean(),
  /** The rep's own name for the call; null (or absent, from older senders) for the default. */
  title: z.string().max(200).nullable().optional(),
})
export type CallSummary = z.infer<typeof CallSummary>

/** How a call was made: a real call, a rehearsal out loud, or a typed script check. */
export const CallMode = z.enum(CALL_MODES)
export type CallMode = z.infer<typeof CallMode>

/** A row of the call list: what tells calls apart, and the line that matched a search. */
export const CallListItem = CallSummary.extend({
  mode: CallMode,
  flagCount: z.number().int().nonnegative(),
  /** The same length the debrief's header shows (typed lines count to their estimated end); null while recording. */
  lengthMs: z.number().int().nonnegative().nullable(),
  /** The first matching line, the matched words between \u0002 and \u0003; null without a search or when the name matched. */
  match: z.object({ text: z.string(), atMs: z.number().int().nonnegative() }).nullable(),
})
export type CallListItem = z.infer<typeof CallListItem>

export const Segment = z.object({
  id: z.number().int().positive(),
  callId: Id,
  seq: z.number().int().nonnegative(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  text: z.string(),
  status: SegmentStatus,
  source: z.enum(SEGMENT_SOURCES),
  error: z.string().nullable(),
  /** 'provisional': decoded live; 'final': re-decoded at full context after the turn (typed lines are final). */
  tier: z.enum(SEGMENT_TIERS).optional(),
  /** Its final-tier text is still to come (the debrief says the transcript is being finished). */
  finalDue: z.boolean().optional(),
})
export type Segment = z.infer<typeof Segment>

// The coach owns the list of flag kinds (pure data, no I/O); the contract validates against it.
export const FlagKind = z.enum(FLAG_KINDS)

export const Flag = z.object({
  id: Id,
  callId: Id,
  segmentId: z.number().int().positive().nullable(),
  kind: FlagKind,
  evidence: z.string(),
  /** One line for the overlay (at most 60 characters). */
  prompt: z.string().max(60),
  explanation: z.string(),
  /** When in the call it was raised: the end of the segment that triggered it. */
  atMs: z.number().int().nonnegative(),
  dismissedAt: EpochMs.nullable(),
  /** Shown live, then not supported by the utterance's whole or final text: kept, shown struck through. */
  retractedAt: EpochMs.nullable().optional(),
  /** How sure the coach is (0..1). */
  confidence: z.number().min(0).max(1).optional(),
  /** 'confident': shown in the live overlay; 'possible': only in the debrief, marked as possible. */
  tier: z.enum(FLAG_TIERS).optional(),
})
export type Flag = z.infer<typeof Flag>

export const CallDetail = z.object({
  call: CallSummary,
  segments: z.array(Segment),
  flags: z.array(Flag),
  /** URL the renderer can put in an <audio> element; null when no audio was kept. */
  audioUrl: z.string().nullable(),
})
export type CallDetail = z.infer<typeof CallDetail>

export const callChannels = {
  listCalls: {
    channel: 'calls:list',
    input: z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict()
      .optional(),
    output: z.array(CallSummary),
  },
  getCall: { channel: 'calls:get', input: z.object({ callId: Id }).strict(), output: CallDetail },
  /** The call list: search across transcripts and names (every word, as a prefix), filters, pages. */
  searchCalls: {
    channel: 'calls:search',
    input: z
      .object({
        query: z.string().max(200).optional(),
        mode: CallMode.optional(),
        prospectId: Id.optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({ items: z.array(CallListItem), total: z.number().int().nonnegative() }),
  },
  /** An empty title goes back to the default name. */
  renameCall: {
    channel: 'calls:rename',
    input: z.object({ callId: Id, title: z.string().max(200) }).strict(),
    output: CallSummary,
  },
  /** Deletes the call with its transcript, flags, notes and audio file. Not while it records. */
  deleteCall: { channel: 'calls:delete', input: z.object({ callId: Id }).strict(), output: z.object({ callId: Id }) },
  /** Puts a call's untranscribed speech back in line (e.g. it was recorded before a model was installed). */
  retranscribeCall: {
    channel: 'calls:retranscribe',
    input: z.object({ callId: Id }).strict(),
    output: z.object({ queued: z.number().int().nonnegative() }),
  },
  /** "Not relevant": the prompt leaves the overlay and the debrief counts it. */
  dismissFlag: { channel: 'flags:dismiss', input: z.object({ flagId: Id }).strict(), output: Flag },
} as const
