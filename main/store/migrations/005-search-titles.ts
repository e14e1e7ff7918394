import type { Migration } from './types'

/*
 * The call list at thousands of calls: full-text search (FTS5) over what was
 * said and over each call's name (its title, the prospect and company), and a
 * title the rep can give a call. Both indexes are kept by triggers, so every
 * writer (live path, imports, crash recovery) keeps them right without knowing
 * they exist.
 *
 * - call_fts: one document per call (title, prospect, the whole transcript),
 *   so a search touches at most one posting per call, however common the word
 *   (per-line postings cost ~100k lookups for a common word in 5,000 calls).
 *   Its rowid is call_search.n, a stable INTEGER PRIMARY KEY per call (calls
 *   have TEXT ids, and their implicit rowid may change on VACUUM).
 * - transcript_fts: the lines themselves (external content, stored once), to
 *   show which line of a found call matched.
 * A prospect renamed re-indexes its calls; a prospect deleted sets its calls'
 * prospect to NULL, which the calls trigger re-indexes. Lines deleted by a
 * call's cascade skip rebuilding a document that is going away.
 *
 * unicode61 with diacritics removed: "Müller" is found by "muller".
 */
const SQL = /* sql */ `
ALTER TABLE calls ADD COLUMN title TEXT CHECK (title IS NULL OR (length(trim(title)) > 0 AND length(title) <= 200));

-- The list's kind filter asks whether a call has any spoken line (script check vs rehearsal):
-- one seek per call here instead of reading all its lines.
CREATE INDEX transcript_segments_spoken ON transcript_segments (call_id) WHERE source = 'speech';

CREATE VIRTUAL TABLE transcript_fts USING fts5(
  text, content = 'transcript_segments', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO transcript_fts (transcript_fts) VALUES ('rebuild');

CREATE TABLE call_search (
  n       INTEGER PRIMARY KEY,
  call_id TEXT NOT NULL UNIQUE
) STRICT;
CREATE VIRTUAL TABLE call_fts USING fts5(title, prospect, transcript, tokenize = 'unicode61 remove_diacritics 2');

INSERT INTO call_search (call_id) SELECT id FROM calls ORDER BY started_at, id;
INSERT INTO call_fts (rowid, title, prospect, transcript)
  SELECT cs.n, coalesce(c.title, ''), trim(coalesce(p.name, '') || ' ' || coalesce(p.company, '')),
         coalesce((SELECT group_concat(text, ' ') FROM (SELECT text FROM transcript_segments s WHERE s.call_id = c.id ORDER BY seq)), '')
  FROM call_search cs JOIN calls c ON c.id = cs.call_id LEFT JOIN prospects p ON p.id = c.prospect_id;

CREATE TRIGGER transcript_fts_insert AFTER INSERT ON transcript_segments BEGIN
  INSERT INTO transcript_fts (rowid, text) VALUES (NEW.id, NEW.text);
  UPDATE call_fts SET transcript = CASE WHEN transcript = '' THEN NEW.text ELSE transcript || ' ' || NEW.text END
    WHERE rowid = (SELECT n FROM call_search WHERE call_id = NEW.call_id);
END;
CREATE TRIGGER transcript_fts_delete AFTER DELETE ON transcript_segments BEGIN
  INSERT INTO transcript_fts (transcript_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
END;
CREATE TRIGGER call_fts_line_delete AFTER DELETE ON transcript_segments
WHEN EXISTS (SELECT 1 FROM calls WHERE id = OLD.call_id) BEGIN
  UPDATE call_fts SET transcript = coalesce((SELECT group_concat(text, ' ') FROM (SELECT text FROM transcript_segments WHERE call_id = OLD.call_id ORDER BY seq)), '')
    WHERE rowid = (SELECT n FROM call_search WHERE call_id = OLD.call_id);
END;
CREATE TRIGGER transcript_fts_update AFTER UPDATE OF text ON transcript_segments BEGIN
  INSERT INTO transcript_fts (transcript_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
  INSERT INTO transcript_fts (rowid, text) VALUES (NEW.id, NEW.text);
  UPDATE call_fts SET transcript = coalesce((SELECT group_concat(text, ' ') FROM (SELECT text FROM transcript_segments WHERE call_id = NEW.call_id ORDER BY seq)), '')
    WHERE rowid = (SELECT n FROM call_search WHERE call_id = NEW.call_id);
END;

CREATE TRIGGER call_fts_insert AFTER INSERT ON calls BEGIN
  INSERT INTO call_search (call_id) VALUES (NEW.id);
  INSERT INTO call_fts (rowid, title, prospect, transcript)
    SELECT last_insert_rowid(), coalesce(NEW.title, ''),
           coalesce((SELECT trim(name || ' ' || coalesce(company, '')) FROM prospects WHERE id = NEW.prospect_id), ''), '';
END;
CREATE TRIGGER call_fts_update AFTER UPDATE OF title, prospect_id ON calls BEGIN
  UPDATE call_fts SET title = coalesce(NEW.title, ''),
                      prospect = coalesce((SELECT trim(name || ' ' || coalesce(company, '')) FROM prospects WHERE id = NEW.prospect_id), '')
    WHERE rowid = (SELECT n FROM call_search WHERE call_id = NEW.id);
END;
CREATE TRIGGER call_fts_delete AFTER DELETE ON calls BEGIN
  DELETE FROM call_fts WHERE rowid = (SELECT n FROM call_search WHERE call_id = OLD.id);
  DELETE FROM call_search WHERE call_id = OLD.id;
END;
CREATE TRIGGER call_fts_prospect_rename AFTER UPDATE OF name, company ON prospects BEGIN
  UPDATE call_fts SET prospect = trim(NEW.name || ' ' || coalesce(NEW.company, ''))
    WHERE rowid IN (SELECT cs.n FROM call_search cs JOIN calls c ON c.id = cs.call_id WHERE c.prospect_id = NEW.id);
END;
`

const migration: Migration = {
  version: 5,
  name: 'search-titles',
  up(db) {
    db.exec(SQL)
  },
}

export default migration
