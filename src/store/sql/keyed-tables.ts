/**
 * Schema version 10 on SQLite: members, the change log and the per-conference event counter rebuilt as
 * WITHOUT ROWID tables. A rowid table keyed by text keeps two B-trees, the rows by rowid and the key
 * index pointing into them: every key lookup descends both, and every insert dirties a page of each.
 * Clustered by their key, a member row, a conference's change-log rows and its counter each sit in one
 * B-tree, and a conference's members and changes are on neighbouring pages. Copied in place (SQLite's
 * table-rebuild procedure: new table, copy, drop, rename, indexes again); the columns are those of
 * versions 1 and 4, in order, so `SELECT *` copies them. PostgreSQL has no rowid: nothing to do there.
 */
export const keyedTables = `
CREATE TABLE members_v10 (
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
) WITHOUT ROWID;
INSERT INTO members_v10 SELECT * FROM members ORDER BY conference_id, union_id;
DROP TABLE members;
ALTER TABLE members_v10 RENAME TO members;
CREATE UNIQUE INDEX members_order ON members(conference_id, seq);
CREATE INDEX members_user ON members(union_id, attend_status);
CREATE INDEX members_cohosts ON members(conference_id) WHERE co_host = 1;

CREATE TABLE changes_v10 (
  conference_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  app TEXT NOT NULL,
  operation TEXT NOT NULL,
  target TEXT NOT NULL,
  before TEXT,
  after TEXT,
  CONSTRAINT changes_order PRIMARY KEY (conference_id, seq)
) WITHOUT ROWID;
INSERT INTO changes_v10 SELECT * FROM changes ORDER BY conference_id, seq;
DROP TABLE changes;
ALTER TABLE changes_v10 RENAME TO changes;

CREATE TABLE event_seqs_v10 (
  conference_id TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO event_seqs_v10 SELECT * FROM event_seqs ORDER BY conference_id;
DROP TABLE event_seqs;
ALTER TABLE event_seqs_v10 RENAME TO event_seqs;
`;
