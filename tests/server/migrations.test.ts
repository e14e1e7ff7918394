/** Server migrations on a real PostgreSQL: from empty to latest, idempotent, refuses a newer schema. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPool, type Pool } from '../../server/src/db'
import { migrateServer, serverSchemaVersion, ServerSchemaTooNewError } from '../../server/src/migrate'
import { serverMigrations } from '../../server/src/migrations'
import { freshDatabase, PG_SKIP_REASON } from './pg'

describe.skipIf(!!PG_SKIP_REASON)('team server migrations (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>
  let pool: Pool
  beforeAll(async () => {
    db = await freshDatabase()
    pool = createPool(db.url, 4)
  })
  afterAll(async () => {
    await pool?.end()
    await db?.drop()
  })

  it('001 creates every table from an empty database, and a second run changes nothing', async () => {
    expect(await serverSchemaVersion(pool)).toBe(0)
    const first = await migrateServer(pool)
    expect(first).toEqual({ fromVersion: 0, toVersion: serverMigrations.length, applied: ['initial'] })
    const { rows } = await pool.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
    expect(rows.map((r) => r.t)).toEqual(['blobs', 'comments', 'debriefs', 'idempotency_keys', 'plans', 'rehearsals', 'reviews', 'schema_migrations', 'teams', 'users'])
    expect(await migrateServer(pool)).toEqual({ fromVersion: 1, toVersion: 1, applied: [] })
  })

  it('two servers starting at once migrate once (advisory lock)', async () => {
    const other = await freshDatabase()
    const p = createPool(other.url, 4)
    try {
      const results = await Promise.all([migrateServer(p), migrateServer(p), migrateServer(p)])
      expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1)
      expect(await serverSchemaVersion(p)).toBe(1)
    } finally {
      await p.end()
      await other.drop()
    }
  })

  it('refuses a database written by a newer server, changing nothing', async () => {
    await pool.query(`INSERT INTO schema_migrations (version, name) VALUES (99, 'from-the-future')`)
    await expect(migrateServer(pool)).rejects.toBeInstanceOf(ServerSchemaTooNewError)
    expect(await serverSchemaVersion(pool)).toBe(99)
    await pool.query(`DELETE FROM schema_migrations WHERE version = 99`)
  })

  it('a failing migration rolls back entirely', async () => {
    const other = await freshDatabase()
    const p = createPool(other.url, 2)
    try {
      const broken = [...serverMigrations, { version: 2, name: 'broken', up: async (c: import('pg').PoolClient) => void (await c.query('CREATE TABLE nope (x int); SELECT * FROM missing_table')) }]
      await expect(migrateServer(p, broken)).rejects.toThrow(/Server migration 2 \(broken\) failed/)
      expect(await serverSchemaVersion(p)).toBe(0)
      const { rows } = await p.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)
      expect(rows[0].n).toBe(0)
    } finally {
      await p.end()
      await other.drop()
    }
  })
})
