import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { emptyMediaState } from "../../src/domain/recordings/media.js";
import { migrations } from "../../src/store/sql/migrations.js";
import { sqliteDialect } from "../../src/store/sqlite/dialect.js";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import { pendingMigrations, StoreError } from "../../src/store/store.js";

test("migrations may have gaps and be listed out of order: versions above the stored one, ascending", () => {
  const list = [1, 2, 3, 5, 4].map((version) => ({ version }));
  assert.deepEqual(
    pendingMigrations(3, list).map((m) => m.version),
    [4, 5],
  );
  assert.deepEqual(
    pendingMigrations(
      3,
      [1, 2, 3, 5].map((version) => ({ version })),
    ).map((m) => m.version),
    [5],
  );
  assert.deepEqual(pendingMigrations(5, list), []);
  assert.throws(
    () => pendingMigrations(6, list),
    (e) => e instanceof StoreError && /\(5\)/.test(e.message),
  );
});

test("a SQLite store at schema 3 (main before media) upgrades to 5: its conference stays, media rows work", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vconf-media-mig-"));
  try {
    const db = new Database(join(dir, "vconf.db"));
    for (const m of migrations.filter((m) => m.version <= 3)) db.exec(m.sql(sqliteDialect));
    db.pragma("user_version = 3");
    db.prepare(
      `INSERT INTO conferences (conference_id, corp_id, title, creator_id, creator_app, conference_password,
       host_password, room_code, external_link_url, phone_numbers, status, start_time, invite_caller)
       VALUES ('c0ffee', 'corp', 'Old', 'u', 'app', '1', '2', '123456789', 'x', '[]', 2, 5, 1)`,
    ).run();
    db.close();
    const store = SqliteStore.open(dir);
    try {
      // Upgraded past 5 to the newest version (6: scheduled conferences).
      const newest = Math.max(...migrations.map((m) => m.version));
      assert.equal(store.db.pragma("user_version", { simple: true }), newest);
      const conf = await store.transaction((tx) => tx.getConference("c0ffee"));
      assert.equal(conf?.title, "Old");
      await store.transaction((tx) =>
        tx.putMedia({ conferenceId: "c0ffee", state: emptyMediaState(), artifacts: { a: 1 } }),
      );
      const media = await store.transaction((tx) => tx.getMedia("c0ffee"));
      assert.deepEqual(media?.artifacts, { a: 1 });
      const dump = await store.transaction((tx) => tx.exportAll());
      assert.equal(dump.media?.length, 1);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
