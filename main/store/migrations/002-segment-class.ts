import type { Migration } from './types'

/*
 * The coach's reading of each segment (give / probe / close / other), stored
 * when the live coach classifies it. The debrief's milestones (probes before
 * the first give, first commitment ask) then come from the database instead of
 * re-running the classifier over a whole call each time it is opened; NULL
 * means "not classified yet" (older calls, segments the coach has not seen),
 * and readers classify those on the fly.
 */
const SQL = /* sql */ `
ALTER TABLE transcript_segments ADD COLUMN utterance_class TEXT
  CHECK (utterance_class IS NULL OR utterance_class IN ('give', 'probe', 'close', 'other'));
`

const migration: Migration = {
  version: 2,
  name: 'segment-class',
  up(db) {
    db.exec(SQL)
  },
}

export default migration
