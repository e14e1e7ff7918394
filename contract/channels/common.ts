/** Small schemas every channel file uses. */
import { z } from 'zod'

export const Id = z.string().uuid()
export const EpochMs = z.number().int().nonnegative()

/** A channel that takes no input. */
export const NoInput = z.undefined()

/** What the rep writes (debrief fields, plans, notes). */
export const LongText = z.string().max(20_000)
