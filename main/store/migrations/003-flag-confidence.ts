import type { Migration } from './types'

/*
 * Coach v2 (issue 11): every flag carries how sure the coach is (0..1) and its
 * tier — 'confident' flags go to the live overlay, 'possible' ones only to the
 * debrief. Flags from before this version were all shown live: they are
 * 'confident', with confidence 1.
 */
const SQL = /* sql */ `
ALTER TABLE flags ADD COLUMN confidence REAL NOT NULL DEFAULT 1 CHECK (confidence >= 0 AND confidence <= 1);
ALTER TABLE flags ADD COLUMN tier TEXT NOT NULL DEFAULT 'confident' CHECK (tier IN ('confident', 'possible'));
`

const migration: Migration = {
  version: 3,
  name: 'flag-confidence',
  up(db) {
    db.exec(SQL)
  },
}

export default migration
