import migration001 from './001-initial'
import type { ServerMigration } from './types'

export type { ServerMigration } from './types'

/** Throws unless versions are exactly 1..N in order, so a gap or duplicate fails at load, not at a deploy. */
export function validateServerMigrations(list: readonly ServerMigration[]): readonly ServerMigration[] {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Server migration list is out of order: position ${i + 1} holds version ${m.version} (${m.name}).`)
    }
  })
  return list
}

export const serverMigrations = validateServerMigrations([migration001])
