/** Remote coach bundles: a rehearsal out to the coach, the review back. */
import { z } from 'zod'
import { Id, NoInput } from './common'

/** A bundle written where the user chose; saved is false when they cancelled the dialog. */
export const BundleSaved = z.object({ saved: z.boolean(), fileName: z.string().nullable() })
export type BundleSaved = z.infer<typeof BundleSaved>

export const BundleImported = z.object({
  callId: Id,
  prospectName: z.string().nullable(),
  segments: z.number().int().nonnegative(),
  flags: z.number().int().nonnegative(),
  hasAudio: z.boolean(),
  /** Context records (prospect, scheduled call, notes) already here in another version: ours were kept. */
  keptLocal: z.number().int().nonnegative(),
})
export const ReviewMerged = z.object({
  callId: Id,
  scheduledCallId: Id.nullable(),
  addedComments: z.number().int().nonnegative(),
  addedReviews: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
})

export const bundleChannels = {
  /** Remote coach: each opens a save or open dialog in main (the renderer never handles paths or the bytes). */
  exportRehearsalBundle: { channel: 'bundle:export-rehearsal', input: z.object({ callId: Id }).strict(), output: BundleSaved },
  importRehearsalBundle: { channel: 'bundle:import-rehearsal', input: NoInput, output: BundleImported.nullable() },
  exportReviewBundle: { channel: 'bundle:export-review', input: z.object({ callId: Id }).strict(), output: BundleSaved },
  mergeReviewBundle: { channel: 'bundle:merge-review', input: NoInput, output: ReviewMerged.nullable() },
} as const
