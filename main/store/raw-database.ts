/**
 * The escape hatch for tests and benches: the SQLite handle behind a Store.
 * Application code never uses it: SQL lives in main/store's repositories (as
 * Signal-Desktop keeps it in its SQL layer), and tests/store/sql-layer.test.ts
 * checks that nothing outside main/store imports this module. It is not
 * exported from the store's index for the same reason.
 */
import type { Database } from './database'

const handles = new WeakMap<object, Database>()

/** Called by createStore only. */
export function attachRawDatabase(store: object, db: Database): void {
  handles.set(store, db)
}

/** Tests and benches only: the raw handle of a store made by createStore (pragmas, raw counts, a simulated crash). */
export function rawDatabaseForTests(store: object): Database {
  const db = handles.get(store)
  if (!db) throw new Error('rawDatabaseForTests: not a store made by createStore')
  return db
}
