import type { Migration } from './types'

/** Throws unless versions are exactly 1..N in order, so a gap or duplicate fails at load, not at a user's upgrade. */
export function validateMigrations(list: readonly Migration[]): readonly Migration[] {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `Migration list is out of order: position ${i + 1} holds version ${m.version} (${m.name}); ` +
          `versions must be 1..${list.length} in order.`,
      )
    }
    if (typeof m.up !== 'function' || !m.name) {
      throw new Error(`Migration ${m.version} must have a name and an up(db) function.`)
    }
  })
  return list
}
