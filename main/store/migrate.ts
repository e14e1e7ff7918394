import type BetterSqlite3 from 'better-sqlite3'
import { DatabaseTooNewError } from './errors'
import { migrations as defaultMigrations } from './migrations'
import type { Migration } from './migrations'
import { validateMigrations } from './migrations/validate'

export interface MigrationResult {
  readonly fromVersion: number
  readonly toVersion: number
  /** Names of the migrations run, in order; empty when already up to date. */
  readonly applied: readonly string[]
}

export function getUserVersion(db: BetterSqlite3.Database): number {
  return Number(db.pragma('user_version', { simple: true }))
}

/** Throws DatabaseTooNewError without writing anything. */
export function assertNotTooNew(
  db: BetterSqlite3.Database,
  migrations: readonly Migration[] = defaultMigrations,
): number {
  const current = getUserVersion(db)
  if (current > migrations.length) throw new DatabaseTooNewError(db.name, current, migrations.length)
  return current
}

/**
 * Brings the schema to the newest version: all pending migrations and the
 * user_version bump commit together or not at all.
 */
export function migrate(
  db: BetterSqlite3.Database,
  migrations: readonly Migration[] = defaultMigrations,
): MigrationResult {
  validateMigrations(migrations)
  const latest = migrations.length
  const before = assertNotTooNew(db, migrations)
  if (before === latest) return { fromVersion: before, toVersion: before, applied: [] }

  // Table rebuilds (create-copy-drop-rename) would fire ON DELETE actions with
  // foreign keys on, so they go off for the run and are checked before commit,
  // as SQLite's ALTER TABLE guide prescribes. The pragma is a no-op inside a
  // transaction, hence outside.
  const foreignKeysWereOn = Number(db.pragma('foreign_keys', { simple: true })) === 1
  if (foreignKeysWereOn) db.pragma('foreign_keys = OFF')
  try {
    const run = db.transaction((): MigrationResult => {
      // Re-read under the write lock: another process may have migrated meanwhile.
      const from = assertNotTooNew(db, migrations)
      const pending = migrations.filter((m) => m.version > from)
      for (const m of pending) {
        try {
          m.up(db)
        } catch (error) {
          throw new Error(`Migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, {
            cause: error,
          })
        }
      }
      const violations = db.pragma('foreign_key_check') as unknown[]
      if (violations.length > 0) {
        throw new Error(
          `Migrations to version ${latest} left ${violations.length} foreign key violation(s), ` +
            `first: ${JSON.stringify(violations[0])}`,
        )
      }
      db.pragma(`user_version = ${latest}`)
      return { fromVersion: from, toVersion: latest, applied: pending.map((m) => m.name) }
    })
    // IMMEDIATE takes the write lock up front so two processes cannot both migrate.
    return run.immediate()
  } finally {
    if (foreignKeysWereOn) db.pragma('foreign_keys = ON')
  }
}
