import type BetterSqlite3 from 'better-sqlite3'

export interface Migration {
  /** 1-based; the list must be exactly 1..N in order. */
  readonly version: number
  readonly name: string
  /** Runs inside the runner's transaction with foreign_keys OFF; must not commit or change pragmas that persist. */
  up(db: BetterSqlite3.Database): void
}
