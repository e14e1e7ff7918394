import type { Migration } from './types'

/*
 * Live path v2. A spoken segment is now a whole utterance whose text comes in
 * two tiers: 'provisional' (decoded live, while the rep talks) and 'final'
 * (re-decoded at full context once the rep's turn is over, which replaces the
 * text). Flags the coach no longer supports on the final text are not deleted
 * but marked retracted, so the debrief can show what the overlay showed.
 *
 * Rows from before this version: typed lines are exact ('final'); speech was
 * decoded live, piece by piece, so it stays 'provisional'.
 */
const SQL = /* sql */ `
ALTER TABLE transcript_segments ADD COLUMN text_tier TEXT NOT NULL DEFAULT 'provisional'
  CHECK (text_tier IN ('provisional', 'final'));
UPDATE transcript_segments SET text_tier = 'final' WHERE source = 'typed';
ALTER TABLE flags ADD COLUMN retracted_at INTEGER CHECK (retracted_at IS NULL OR retracted_at >= 0);
`

const migration: Migration = {
  version: 4,
  name: 'live-tiers',
  up(db) {
    db.exec(SQL)
  },
}

export default migration
