/**
 * The last check before a bundle commits: everything it added, read back from
 * the store exactly as the renderer will ask for it, must be what the IPC
 * contract promises. The dispatcher checks every reply against the contract,
 * so a row that fails here would make the call, prospect or review lists fail
 * on every start; refusing inside the transaction rolls the bundle back instead.
 */
import type { z } from 'zod'
import {
  CallSummary,
  CoachComment,
  Flag,
  Note,
  ProspectProfile,
  Review,
  ScheduledCall,
  Segment,
} from '../../contract/ipc-contract'
import { toCallSummaryDto, toFlagDto, toNoteDto, toProspectProfileDto, toScheduledCallDto, toSegmentDto, type Store } from '../store'
import { formatPath } from './entries'
import { BundleError } from './errors'

function check<S extends z.ZodType>(schema: S, build: () => unknown, entry: string, what: string): void {
  let value: unknown
  try {
    value = build()
  } catch (error) {
    throw new BundleError('invalid-data', `${entry}: ${what} cannot be shown by Call Desk (${(error as Error).message}); nothing was imported.`, entry)
  }
  const result = schema.safeParse(value)
  if (result.success) return
  const issue = result.error.issues[0]!
  const field = formatPath(issue.path)
  throw new BundleError('invalid-data', `${entry}: ${what}${field ? ` ${field}` : ''}: ${issue.message}; nothing was imported.`, entry, field || undefined)
}

export interface AddedRecords {
  callId: string
  prospectIds?: readonly string[]
  scheduledCallIds?: readonly string[]
  noteIds?: readonly string[]
  /** Check only these comments/reviews (a merge), or every one of the call (an import). */
  commentIds?: readonly string[]
  reviewIds?: readonly string[]
}

/** Throws BundleError('invalid-data') naming the first record the contract would refuse. */
export function assertContractShapes(store: Store, added: AddedRecords): void {
  const { callId } = added
  check(CallSummary, () => toCallSummaryDto(store.calls.getSummary(callId)!), 'call.json', `call ${callId}`)
  for (const s of store.segments.listForCall(callId)) check(Segment, () => toSegmentDto(s), 'transcript.json', `segment ${s.uid}`)
  for (const f of store.flags.listForCall(callId)) check(Flag, () => toFlagDto(f), 'flags.json', `flag ${f.id}`)
  for (const id of added.prospectIds ?? []) check(ProspectProfile, () => toProspectProfileDto(store.prospects.get(id)!), 'context.json', `prospect ${id}`)
  for (const id of added.scheduledCallIds ?? []) {
    check(ScheduledCall, () => toScheduledCallDto(store.scheduledCalls.getSummary(id)!), 'context.json', `scheduled call ${id}`)
  }
  for (const id of added.noteIds ?? []) check(Note, () => toNoteDto(store.notes.get(id)!), 'notes.json', `note ${id}`)
  const comments = store.coachComments.listForCall(callId).filter((c) => !added.commentIds || added.commentIds.includes(c.id))
  for (const c of comments) check(CoachComment, () => c, 'comments.json', `comment ${c.id}`)
  const reviews = store.reviews.listForCall(callId).filter((r) => !added.reviewIds || added.reviewIds.includes(r.id))
  for (const r of reviews) check(Review, () => r, 'reviews.json', `review ${r.id}`)
}
