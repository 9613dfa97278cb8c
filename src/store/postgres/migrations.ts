/**
 * Versioned schema migrations for the PostgreSQL driver, applied in order at open, each in its own
 * transaction, under an advisory lock (several instances may start at once); the `schema_version` table
 * records what was applied. Append new versions; never edit an applied one.
 *
 * Keys and sorted text use the "C" collation so lists come out in the same (byte) order as on SQLite;
 * JSON is stored as text so it reads back exactly as written (jsonb would reorder object keys).
 */
export const migrations: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE orgs (
  corp_id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE users (
  union_id TEXT COLLATE "C" PRIMARY KEY,
  corp_id TEXT COLLATE "C" NOT NULL REFERENCES orgs(corp_id),
  user_id TEXT NOT NULL,
  name TEXT NOT NULL
);
CREATE INDEX users_corp ON users(corp_id);
CREATE TABLE apps (
  app_key TEXT COLLATE "C" PRIMARY KEY,
  corp_id TEXT COLLATE "C" NOT NULL REFERENCES orgs(corp_id),
  secret_hash TEXT NOT NULL,
  scopes TEXT NOT NULL,
  token_nonce TEXT,
  token_expires_at BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE suites (
  suite_key TEXT COLLATE "C" PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  ticket_hash TEXT NOT NULL,
  scopes TEXT NOT NULL
);
CREATE TABLE suite_auths (
  suite_key TEXT COLLATE "C" NOT NULL REFERENCES suites(suite_key),
  corp_id TEXT COLLATE "C" NOT NULL REFERENCES orgs(corp_id),
  PRIMARY KEY (suite_key, corp_id)
);
CREATE TABLE tokens (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  corp_id TEXT COLLATE "C" NOT NULL,
  client_key TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  scopes TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX tokens_corp ON tokens(corp_id);
CREATE TABLE conferences (
  conference_id TEXT COLLATE "C" PRIMARY KEY,
  corp_id TEXT COLLATE "C" NOT NULL,
  title TEXT NOT NULL,
  creator_id TEXT NOT NULL,
  creator_app TEXT NOT NULL,
  conference_password TEXT NOT NULL,
  host_password TEXT NOT NULL,
  room_code TEXT NOT NULL,
  external_link_url TEXT NOT NULL,
  phone_numbers TEXT NOT NULL,
  status INTEGER NOT NULL,
  start_time BIGINT NOT NULL,
  end_time BIGINT,
  invite_caller BOOLEAN NOT NULL,
  locked BOOLEAN NOT NULL DEFAULT FALSE,
  mute_all BOOLEAN NOT NULL DEFAULT FALSE,
  force_mute BOOLEAN NOT NULL DEFAULT FALSE,
  only_internal BOOLEAN NOT NULL DEFAULT FALSE,
  auto_transfer_host BOOLEAN NOT NULL DEFAULT FALSE,
  forbidden_share_screen BOOLEAN NOT NULL DEFAULT FALSE,
  focus_union_id TEXT
);
CREATE INDEX conferences_corp ON conferences(corp_id);
CREATE TABLE members (
  conference_id TEXT COLLATE "C" NOT NULL REFERENCES conferences(conference_id),
  union_id TEXT COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  user_nick TEXT NOT NULL,
  host BOOLEAN NOT NULL,
  co_host BOOLEAN NOT NULL,
  attend_status INTEGER NOT NULL,
  join_time BIGINT,
  leave_time BIGINT,
  duration BIGINT NOT NULL DEFAULT 0,
  outer_org_member BOOLEAN NOT NULL DEFAULT FALSE,
  pstn_join BOOLEAN NOT NULL DEFAULT FALSE,
  mic_status INTEGER NOT NULL DEFAULT 0,
  camera_status INTEGER NOT NULL DEFAULT 0,
  forbidden_rejoin BOOLEAN NOT NULL DEFAULT FALSE,
  co_host_since BIGINT,
  device_type TEXT,
  PRIMARY KEY (conference_id, union_id),
  CONSTRAINT members_order UNIQUE (conference_id, seq)
);
CREATE INDEX members_user ON members(union_id, attend_status);
CREATE TABLE changes (
  conference_id TEXT COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  at BIGINT NOT NULL,
  app TEXT NOT NULL,
  operation TEXT NOT NULL,
  target TEXT NOT NULL,
  before TEXT,
  after TEXT,
  CONSTRAINT changes_order PRIMARY KEY (conference_id, seq)
);
`,
  },
  {
    // The co-host cap counts a conference's co-hosts on every add: a partial index keeps that count to the
    // co-hosts' own index entries instead of every member row (bench: the count was the hottest statement).
    version: 2,
    sql: `CREATE INDEX members_cohosts ON members(conference_id) WHERE co_host;`,
  },
  {
    // Scheduled conferences (spec-more section 9): a booking is one JSON document (text, see above); its
    // instances are conferences that carry its id. Room codes are looked up for the room-code join and lists.
    version: 3,
    sql: `
ALTER TABLE conferences ADD COLUMN schedule_conference_id TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX conferences_room ON conferences(room_code);
CREATE TABLE bookings (
  schedule_conference_id TEXT COLLATE "C" PRIMARY KEY,
  corp_id TEXT COLLATE "C" NOT NULL,
  room_code TEXT COLLATE "C" NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX bookings_corp ON bookings(corp_id, created_at);
`,
  },
];
