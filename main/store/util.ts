import { randomUUID } from 'node:crypto'

/** Injected so tests can pin timestamps; defaults to Date.now. */
export type Clock = () => number

export const newId = (): string => randomUUID()

/**
 * Columns are STRICT INTEGER; audio offsets computed from sample counts or
 * performance.now() are often fractional, and a crash mid-call over a rounding
 * detail would lose data, so millisecond values are rounded here.
 */
export function toMs(value: number, field: string): number {
  if (!Number.isFinite(value)) throw new TypeError(`${field} must be a finite number of milliseconds, got ${value}`)
  return Math.round(value)
}

export function toMsOrNull(value: number | null | undefined, field: string): number | null {
  return value === null || value === undefined ? null : toMs(value, field)
}

/** `undefined` in a patch means "leave as is"; `null` means "clear". */
export function pick<T>(patchValue: T | undefined, current: T): T {
  return patchValue === undefined ? current : patchValue
}
