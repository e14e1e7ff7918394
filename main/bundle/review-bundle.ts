/**
 * The coach's answer travelling back: their comments and verdict on one
 * rehearsal, merged into the rep's store. See README.md for the rules.
 */
import type { Store } from '../store'
import { assertUnique, inconsistent, jsonBytes, MiB, parseEntry, parseManifest, sameRecord } from './entries'
import { assertContractShapes } from './contract-check'
import { BundleError } from './errors'
import type { BundleOptions } from './rehearsal-bundle'
import {
  BUNDLE_VERSION,
  REVIEW_FORMAT,
  commentsSchema,
  reviewManifestSchema,
  reviewsSchema,
  type BundleComment,
  type BundleReview,
  type ReviewManifest,
} from './schemas'
import { readZip, writeZip, type ZipLimits } from './zip'

export const REVIEW_ENTRIES = {
  manifest: 'manifest.json',
  comments: 'comments.json',
  reviews: 'reviews.json',
} as const

export const DEFAULT_REVIEW_LIMITS: ZipLimits = {
  maxArchiveBytes: 32 * MiB,
  maxEntries: Object.keys(REVIEW_ENTRIES).length,
  maxTotalBytes: 32 * MiB,
  maxEntryBytes: {},
  defaultEntryBytes: 16 * MiB,
}

export interface ReviewBundle {
  manifest: ReviewManifest
  comments: BundleComment[]
  reviews: BundleReview[]
}

export interface ReviewMergeResult {
  callId: string
  added: { comments: number; reviews: number }
  /** Already here, identical: a re-merge of the same bundle adds nothing. */
  skipped: { comments: number; reviews: number }
}

/** The coach-role comments written by `reviewer` and the reviews they gave, for one rehearsal. */
export function exportReviewBundle(store: Store, callId: string, reviewer: string, opts: BundleOptions = {}): Uint8Array {
  const call = store.calls.get(callId)
  if (!call) throw new BundleError('not-found', `There is no call ${callId} to export a review for.`)
  if (call.kind !== 'rehearsal') throw new BundleError('not-a-rehearsal', 'Only rehearsals are reviewed.')
  const comments = store.coachComments.listForCall(callId).filter((c) => c.role === 'coach' && c.author === reviewer)
  const reviews = store.reviews.listForCall(callId).filter((r) => r.reviewer === reviewer)
  if (comments.length === 0 && reviews.length === 0) {
    throw new BundleError('nothing-to-export', `${reviewer} has no comments or verdict on this rehearsal yet.`)
  }
  const exportedAt = (opts.now ?? Date.now)()
  const manifest: ReviewManifest = {
    format: REVIEW_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt,
    callId,
    callStartedAt: call.startedAt,
    reviewer,
  }
  const files = new Map<string, Uint8Array>([
    [REVIEW_ENTRIES.manifest, jsonBytes(manifest)],
    [REVIEW_ENTRIES.comments, jsonBytes(comments)],
    [REVIEW_ENTRIES.reviews, jsonBytes(reviews)],
  ])
  decodeReviewEntries(files)
  return writeZip([...files].map(([name, data]) => ({ name, data })), exportedAt)
}

/** Reads and checks a review bundle without touching any store. */
export function readReviewBundle(bytes: Uint8Array, opts: BundleOptions = {}): ReviewBundle {
  const files = readZip(bytes, {
    allowed: new Set(Object.values(REVIEW_ENTRIES)),
    limits: { ...DEFAULT_REVIEW_LIMITS, ...opts.limits },
  })
  return decodeReviewEntries(files)
}

function decodeReviewEntries(files: ReadonlyMap<string, Uint8Array>): ReviewBundle {
  const E = REVIEW_ENTRIES
  const manifest = parseManifest(files, REVIEW_FORMAT, BUNDLE_VERSION, reviewManifestSchema)
  const comments = parseEntry(files, E.comments, commentsSchema)
  const reviews = parseEntry(files, E.reviews, reviewsSchema)
  assertUnique(comments, (c) => c.id, E.comments, 'id')
  assertUnique(reviews, (r) => r.id, E.reviews, 'id')
  // A review bundle speaks for one coach about one call, and nothing else.
  comments.forEach((c, i) => {
    if (c.callId !== manifest.callId) throw inconsistent(E.comments, `[${i}].callId`, `is ${c.callId}, but the bundle is for call ${manifest.callId}`)
    if (c.role !== 'coach') throw inconsistent(E.comments, `[${i}].role`, 'a review bundle carries only coach comments')
    if (c.author !== manifest.reviewer) throw inconsistent(E.comments, `[${i}].author`, `is ${JSON.stringify(c.author)}, not the reviewer ${JSON.stringify(manifest.reviewer)}`)
  })
  reviews.forEach((r, i) => {
    if (r.callId !== manifest.callId) throw inconsistent(E.reviews, `[${i}].callId`, `is ${r.callId}, but the bundle is for call ${manifest.callId}`)
    if (r.reviewer !== manifest.reviewer) throw inconsistent(E.reviews, `[${i}].reviewer`, `is ${JSON.stringify(r.reviewer)}, not ${JSON.stringify(manifest.reviewer)}`)
  })
  return { manifest, comments, reviews }
}

/**
 * Adds the coach's comments and verdicts to the rep's rehearsal in one
 * transaction. Identical records already here are skipped; a record with the
 * same id but different content refuses the whole merge.
 */
export function mergeReviewBundle(store: Store, bytes: Uint8Array, opts: BundleOptions = {}): ReviewMergeResult {
  const b = readReviewBundle(bytes, opts)
  const { callId, callStartedAt } = b.manifest
  const apply = (): ReviewMergeResult => {
    const call = store.calls.get(callId)
    if (!call || call.kind !== 'rehearsal' || call.startedAt !== callStartedAt) {
      throw new BundleError('unknown-call', `This review is for a rehearsal (call ${callId}) that is not on this computer.`, REVIEW_ENTRIES.manifest, 'callId')
    }
    const result: ReviewMergeResult = { callId, added: { comments: 0, reviews: 0 }, skipped: { comments: 0, reviews: 0 } }
    const conflict = (entry: string, what: string, id: string) =>
      new BundleError('id-conflict', `${entry}: ${what} ${id} already exists here with different content; nothing was merged.`, entry)
    for (const c of b.comments) {
      const mine = store.coachComments.get(c.id)
      if (!mine) {
        store.coachComments.importRecord(c)
        result.added.comments++
      } else if (sameRecord(mine, c)) result.skipped.comments++
      else throw conflict(REVIEW_ENTRIES.comments, 'comment', c.id)
    }
    for (const r of b.reviews) {
      const mine = store.reviews.get(r.id)
      if (!mine) {
        store.reviews.importRecord(r)
        result.added.reviews++
      } else if (sameRecord(mine, r)) result.skipped.reviews++
      else throw conflict(REVIEW_ENTRIES.reviews, 'review', r.id)
    }
    assertContractShapes(store, { callId, commentIds: b.comments.map((c) => c.id), reviewIds: b.reviews.map((r) => r.id) })
    return result
  }
  try {
    return store.transaction(apply)
  } catch (error) {
    if (error instanceof BundleError) throw error
    throw new BundleError('write-failed', `The review could not be merged; nothing was changed. (${(error as Error).message})`)
  }
}
