import pg from 'pg'

/**
 * bigint columns hold epoch milliseconds and counts, far below 2^53: read
 * them as numbers (pg returns int8 as strings by default, to be safe with
 * values that do not fit). Set per pool, not on pg's global type table.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (v: string) => Number(v)
    return pg.types.getTypeParser(oid, format)
  },
} as unknown as pg.CustomTypesConfig

export function createPool(connectionString: string, max = 20): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types })
  // An idle client losing its connection (the database restarted) must not crash the server.
  pool.on('error', () => undefined)
  return pool
}

/** Runs fn in one transaction on one client; rolls back on any throw. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await fn(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

export type Pool = pg.Pool
export type PoolClient = pg.PoolClient
