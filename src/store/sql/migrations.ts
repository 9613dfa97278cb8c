import { extrasDdl } from "./extras.js";
import type { Dialect } from "./dialect.js";
import { eventsSchema } from "./events.js";
import { clusterDdl } from "./cluster.js";
import { keyedTables } from "./keyed-tables.js";

/**
 * The schema migrations of both stores, oldest first, written once: `sql(d)` spells the few words the
 * engines differ in through the dialect (`d.ddl`). Each runs in its own transaction; SQLite records the
 * last one applied in `PRAGMA user_version`, PostgreSQL in `schema_version` (under an advisory lock).
 * Append new versions; never edit an applied one (databases in use already ran it).
 *
 * On PostgreSQL keys and sorted text use the "C" collation so lists come out in the same (byte) order as
 * on SQLite; JSON is stored as text so it reads back exactly as written (jsonb would reorder object keys).
 */
export interface Migration {
  version: number;
  sql(d: Dialect): string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    sql: ({ name, ddl: { key, bigint, bool, false: no, unique } }) => `
CREATE TABLE orgs (
  corp_id ${key} PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE users (
  union_id ${key} PRIMARY KEY,
  corp_id ${key} NOT NULL REFERENCES orgs(corp_id),
  user_id TEXT NOT NULL,
  name TEXT NOT NULL
);
CREATE INDEX users_corp ON users(corp_id);
CREATE TABLE apps (
  app_key ${key} PRIMARY KEY,
  corp_id ${key} NOT NULL REFERENCES orgs(corp_id),
  secret_hash TEXT NOT NULL,
  scopes TEXT NOT NULL,
  token_nonce TEXT,
  token_expires_at ${bigint} NOT NULL DEFAULT 0
);
CREATE TABLE suites (
  suite_key ${key} PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  ticket_hash TEXT NOT NULL,
  scopes TEXT NOT NULL
);
CREATE TABLE suite_auths (
  suite_key ${key} NOT NULL REFERENCES suites(suite_key),
  corp_id ${key} NOT NULL REFERENCES orgs(corp_id),
  PRIMARY KEY (suite_key, corp_id)
);
CREATE TABLE tokens (
  token_hash ${key} PRIMARY KEY,
  corp_id ${key} NOT NULL,
  client_key ${key} NOT NULL,
  kind TEXT NOT NULL,
  scopes TEXT NOT NULL,
  expires_at ${bigint} NOT NULL
);
${
  // Version 1 shipped this index on PostgreSQL only; the SQLite store has done without it since.
  name === "postgres" ? "CREATE INDEX tokens_corp ON tokens(corp_id);" : ""
}
CREATE TABLE conferences (
  conference_id ${key} PRIMARY KEY,
  corp_id ${key} NOT NULL,
  title TEXT NOT NULL,
  creator_id TEXT NOT NULL,
  creator_app TEXT NOT NULL,
  conference_password TEXT NOT NULL,
  host_password TEXT NOT NULL,
  room_code TEXT NOT NULL,
  external_link_url TEXT NOT NULL,
  phone_numbers TEXT NOT NULL,
  status INTEGER NOT NULL,
  start_time ${bigint} NOT NULL,
  end_time ${bigint},
  invite_caller ${bool} NOT NULL,
  locked ${bool} NOT NULL DEFAULT ${no},
  mute_all ${bool} NOT NULL DEFAULT ${no},
  force_mute ${bool} NOT NULL DEFAULT ${no},
  only_internal ${bool} NOT NULL DEFAULT ${no},
  auto_transfer_host ${bool} NOT NULL DEFAULT ${no},
  forbidden_share_screen ${bool} NOT NULL DEFAULT ${no},
  focus_union_id TEXT
);
CREATE INDEX conferences_corp ON conferences(corp_id);
CREATE TABLE members (
  conference_id ${key} NOT NULL REFERENCES conferences(conference_id),
  union_id ${key} NOT NULL,
  seq ${bigint} NOT NULL,
  user_nick TEXT NOT NULL,
  host ${bool} NOT NULL,
  co_host ${bool} NOT NULL,
  attend_status INTEGER NOT NULL,
  join_time ${bigint},
  leave_time ${bigint},
  duration ${bigint} NOT NULL DEFAULT 0,
  outer_org_member ${bool} NOT NULL DEFAULT ${no},
  pstn_join ${bool} NOT NULL DEFAULT ${no},
  mic_status INTEGER NOT NULL DEFAULT 0,
  camera_status INTEGER NOT NULL DEFAULT 0,
  forbidden_rejoin ${bool} NOT NULL DEFAULT ${no},
  co_host_since ${bigint},
  device_type TEXT,
  PRIMARY KEY (conference_id, union_id)
);
${unique("members_order", "members", "conference_id, seq")}
CREATE INDEX members_user ON members(union_id, attend_status);
CREATE TABLE changes (
  conference_id ${key} NOT NULL,
  seq ${bigint} NOT NULL,
  at ${bigint} NOT NULL,
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
    sql: (d) => `CREATE INDEX members_cohosts ON members(conference_id) WHERE ${d.isTrue("co_host")};`,
  },
  {
    // vconf's own settings that outlive a restart (the emulated clock); not DingTalk state, not in snapshots.
    version: 3,
    sql: ({ ddl: { key } }) => `CREATE TABLE settings (name ${key} PRIMARY KEY, value TEXT NOT NULL);`,
  },
  {
    // Events: the outbox, deliveries, subscriptions, statusSeqNum counters, Stream tickets (sql/events.ts).
    // Version 4 (3 is main's settings; versions were assigned per branch before merging).
    version: 4,
    sql: ({ ddl }) => eventsSchema(ddl),
  },
  {
    // Cloud recording, minutes and their grants (state), and injected media artifacts (spec more §10): one
    // row per conference that has any, two JSON documents read and written whole.
    version: 5,
    sql: ({ ddl: { key } }) => `
CREATE TABLE conference_media (
  conference_id ${key} PRIMARY KEY,
  state TEXT NOT NULL,
  artifacts TEXT NOT NULL
);
`,
  },
  {
    // Scheduled conferences (spec-more section 9): bookings, and on their instances the booking id and the
    // extension apps its settings gave them at start. Room codes are looked up by the room-code join and
    // QueryConferenceInfoByRoomCode; an org's meetings in progress by QueryOrgConferenceList.
    version: 6,
    sql: ({ ddl: { key, bigint, bool } }) => `
ALTER TABLE conferences ADD COLUMN schedule_conference_id ${key} NOT NULL DEFAULT '';
ALTER TABLE conferences ADD COLUMN extension_app_settings TEXT NOT NULL DEFAULT '[]';
CREATE INDEX conferences_room ON conferences(room_code);
CREATE INDEX conferences_live ON conferences(corp_id, status, start_time, conference_id);
CREATE TABLE bookings (
  schedule_conference_id ${key} PRIMARY KEY,
  corp_id ${key} NOT NULL,
  creator_id TEXT NOT NULL,
  creator_app TEXT NOT NULL,
  title TEXT NOT NULL,
  start_time ${bigint} NOT NULL,
  end_time ${bigint} NOT NULL,
  room_code ${key} NOT NULL UNIQUE,
  url TEXT NOT NULL,
  settings TEXT NOT NULL,
  cancelled ${bool} NOT NULL,
  instances TEXT NOT NULL,
  custom_short_links TEXT NOT NULL,
  created_at ${bigint} NOT NULL
);
CREATE INDEX bookings_corp ON bookings(corp_id, created_at);
`,
  },
  {
    // Streams, subtitle subscriptions, extInfo and MCUs per conference, and the org's recording white
    // list (spec more §3, §7; the four operations of the newest SDKs). Numbered 7 as assigned: the runner
    // applies every version above the stored one, so a store at 4 goes straight to 7 (5 and 6 are
    // the media and scheduled-conference work).
    version: 7,
    sql: ({ ddl }) => extrasDdl(ddl),
  },
  {
    // Cluster-wide emulator state (src/cluster/): the rate limit's per-second counters, the fault set and
    // its hit counts, the request journal and the live instances. PostgreSQL only: a SQLite store belongs
    // to one process, which keeps all of this in memory.
    version: 8,
    sql: ({ name }) => (name === "postgres" ? clusterDdl : "SELECT 1;"),
  },
  {
    // Scale (issue 14): conferences_corp is a prefix of conferences_live (corp_id first), which answers
    // every lookup it did; one index fewer on every insert. On SQLite the tables read and written by their
    // key become WITHOUT ROWID (keyed-tables.ts). (Version 9 was left unused.)
    version: 10,
    sql: (d) => `DROP INDEX conferences_corp;\n${d.name === "sqlite" ? keyedTables : ""}`,
  },
];
