import { closeDatabase, holdFullSync, openDatabase } from './database'
import { attachRawDatabase } from './raw-database'
import { createCallListRepository } from './repositories/call-list'
import { createCallsRepository } from './repositories/calls'
import { createCoachCommentsRepository } from './repositories/coach-comments'
import { createDebriefsRepository } from './repositories/debriefs'
import { createFlagsRepository } from './repositories/flags'
import { createNotesRepository } from './repositories/notes'
import { createProspectsRepository } from './repositories/prospects'
import { createRehearsalsRepository } from './repositories/rehearsals'
import { createReviewsRepository } from './repositories/reviews'
import { createScheduledCallsRepository } from './repositories/scheduled-calls'
import { createSegmentsRepository } from './repositories/segments'
import { createSettingsRepository } from './repositories/settings'
import { createSyncRepository } from './repositories/sync'
import type { Clock } from './util'

export {
  closeDatabase,
  DatabaseNeedsUpgradeError,
  DatabaseTooNewError,
  getUserVersion,
  holdFullSync,
  openDatabase,
  type Database,
  type OpenDatabaseOptions,
} from './database'
export { migrate, type MigrationResult } from './migrate'
export { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations'
export type { Clock } from './util'
// Store rows → the shapes the IPC contract promises.
export * from './dto'
export * from './repositories/call-list'
export * from './repositories/calls'
export * from './repositories/coach-comments'
export * from './repositories/debriefs'
export * from './repositories/flags'
export * from './repositories/notes'
export * from './repositories/prospects'
export * from './repositories/rehearsals'
export * from './repositories/reviews'
export * from './repositories/scheduled-calls'
export * from './repositories/segments'
export * from './repositories/settings'
export * from './repositories/sync'

export interface CreateStoreOptions {
  readonly?: boolean
  /** Timestamp source for created_at/updated_at; tests pin it. */
  now?: Clock
  nativeBinding?: string
}

export function createStore(filePath: string, opts: CreateStoreOptions = {}) {
  const db = openDatabase(filePath, { readonly: opts.readonly ?? false, nativeBinding: opts.nativeBinding })
  const now = opts.now ?? Date.now
  try {
    // No `db` here: SQL stays behind the repositories (tests reach the handle through raw-database.ts).
    const store = {
      prospects: createProspectsRepository(db, now),
      scheduledCalls: createScheduledCallsRepository(db, now),
      calls: createCallsRepository(db, now),
      callList: createCallListRepository(db),
      segments: createSegmentsRepository(db, now),
      flags: createFlagsRepository(db, now),
      debriefs: createDebriefsRepository(db, now),
      notes: createNotesRepository(db, now),
      coachComments: createCoachCommentsRepository(db, now),
      reviews: createReviewsRepository(db, now),
      rehearsals: createRehearsalsRepository(db),
      settings: createSettingsRepository(db, now),
      sync: createSyncRepository(db),
      /** Runs fn in one write transaction (BEGIN IMMEDIATE): everything in it lands together or not at all. */
      transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
      /** `synchronous = FULL` until the returned release is called (a recording, an import): see holdFullSync. */
      holdFullSync: (): (() => void) => holdFullSync(db),
      close: (): void => closeDatabase(db),
    }
    attachRawDatabase(store, db)
    return store
  } catch (error) {
    closeDatabase(db)
    throw error
  }
}

export type Store = ReturnType<typeof createStore>
