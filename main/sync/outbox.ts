/** The sync outbox (migration 006): what waits to go to the team server. Its SQL is the store's (store.sync). */
import type { OutboxItem, OutboxKind, OutboxState, Store } from '../store'

export type { OutboxItem, OutboxKind, OutboxState } from '../store'

/** 1 s, 2 s, 4 s … up to 5 minutes between tries of one item. */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 300_000)
}

export class TeamSyncSchemaMissing extends Error {
  constructor() {
    super('Team sync needs database schema version 6 (the sync outbox); this database does not have it yet.')
  }
}

export function createOutbox(store: Store) {
  const sync = store.sync
  if (!sync.available()) throw new TeamSyncSchemaMissing()
  return {
    /** Queues the thing (one pending row per thing: queuing it again returns the waiting row). */
    enqueue(kind: OutboxKind, refId: string, now: number): OutboxItem {
      return sync.enqueue(kind, refId, now)
    },
    due(now: number, force = false): OutboxItem[] {
      return sync.due(now, force)
    },
    all(): OutboxItem[] {
      return sync.all()
    },
    get(id: number): OutboxItem | undefined {
      return sync.get(id)
    },
    sent(id: number, now: number): void {
      sync.markSent(id, now)
    },
    retryLater(id: number, error: string, now: number): void {
      const item = sync.get(id)
      if (!item) return
      sync.markRetry(id, error, now + backoffMs(item.attempts + 1), now)
    },
    refused(id: number, error: string, now: number): void {
      sync.markRefused(id, error, now)
    },
    lastSentAt(kind: OutboxKind, refId: string): number | null {
      return sync.lastSentAt(kind, refId)
    },
    /** Queued or already sent (a refused item may be queued again by hand). */
    has(kind: OutboxKind, refId: string): boolean {
      return sync.has(kind, refId)
    },
    counts(): Record<OutboxState, number> {
      return sync.counts()
    },
  }
}

export type Outbox = ReturnType<typeof createOutbox>
