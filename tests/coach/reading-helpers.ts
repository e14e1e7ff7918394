/** Small readers the coach's example tests share. */
import { classifyUtterance, type Flag } from '../../main/coach'
import { stripPunctuation } from './corpus-loader'

/** A line as written and lowercased without punctuation (what the live path hands the coach). */
export const both = (s: string): string[] => [s, stripPunctuation(s)]
export const classOf = (text: string) => classifyUtterance(text).class
/** Flags as `segmentIndex:kind`, for comparing a call's flags at a glance. */
export const kinds = (flags: Flag[]) => flags.map((f) => `${f.segmentIndex}:${f.kind}`)
