import migration001 from './001-initial'
import migration002 from './002-segment-class'
import migration003 from './003-flag-confidence'
import migration004 from './004-live-tiers'
import migration005 from './005-search-titles'
import migration006 from './006-team-sync'
import migration007 from './007-final-tier-due'
import type { Migration } from './types'
import { validateMigrations } from './validate'

export type { Migration } from './types'

export const migrations: readonly Migration[] = validateMigrations([migration001, migration002, migration003, migration004, migration005, migration006, migration007])

export const LATEST_SCHEMA_VERSION: number = migrations.length
