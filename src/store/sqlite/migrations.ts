/**
 * Versioned schema migrations for the SQLite driver, applied in order inside one transaction each;
 * `PRAGMA user_version` records the last one applied. Append new versions; never edit an applied one.
 */
export const migrations: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE orgs (
  corp_id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE users (
  union_id TEXT PRIMARY KEY,
  corp_id TEXT NOT NULL REFERENCES orgs(corp_id),
  user_id TEXT NOT NULL,
  name TEXT NOT NULL
);
CREATE INDEX users_corp ON users(corp_id);
CREATE TABLE apps (
  app_key TEXT PRIMARY KEY,
  corp_id TEXT NOT NULL REFERENCES orgs(corp_id),
  secret_hash TEXT NOT NULL,
  scopes TEXT NOT NULL,
  token_nonce TEXT,
  token_expires_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE suites (
  suite_key TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  ticket_hash TEXT NOT NULL,
  scopes TEXT NOT NULL
);
CREATE TABLE suite_auths (
  suite_key TEXT NOT NULL REFERENCES suites(suite_key),
  corp_id TEXT NOT NULL REFERENCES orgs(corp_id),
  PRIMARY KEY (suite_key, corp_id)
);
CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  corp_id TEXT NOT NULL,
  client_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  scopes TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE conferences (
  conference_id TEXT PRIMARY KEY,
  corp_id TEXT NOT NULL,
  title TEXT NOT NULL,
  creator_id TEXT NOT NULL,
  creator_app TEXT NOT NULL,
  conference_password TEXT NOT NULL,
  host_password TEXT NOT NULL,
  room_code TEXT NOT NULL,
  external_link_url TEXT NOT NULL,
  phone_numbers TEXT NOT NULL,
  status INTEGER NOT NULL,
  start_time INTEGER NOT NULL,
  end_time INTEGER,
  invite_caller INTEGER NOT NULL,
  locked INTEGER NOT NULL DEFAULT 0,
  mute_all INTEGER NOT NULL DEFAULT 0,
  force_mute INTEGER NOT NULL DEFAULT 0,
  only_internal INTEGER NOT NULL DEFAULT 0,
  auto_transfer_host INTEGER NOT NULL DEFAULT 0,
  forbidden_share_screen INTEGER NOT NULL DEFAULT 0,
  focus_union_id TEXT
);
CREATE INDEX conferences_corp ON conferences(corp_id);
CREATE TABLE members (
  conference_id TEXT NOT NULL REFERENCES conferences(conference_id),
  union_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  user_nick TEXT NOT NULL,
  host INTEGER NOT NULL,
  co_host INTEGER NOT NULL,
  attend_status INTEGER NOT NULL,
  join_time INTEGER,
  leave_time INTEGER,
  duration INTEGER NOT NULL DEFAULT 0,
  outer_org_member INTEGER NOT NULL DEFAULT 0,
  pstn_join INTEGER NOT NULL DEFAULT 0,
  mic_status INTEGER NOT NULL DEFAULT 0,
  camera_status INTEGER NOT NULL DEFAULT 0,
  forbidden_rejoin INTEGER NOT NULL DEFAULT 0,
  co_host_since INTEGER,
  device_type TEXT,
  PRIMARY KEY (conference_id, union_id)
);
CREATE UNIQUE INDEX members_order ON members(conference_id, seq);
CREATE INDEX members_user ON members(union_id, attend_status);
CREATE TABLE changes (
  conference_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  app TEXT NOT NULL,
  operation TEXT NOT NULL,
  target TEXT NOT NULL,
  before TEXT,
  after TEXT,
  PRIMARY KEY (conference_id, seq)
);
`,
  },
  {
    // The co-host cap counts a conference's co-hosts on every add: a partial index keeps that count to the
    // co-hosts' own index entries instead of every member row (bench: the count was the hottest statement).
    version: 2,
    sql: `CREATE INDEX members_cohosts ON members(conference_id) WHERE co_host = 1;`,
  },
  {
    // Scheduled conferences (spec-more section 9): a booking is one JSON document; its instances are
    // conferences that carry its id. Room codes are looked up for the room-code join and lists.
    version: 3,
    sql: `
ALTER TABLE conferences ADD COLUMN schedule_conference_id TEXT NOT NULL DEFAULT '';
CREATE INDEX conferences_room ON conferences(room_code);
CREATE TABLE bookings (
  schedule_conference_id TEXT PRIMARY KEY,
  corp_id TEXT NOT NULL,
  room_code TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX bookings_corp ON bookings(corp_id, created_at);
`,
  },
];
