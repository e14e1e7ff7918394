import type { PoolClient } from 'pg'

export interface ServerMigration {
  /** 1-based; the list must be exactly 1..N in order (checked at load, like the desktop store's). */
  readonly version: number
  readonly name: string
  /** Runs inside the migrator's transaction; must not commit. */
  up(client: PoolClient): Promise<void>
}
