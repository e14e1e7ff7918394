import type { ServerMigration } from './types'

/*
 * Conventions: every team-owned row has team_id in its primary key, and every
 * read is "WHERE team_id = $team", so a query cannot reach another team's rows
 * by id even where the desktop ids (UUIDs) collide. Desktop timestamps stay
 * epoch ms (bigint) exactly as the rep's and coach's machines wrote them, so a
 * record is the same on every machine; server-side times are timestamptz.
 * change_seq orders every write so a desktop pulls "everything after n".
 */
const SQL = /* sql */ `
CREATE SEQUENCE change_seq;

CREATE TABLE teams (
  id         uuid PRIMARY KEY,
  name       text NOT NULL UNIQUE CHECK (length(btrim(name)) > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id           uuid PRIMARY KEY,
  team_id      uuid NOT NULL REFERENCES teams (id),
  name         text NOT NULL CHECK (length(btrim(name)) > 0),
  role         text NOT NULL CHECK (role IN ('rep', 'coach', 'manager')),
  token_sha256 bytea NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE INDEX users_by_team ON users (team_id);

-- Content-addressed files in the blob folder, per team (no cross-team dedup: it would tell one team what another holds).
CREATE TABLE blobs (
  team_id    uuid NOT NULL REFERENCES teams (id),
  sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes      bigint NOT NULL CHECK (bytes >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, sha256)
);

CREATE TABLE rehearsals (
  team_id           uuid NOT NULL REFERENCES teams (id),
  id                uuid NOT NULL,
  rep_id            uuid NOT NULL REFERENCES users (id),
  scheduled_call_id uuid,
  prospect_name     text,
  started_at        bigint NOT NULL CHECK (started_at >= 0),
  ended_at          bigint NOT NULL CHECK (ended_at >= started_at),
  duration_ms       bigint,
  segment_count     integer NOT NULL CHECK (segment_count >= 0),
  flag_count        integer NOT NULL CHECK (flag_count >= 0),
  flags_by_kind     jsonb NOT NULL,
  first_give_ms     bigint,
  has_audio         boolean NOT NULL,
  bundle_sha256     text NOT NULL,
  bundle_bytes      bigint NOT NULL,
  version           integer NOT NULL DEFAULT 1,
  seq               bigint NOT NULL DEFAULT nextval('change_seq'),
  uploaded_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, id),
  FOREIGN KEY (team_id, bundle_sha256) REFERENCES blobs (team_id, sha256)
);
CREATE INDEX rehearsals_by_rep ON rehearsals (team_id, rep_id, started_at);
CREATE INDEX rehearsals_by_time ON rehearsals (team_id, started_at);

-- Two coaches reviewing the same attempt give two rows: reviews are never merged or replaced.
CREATE TABLE reviews (
  team_id      uuid NOT NULL,
  id           uuid NOT NULL,
  rehearsal_id uuid NOT NULL,
  coach_id     uuid NOT NULL REFERENCES users (id),
  reviewer     text NOT NULL,
  verdict      text NOT NULL CHECK (verdict IN ('ready', 'try-again')),
  summary      text NOT NULL,
  created_at   bigint NOT NULL CHECK (created_at >= 0),
  seq          bigint NOT NULL DEFAULT nextval('change_seq'),
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, id),
  FOREIGN KEY (team_id, rehearsal_id) REFERENCES rehearsals (team_id, id)
);
CREATE INDEX reviews_by_rehearsal ON reviews (team_id, rehearsal_id, created_at);
CREATE INDEX reviews_by_seq ON reviews (team_id, seq);

CREATE TABLE comments (
  team_id      uuid NOT NULL,
  id           uuid NOT NULL,
  rehearsal_id uuid NOT NULL,
  author_id    uuid NOT NULL REFERENCES users (id),
  author       text NOT NULL,
  role         text NOT NULL CHECK (role IN ('rep', 'coach')),
  at_ms        bigint CHECK (at_ms IS NULL OR at_ms >= 0),
  body         text NOT NULL CHECK (length(btrim(body)) > 0),
  created_at   bigint NOT NULL CHECK (created_at >= 0),
  seq          bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (team_id, id),
  FOREIGN KEY (team_id, rehearsal_id) REFERENCES rehearsals (team_id, id)
);
CREATE INDEX comments_by_rehearsal ON comments (team_id, rehearsal_id, created_at);
CREATE INDEX comments_by_seq ON comments (team_id, seq);

-- A call's debrief (notes and figures) that the rep chose to share.
CREATE TABLE debriefs (
  team_id       uuid NOT NULL REFERENCES teams (id),
  call_id       uuid NOT NULL,
  rep_id        uuid NOT NULL REFERENCES users (id),
  kind          text NOT NULL CHECK (kind IN ('live', 'rehearsal')),
  started_at    bigint NOT NULL CHECK (started_at >= 0),
  duration_ms   bigint,
  flag_count    integer NOT NULL CHECK (flag_count >= 0),
  flags_by_kind jsonb NOT NULL,
  first_give_ms bigint,
  notes         jsonb,
  updated_at    bigint NOT NULL,
  seq           bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (team_id, call_id)
);
CREATE INDEX debriefs_by_time ON debriefs (team_id, started_at);

CREATE TABLE plans (
  team_id           uuid NOT NULL REFERENCES teams (id),
  scheduled_call_id uuid NOT NULL,
  rep_id            uuid NOT NULL REFERENCES users (id),
  prospect_name     text NOT NULL,
  scheduled_at      bigint NOT NULL,
  status            text NOT NULL CHECK (status IN ('scheduled', 'done', 'cancelled')),
  plan_notes        text NOT NULL,
  rehearsal_notes   text NOT NULL,
  updated_at        bigint NOT NULL,
  seq               bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (team_id, scheduled_call_id)
);

-- A replayed write (same key) gets the first answer back instead of doing it again.
CREATE TABLE idempotency_keys (
  user_id        uuid NOT NULL REFERENCES users (id),
  key            text NOT NULL CHECK (length(key) BETWEEN 8 AND 200),
  route          text NOT NULL,
  request_sha256 text NOT NULL,
  status         integer NOT NULL,
  response       jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
`

const migration: ServerMigration = {
  version: 1,
  name: 'initial',
  async up(client) {
    await client.query(SQL)
  },
}

export default migration
