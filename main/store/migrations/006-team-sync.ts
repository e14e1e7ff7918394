import type { Migration } from './types'

/*
 * Team sync (issue 15). The outbox holds what the rep chose to share (and the
 * coach's reviews of team rehearsals) until the team server has it: one row
 * per thing to send, with its idempotency key, so a retry after a lost reply
 * is recognised by the server instead of doing the write twice. The payload is
 * built when it is sent, from the rows as they are then, so nothing is
 * copied and an edit before sending goes out with it. At most one pending row
 * per thing (partial unique index); sent rows stay as the record of what left
 * the machine.
 *
 * sync_pulled: rehearsals this machine took from the team (the coach's
 * machine), and whose they are. sync_pushed: review and comment ids the
 * server has, so they are sent once.
 *
 * No foreign keys to tables of migrations 003-005: it depends on 001 only.
 */
const SQL = /* sql */ `
CREATE TABLE sync_outbox (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('rehearsal', 'review', 'debrief', 'plan')),
  ref_id          TEXT NOT NULL CHECK (length(ref_id) > 0),
  idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) >= 8),
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'refused')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL CHECK (next_attempt_at >= 0),
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  CHECK ((state = 'sent') = (sent_at IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX sync_outbox_one_pending ON sync_outbox (kind, ref_id) WHERE state = 'pending';
CREATE INDEX sync_outbox_due ON sync_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX sync_outbox_by_ref ON sync_outbox (kind, ref_id);

CREATE TABLE sync_pulled (
  call_id       TEXT PRIMARY KEY NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  rep_name      TEXT NOT NULL,
  bundle_sha256 TEXT NOT NULL CHECK (length(bundle_sha256) = 64),
  pulled_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE sync_pushed (
  record_id TEXT PRIMARY KEY NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('review', 'comment')),
  pushed_at INTEGER NOT NULL
) STRICT;
`

const migration: Migration = {
  version: 6,
  name: 'team-sync',
  up(db) {
    db.exec(SQL)
  },
}

export default migration
