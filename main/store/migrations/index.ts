import migration001 from './001-initial'
import migration002 from './002-segment-class'
import migration004 from './004-live-tiers'
import migration005 from './005-search-titles'
import migration006 from './006-team-sync'
import type { Migration } from './types'
import { validateMigrations } from './validate'

export type { Migration } from './types'

// Version 3 is the coach's (flag evidence/confidence, issue 11); until its file lands this
// stand-in holds its place so 004 runs 4th. Replace it with the real import: a database
// already at 4 then lacks 003's change, so only throwaway development data may meet it.
const migration003: Migration = { version: 3, name: 'reserved-coach-v2', up: () => undefined }

export const migrations: readonly Migration[] = validateMigrations([migration001, migration002, migration003, migration004, migration005, migration006])

export const LATEST_SCHEMA_VERSION: number = migrations.length
