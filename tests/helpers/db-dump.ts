import type { Store } from '../../main/store'
import { rawDatabaseForTests } from '../../main/store/raw-database'

/**
 * Every row of every table (and the schema), for "nothing changed" assertions.
 * One copy for every test: the search tables (FTS5, migration 005) broke the
 * per-file copies that ordered every table by rowid.
 */
export function dumpDb(store: Store): Record<string, unknown[]> {
  const db = rawDatabaseForTests(store)
  const tables = db
    .prepare<[], { name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name`)
    .all()
  const out: Record<string, unknown[]> = {
    // The planner's statistics (sqlite_stat*, written by PRAGMA optimize at close) are not the user's data.
    __schema: db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name`).all(),
  }
  // FTS5's shadow tables include WITHOUT ROWID ones: those order by their key.
  for (const { name, sql } of tables)
    out[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY ${/WITHOUT ROWID/i.test(sql) ? 1 : 'rowid'}`).all()
  return out
}
