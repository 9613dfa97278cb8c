/**
 * Stores written by an older vconf open unchanged: test/fixtures/main-v2.* were made by the code before the
 * shared SQL layer (schema version 2, both drivers with their own migration lists) writing the rows of
 * `WRITTEN` below, the SQLite one as its data file, the PostgreSQL one as `pg_dump --inserts` of its
 * database. The new code must read every row back, keep numbering members and changes, and its own
 * migrations must build exactly the schema the old ones did.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import pg from "pg";
import type { Database } from "better-sqlite3";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import type { StateDump, Store } from "../../src/store/store.js";
import { testStoreKinds } from "../helpers/app.js";
import { conferenceRow, memberRow } from "../helpers/rows.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

const conference = conferenceRow("conf-1", "corp-a", {
  title: "Weekly 周会",
  creatorId: "u-1",
  creatorApp: "app-a",
  conferencePassword: "0123456789",
  hostPassword: "9876543210",
  roomCode: "123456789",
  externalLinkUrl: "https://vconf.local/j/123456789",
  phoneNumbers: ["+86 10 1234"],
  startTime: 1_700_000_000_123,
  locked: true,
  forceMute: true,
  autoTransferHost: true,
  focusUnionId: "u-2",
});

/** What the old code wrote into both fixtures. */
const WRITTEN: StateDump = {
  orgs: [{ corpId: "corp-a", name: "Acme 公司" }],
  users: [
    { unionId: "u-1", corpId: "corp-a", userId: "alice", name: "Alice" },
    { unionId: "u-2", corpId: "corp-a", userId: "bob", name: "Bob\u0000NUL" },
  ],
  apps: [
    {
      appKey: "app-a",
      corpId: "corp-a",
      secretHash: "sh",
      scopes: ["a", "b"],
      tokenNonce: "n1",
      tokenExpiresAt: 1_700_000_007_200,
    },
  ],
  suites: [{ suiteKey: "suite-a", secretHash: "ss", ticketHash: "th", scopes: ["s"] }],
  suiteAuths: [{ suiteKey: "suite-a", corpId: "corp-a" }],
  tokens: [
    {
      tokenHash: "tok-1",
      corpId: "corp-a",
      clientKey: "app-a",
      kind: "app",
      scopes: ["a"],
      expiresAt: 1_700_000_007_200,
    },
  ],
  conferences: [conference],
  members: [
    memberRow("conf-1", "u-1", {
      userNick: "Alice",
      host: true,
      attendStatus: 3,
      joinTime: 1_700_000_000_200,
      micStatus: 2,
      deviceType: "PC",
    }),
    memberRow("conf-1", "u-2", {
      seq: 2,
      userNick: "Bob",
      coHost: true,
      coHostSince: 1_700_000_000_300,
      pstnJoin: true,
    }),
  ],
  changes: [
    {
      conferenceId: "conf-1",
      seq: 1,
      at: 1_700_000_000_300,
      app: "app-a",
      operation: "coHosts.add",
      target: "u-2",
      before: { coHost: false },
      after: { coHost: true },
    },
    {
      conferenceId: "conf-1",
      seq: 2,
      at: 1_700_000_000_400,
      app: "app-a",
      operation: "lock",
      target: "",
      before: null,
      after: [1, "x"],
    },
  ],
  bookings: [],
};

const EXTRAS = {
  conferenceId: "",
  extInfo: { a: [1, "x"] },
  subtitleApps: ["app-a"],
  streams: [
    {
      streamId: "a".repeat(24),
      url: "rtmp://x/1",
      streamName: "s",
      mode: "grid",
      smallWindowPosition: "float_right",
      needHostJoin: false,
      state: "pushing" as const,
      startedAt: 1_700_000_000_600,
      stoppedAt: null,
      startedBy: "u-1",
    },
  ],
  mcus: [{ mcuRoomCode: "123", invitedBy: "u-1", at: 1_700_000_000_700 }],
};
const WHITE = {
  corpId: "corp-a",
  bizType: "cloud_record",
  settingRangeType: 3,
  settingRangeId: "u-2",
  addedBy: "u-1",
  addedAt: 1_700_000_000_800,
};

/** The same store read and written through the new code (schema 3 → 7: the runner skips the gap). */
async function readsAndWrites(store: Store) {
  // The events tables (schema version 4) and the media table (5) arrive empty in a store written before them.
  const empty = { eventSeqs: [], events: [], eventDeliveries: [], eventSubscriptions: [], eventSettings: [] };
  assert.deepEqual(await store.transaction((tx) => tx.exportAll(), { readOnly: true }), {
    ...WRITTEN,
    ...empty,
    media: [], // migration 5 adds the (empty) media table
    // Migration 7 (streams, extInfo, MCUs, the recording white list): its tables start empty too.
    extras: [],
    recordWhiteAccounts: [],
  });
  await store.transaction(async (tx) => {
    assert.equal(await tx.countCoHosts("conf-1"), 1);
    assert.equal((await tx.getConference("conf-1", true))?.focusUnionId, "u-2");
    await tx.putMember(memberRow("conf-1", "u-3", { seq: 99 }));
    await tx.appendChange({ ...WRITTEN.changes[0], at: 1_700_000_000_500 });
    await tx.updateConference({ ...conference, muteAll: true });
    await tx.putExtras({ ...EXTRAS, conferenceId: "conf-1" });
    await tx.addRecordWhiteAccount(WHITE);
  });
  await store.transaction(
    async (tx) => {
      assert.deepEqual(
        (await tx.listMembers("conf-1")).map((m) => [m.unionId, m.seq]),
        [
          ["u-1", 1],
          ["u-2", 2],
          ["u-3", 3],
        ],
      );
      assert.deepEqual(
        (await tx.listChanges("conf-1")).map((c) => c.seq),
        [1, 2, 3],
      );
      assert.deepEqual(await tx.getConference("conf-1"), { ...conference, muteAll: true });
      assert.deepEqual(await tx.getExtras("conf-1"), { ...EXTRAS, conferenceId: "conf-1" });
      assert.deepEqual(await tx.listRecordWhiteAccounts("corp-a", "cloud_record"), [WHITE]);
      assert.deepEqual(
        (await tx.listConferencesByRoomCode("123456789")).map((c) => c.conferenceId),
        ["conf-1"],
      );
    },
    { readOnly: true },
  );
}

/** Tables, columns, indexes (with their WHERE) and foreign keys of a SQLite database, and its version. */
function sqliteSchema(db: Database) {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  return {
    version: db.pragma("user_version", { simple: true }),
    tables: tables.map((t) => ({
      t,
      columns: db.pragma(`table_xinfo(${t})`),
      foreignKeys: db.pragma(`foreign_key_list(${t})`),
      indexes: (db.pragma(`index_list(${t})`) as { name: string }[])
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((i) => ({ ...i, columns: db.pragma(`index_xinfo(${i.name})`) })),
    })),
    where: (
      db
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql LIKE '%WHERE%' ORDER BY name")
        .pluck()
        .all() as string[]
    ).map((sql) => sql.replace(/\s+/g, " ")),
  };
}

/** The same for PostgreSQL, from its catalogs. */
async function postgresSchema(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query(sql)).rows;
    return {
      versions: await q("SELECT version FROM schema_version ORDER BY version"),
      columns: await q(`SELECT table_name, column_name, ordinal_position, data_type, is_nullable,
        column_default, collation_name FROM information_schema.columns WHERE table_schema = 'public'
        ORDER BY table_name, ordinal_position`),
      indexes: await q(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
      ),
      constraints: await q(`SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname`),
    };
  } finally {
    await client.end();
  }
}

for (const kind of testStoreKinds()) {
  describe(kind, () => {
    if (kind === "sqlite") {
      test("a SQLite data dir written by the old code opens, reads back and keeps numbering", async () => {
        const dirs = [mkdtempSync(join(tmpdir(), "vconf-old-")), mkdtempSync(join(tmpdir(), "vconf-new-"))];
        copyFileSync(join(FIXTURES, "main-v2.sqlite"), join(dirs[0], "vconf.db"));
        const old = SqliteStore.open(dirs[0]);
        const fresh = SqliteStore.open(dirs[1]);
        try {
          assert.deepEqual(sqliteSchema(old.db), sqliteSchema(fresh.db));
          await readsAndWrites(old);
        } finally {
          await old.close();
          await fresh.close();
          for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
        }
      });
      return;
    }
    test("a PostgreSQL database written by the old code opens, reads back and keeps numbering", async () => {
      const { createTestDatabase } = await import("../helpers/postgres.js");
      const { PostgresStore } = await import("../../src/store/postgres/index.js");
      const [old, fresh] = [await createTestDatabase(), await createTestDatabase()];
      try {
        const restore = new pg.Client({ connectionString: old.url });
        await restore.connect();
        await restore.query(await readFile(join(FIXTURES, "main-v2-postgres.sql"), "utf8"));
        await restore.end();
        for (const db of [old, fresh]) await (await PostgresStore.open(db.url)).close();
        assert.deepEqual(await postgresSchema(old.url), await postgresSchema(fresh.url));
        const store = await PostgresStore.open(old.url);
        try {
          await readsAndWrites(store);
        } finally {
          await store.close();
        }
      } finally {
        await old.drop();
        await fresh.drop();
      }
    });
  });
}
