import migration001 from './001-initial'
import type { Migration } from './types'
import { validateMigrations } from './validate'

export type { Migration } from './types'

export const migrations: readonly Migration[] = validateMigrations([migration001])

export const LATEST_SCHEMA_VERSION: number = migrations.length
