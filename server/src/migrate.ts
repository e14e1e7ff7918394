import type { Pool } from 'pg'
import { serverMigrations, validateServerMigrations, type ServerMigration } from './migrations'

export interface ServerMigrationResult {
  fromVersion: number
  toVersion: number
  applied: string[]
}

export class ServerSchemaTooNewError extends Error {
  constructor(readonly found: number, readonly known: number) {
    super(`The team database is at schema version ${found}, newer than this server knows (${known}); upgrade the server instead of running an old one against it.`)
  }
}

// Any constant: every server instance that starts at once waits on the same lock.
const MIGRATION_LOCK = 7_150_015

/**
 * Brings the schema to the newest version in one transaction (PostgreSQL DDL
 * is transactional): all pending migrations and the version rows commit
 * together or not at all. An advisory lock keeps two starting servers from
 * migrating at once.
 */
export async function migrateServer(pool: Pool, list: readonly ServerMigration[] = serverMigrations): Promise<ServerMigrationResult> {
  validateServerMigrations(list)
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`)
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')
    const from = rows[0]?.v ?? 0
    if (from > list.length) throw new ServerSchemaTooNewError(from, list.length)
    const pending = list.filter((m) => m.version > from)
    for (const m of pending) {
      try {
        await m.up(client)
      } catch (error) {
        throw new Error(`Server migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error })
      }
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
    }
    await client.query('COMMIT')
    return { fromVersion: from, toVersion: list.length, applied: pending.map((m) => m.name) }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

export async function serverSchemaVersion(pool: Pool): Promise<number> {
  const exists = await pool.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`)
  if (!exists.rows[0]?.t) return 0
  const { rows } = await pool.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')
  return rows[0]?.v ?? 0
}
