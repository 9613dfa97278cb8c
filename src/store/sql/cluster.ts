/**
 * The tables several vconf instances on one PostgreSQL share for what a single process keeps in memory
 * (migration 8; used by src/cluster/). Keys use the "C" collation like the rest of the schema.
 */
export const clusterDdl = `
CREATE TABLE cluster_instances (
  instance TEXT COLLATE "C" PRIMARY KEY,
  started_at BIGINT NOT NULL,
  seen_at BIGINT NOT NULL,
  faults_version BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE cluster_faults (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE cluster_fault_hits (
  version BIGINT NOT NULL,
  idx INTEGER NOT NULL,
  max_hits BIGINT,
  fired BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (version, idx)
);
CREATE TABLE cluster_journal (
  id BIGSERIAL PRIMARY KEY,
  entry TEXT NOT NULL
);
CREATE TABLE cluster_rate_windows (
  key TEXT COLLATE "C" NOT NULL,
  second BIGINT NOT NULL,
  used BIGINT NOT NULL,
  PRIMARY KEY (key, second)
);
`;
