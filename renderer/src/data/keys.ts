/**
 * Query keys, per feature. Every key that reads one thing carries its id, so an
 * answer for call A is filed under A and can never be shown under call B.
 */
import type { CallMode } from '../../../contract/ipc-contract'

export type CallFilter = { query: string; mode: CallMode | ''; prospectId: string }

export const keys = {
  calls: {
    all: ['calls'] as const,
    lists: () => ['calls', 'list'] as const,
    list: (filter: CallFilter) => ['calls', 'list', filter] as const,
    count: () => ['calls', 'count'] as const,
    detail: (callId: string) => ['calls', 'detail', callId] as const,
  },
  debrief: {
    all: ['debrief'] as const,
    one: (callId: string) => ['debrief', callId] as const,
  },
  schedule: {
    all: ['schedule'] as const,
    list: () => ['schedule', 'list'] as const,
    one: (scheduledCallId: string) => ['schedule', 'one', scheduledCallId] as const,
    /** The plan drafted from a call's debrief, for the next call. */
    draft: (fromCallId: string) => ['schedule', 'draft', fromCallId] as const,
  },
  prospects: {
    all: ['prospects'] as const,
    list: () => ['prospects', 'list'] as const,
    one: (prospectId: string) => ['prospects', 'one', prospectId] as const,
  },
  rehearsal: {
    all: ['rehearsal'] as const,
    review: (callId: string) => ['rehearsal', 'review', callId] as const,
    queue: () => ['rehearsal', 'queue'] as const,
    attempts: (scheduledCallId: string) => ['rehearsal', 'attempts', scheduledCallId] as const,
  },
  team: {
    all: ['team'] as const,
    sync: () => ['team', 'sync'] as const,
    /** The calls offered for sharing (the latest 30). */
    shareable: () => ['team', 'shareable'] as const,
    queue: (lastSyncAt: number | null) => ['team', 'queue', lastSyncAt] as const,
    figures: (lastSyncAt: number | null) => ['team', 'figures', lastSyncAt] as const,
  },
}
