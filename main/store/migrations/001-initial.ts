import type { Migration } from './types'

/*
 * Conventions: TEXT UUID ids (portable across machines), INTEGER epoch ms,
 * STRICT tables so a wrong type is an error instead of silent coercion,
 * CHECKs for every enum, and an index on every foreign-key child column so
 * cascades and "list for parent" queries never scan.
 *
 * ON DELETE choices: things that only make sense inside their parent
 * (segments, flags, debriefs, comments, reviews, schedule entries) cascade;
 * a call outlives the prospect/schedule entry it was linked to (SET NULL),
 * because the recording is the rep's own data. A note dies with whichever
 * owner it is attached to.
 */
const SQL = /* sql */ `
CREATE TABLE prospects (
  id            TEXT PRIMARY KEY NOT NULL,
  name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
  company       TEXT,
  title         TEXT,
  phone         TEXT,
  email         TEXT,
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'not-now', 'dead')),
  status_reason TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX prospects_by_name ON prospects (name COLLATE NOCASE);
CREATE INDEX prospects_by_status ON prospects (status, name COLLATE NOCASE);

CREATE TABLE scheduled_calls (
  id              TEXT PRIMARY KEY NOT NULL,
  prospect_id     TEXT NOT NULL REFERENCES prospects (id) ON DELETE CASCADE,
  scheduled_at    INTEGER NOT NULL,
  status          TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'cancelled')),
  plan_notes      TEXT NOT NULL DEFAULT '',
  rehearsal_notes TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX scheduled_calls_by_status_time ON scheduled_calls (status, scheduled_at);
CREATE INDEX scheduled_calls_by_prospect ON scheduled_calls (prospect_id, scheduled_at);

CREATE TABLE calls (
  id                TEXT PRIMARY KEY NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('live', 'rehearsal')),
  prospect_id       TEXT REFERENCES prospects (id) ON DELETE SET NULL,
  scheduled_call_id TEXT REFERENCES scheduled_calls (id) ON DELETE SET NULL,
  status            TEXT NOT NULL DEFAULT 'recording'
                    CHECK (status IN ('recording', 'completed', 'interrupted', 'failed')),
  started_at        INTEGER NOT NULL,
  ended_at          INTEGER,
  duration_ms       INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
  -- A bare file name inside the recordings folder: an imported row must not point elsewhere on disk.
  audio_path        TEXT CHECK (
                      audio_path IS NULL OR (
                        audio_path NOT IN ('', '.', '..')
                        AND instr(audio_path, '/') = 0
                        AND instr(audio_path, char(92)) = 0
                      )
                    ),
  sample_rate       INTEGER NOT NULL CHECK (sample_rate > 0),
  device_label      TEXT,
  created_at        INTEGER NOT NULL,
  -- An open call has no end; a closed one always does (crash recovery relies on this).
  CHECK ((status = 'recording') = (ended_at IS NULL)),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
) STRICT;
CREATE INDEX calls_by_started ON calls (started_at DESC, id DESC);
CREATE INDEX calls_by_status ON calls (status, started_at);
CREATE INDEX calls_by_prospect ON calls (prospect_id, started_at) WHERE prospect_id IS NOT NULL;
CREATE INDEX calls_by_scheduled_call ON calls (scheduled_call_id) WHERE scheduled_call_id IS NOT NULL;

CREATE TABLE transcript_segments (
  id         INTEGER PRIMARY KEY,
  uid        TEXT NOT NULL UNIQUE,
  call_id    TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL CHECK (seq >= 0),
  start_ms   INTEGER NOT NULL CHECK (start_ms >= 0),
  end_ms     INTEGER NOT NULL,
  text       TEXT NOT NULL DEFAULT '',
  status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  source     TEXT NOT NULL DEFAULT 'speech' CHECK (source IN ('speech', 'typed')),
  error      TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (call_id, seq),
  CHECK (end_ms >= start_ms)
) STRICT;
-- Small by design: only segments a crash left untranscribed.
CREATE INDEX transcript_segments_pending ON transcript_segments (status) WHERE status = 'pending';

CREATE TABLE flags (
  id           TEXT PRIMARY KEY NOT NULL,
  call_id      TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  segment_id   INTEGER REFERENCES transcript_segments (id) ON DELETE SET NULL,
  kind         TEXT NOT NULL CHECK (length(kind) > 0),
  evidence     TEXT NOT NULL DEFAULT '',
  prompt       TEXT NOT NULL DEFAULT '',
  explanation  TEXT NOT NULL DEFAULT '',
  at_ms        INTEGER NOT NULL CHECK (at_ms >= 0),
  dismissed_at INTEGER,
  created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX flags_by_call ON flags (call_id, at_ms);
CREATE INDEX flags_by_segment ON flags (segment_id) WHERE segment_id IS NOT NULL;

-- A plain FK cannot say "the segment belongs to the same call"; these triggers can.
CREATE TRIGGER flags_segment_same_call_insert
BEFORE INSERT ON flags
WHEN NEW.segment_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM transcript_segments s WHERE s.id = NEW.segment_id AND s.call_id = NEW.call_id)
BEGIN
  SELECT RAISE(ABORT, 'flag segment_id must refer to a segment of the same call');
END;
CREATE TRIGGER flags_segment_same_call_update
BEFORE UPDATE OF segment_id, call_id ON flags
WHEN NEW.segment_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM transcript_segments s WHERE s.id = NEW.segment_id AND s.call_id = NEW.call_id)
BEGIN
  SELECT RAISE(ABORT, 'flag segment_id must refer to a segment of the same call');
END;

CREATE TABLE debriefs (
  call_id       TEXT PRIMARY KEY NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  went_well     TEXT NOT NULL DEFAULT '',
  to_change     TEXT NOT NULL DEFAULT '',
  no_buy_reason TEXT,
  next_step     TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE notes (
  id                TEXT PRIMARY KEY NOT NULL,
  prospect_id       TEXT REFERENCES prospects (id) ON DELETE CASCADE,
  scheduled_call_id TEXT REFERENCES scheduled_calls (id) ON DELETE CASCADE,
  call_id           TEXT REFERENCES calls (id) ON DELETE CASCADE,
  kind              TEXT NOT NULL DEFAULT 'general' CHECK (kind IN ('general', 'recap', 'plan', 'rehearsal')),
  body              TEXT NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  CHECK (prospect_id IS NOT NULL OR scheduled_call_id IS NOT NULL OR call_id IS NOT NULL)
) STRICT;
CREATE INDEX notes_by_prospect ON notes (prospect_id, created_at) WHERE prospect_id IS NOT NULL;
CREATE INDEX notes_by_scheduled_call ON notes (scheduled_call_id, created_at) WHERE scheduled_call_id IS NOT NULL;
CREATE INDEX notes_by_call ON notes (call_id, created_at) WHERE call_id IS NOT NULL;

CREATE TABLE coach_comments (
  id         TEXT PRIMARY KEY NOT NULL,
  call_id    TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  at_ms      INTEGER CHECK (at_ms IS NULL OR at_ms >= 0),
  author     TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('rep', 'coach')),
  body       TEXT NOT NULL CHECK (length(trim(body)) > 0),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX coach_comments_by_call ON coach_comments (call_id, created_at);

CREATE TABLE reviews (
  id         TEXT PRIMARY KEY NOT NULL,
  call_id    TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  reviewer   TEXT NOT NULL,
  verdict    TEXT NOT NULL CHECK (verdict IN ('ready', 'try-again')),
  summary    TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reviews_by_call ON reviews (call_id, created_at);

CREATE TABLE settings (
  key        TEXT PRIMARY KEY NOT NULL,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  updated_at INTEGER NOT NULL
) STRICT;
`

const migration: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SQL)
  },
}

export default migration
