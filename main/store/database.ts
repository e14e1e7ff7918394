import fs from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { DatabaseNeedsUpgradeError } from './errors'
import { assertNotTooNew, getUserVersion, migrate } from './migrate'
import { LATEST_SCHEMA_VERSION } from './migrations'

export { DatabaseNeedsUpgradeError, DatabaseTooNewError } from './errors'

export type Database = BetterSqlite3.Database

export interface OpenDatabaseOptions {
  /** Opens an existing, already-migrated file without writing to it (no migrations, no journal-mode change). */
  readonly readonly?: boolean
  /**
   * Path of a better_sqlite3.node built for the running runtime. Electron has
   * its own ABI, so the desktop app loads an Electron build while tests keep
   * the Node build in node_modules.
   */
  readonly nativeBinding?: string
}

/**
 * Opens (creating if needed) the Call Desk database and brings its schema up to date.
 * Throws DatabaseTooNewError, leaving the file untouched, if a newer app wrote it.
 */
export function openDatabase(filePath: string, opts: OpenDatabaseOptions = {}): Database {
  const readonly = opts.readonly ?? false
  // A new database is made private first: SQLite gives its -wal and -shm files the database file's mode.
  if (!readonly && filePath !== ':memory:' && !fs.existsSync(filePath)) fs.closeSync(fs.openSync(filePath, 'wx', 0o600))
  const db = new BetterSqlite3(filePath, { readonly, fileMustExist: readonly, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) })
  try {
    db.pragma('busy_timeout = 5000')
    // Before anything that writes: switching to WAL rewrites the file header,
    // and a too-new file must be left exactly as it was.
    const version = assertNotTooNew(db)
    if (readonly) {
      if (version < LATEST_SCHEMA_VERSION) {
        throw new DatabaseNeedsUpgradeError(filePath, version, LATEST_SCHEMA_VERSION)
      }
    } else {
      db.pragma('journal_mode = WAL')
    }
    // NORMAL is durable in WAL mode except for the last commits on power loss, and much faster;
    // what must survive a power loss (a call recording, an import) holds FULL while it runs.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    if (!readonly) migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

const fullSyncHolders = new WeakMap<Database, number>()

/**
 * `synchronous = FULL` until the returned release is called: each commit is on
 * the disk before it returns, so a power loss cannot lose a call's row or an
 * imported rehearsal that was reported done. Holders nest (a call recording
 * while a bundle imports); NORMAL comes back when the last one releases.
 */
export function holdFullSync(db: Database): () => void {
  if (db.readonly) return () => undefined
  const holders = fullSyncHolders.get(db) ?? 0
  if (holders === 0) db.pragma('synchronous = FULL')
  fullSyncHolders.set(db, holders + 1)
  let released = false
  return () => {
    if (released || !db.open) return
    released = true
    const left = (fullSyncHolders.get(db) ?? 1) - 1
    fullSyncHolders.set(db, left)
    if (left === 0) db.pragma('synchronous = NORMAL')
  }
}

export function closeDatabase(db: Database): void {
  if (!db.open) return
  if (!db.readonly) {
    // Cheap, and keeps the planner's statistics fresh as tables grow (SQLite recommends it at close).
    db.pragma('optimize')
  }
  db.close()
}

export { getUserVersion }
