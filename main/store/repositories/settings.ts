import type BetterSqlite3 from 'better-sqlite3'
import type { Clock } from '../util'

interface SettingRow {
  key: string
  value: string
}

export function createSettingsRepository(db: BetterSqlite3.Database, now: Clock = Date.now) {
  const selectOne = db.prepare<[string], string>(`SELECT value FROM settings WHERE key = ?`).pluck()
  const selectAll = db.prepare<[], SettingRow>(`SELECT key, value FROM settings ORDER BY key`)
  const upsert = db.prepare<[string, string, number]>(`
    INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
  const remove = db.prepare<[string]>(`DELETE FROM settings WHERE key = ?`)

  return {
    /** The stored JSON value, parsed; undefined when the key was never set. Callers validate the shape. */
    get(key: string): unknown {
      const raw = selectOne.get(key)
      return raw === undefined ? undefined : JSON.parse(raw)
    },

    /** Stores any JSON-serialisable value (null included). */
    set(key: string, value: unknown): void {
      const json = JSON.stringify(value)
      // JSON.stringify returns undefined for undefined, functions and symbols; storing that would lose the key silently.
      if (json === undefined) throw new TypeError(`Setting "${key}" must be JSON-serialisable, got ${typeof value}`)
      upsert.run(key, json, now())
    },

    all(): Record<string, unknown> {
      // fromEntries defines own properties, so a key like "__proto__" cannot reach the prototype.
      return Object.fromEntries(selectAll.all().map((row) => [row.key, JSON.parse(row.value)]))
    },

    delete(key: string): boolean {
      return remove.run(key).changes > 0
    },
  }
}

export type SettingsRepository = ReturnType<typeof createSettingsRepository>
