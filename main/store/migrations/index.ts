import migration001 from './001-initial'
import migration002 from './002-segment-class'
import type { Migration } from './types'
import { validateMigrations } from './validate'

export type { Migration } from './types'

export const migrations: readonly Migration[] = validateMigrations([migration001, migration002])

export const LATEST_SCHEMA_VERSION: number = migrations.length
