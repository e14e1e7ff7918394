import type { Migration } from './types'

/*
 * The final tier survives a quit. An utterance's live text is stored when it
 * ends; its final-tier re-decode runs later (the buyer's turn, or after the
 * call), and a rep who talked without pausing leaves a backlog that the app
 * quitting (or crashing) used to drop: those lines kept their live text for
 * good. final_due marks an utterance whose final tier has not run yet; the
 * app clears it when the final text is stored and, at start, re-decodes the
 * marked utterances of finished calls from their recordings.
 *
 * Rows from before this version: 0. Their speech is 'provisional' too, but
 * much of it was decoded piece by piece before utterances existed, and
 * re-decoding every old call at the first start would keep the machine busy
 * for hours.
 */
const SQL = /* sql */ `
ALTER TABLE transcript_segments ADD COLUMN final_due INTEGER NOT NULL DEFAULT 0 CHECK (final_due IN (0, 1));
CREATE INDEX transcript_segments_final_due ON transcript_segments (call_id, seq) WHERE final_due = 1;
`

const migration: Migration = {
  version: 7,
  name: 'final-tier-due',
  up(db) {
    db.exec(SQL)
  },
}

export default migration
