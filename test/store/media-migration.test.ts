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

test("a SQLite store at schema 2 (before media) upgrades: its conference stays, media rows work", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vconf-media-mig-"));
  try {
    const db = new Database(join(dir, "vconf.db"));
    for (const m of migrations.filter((m) => m.version <= 2)) db.exec(m.sql(sqliteDialect));
    db.pragma("user_version = 2");
    db.prepare(
      `INSERT INTO conferences (conference_id, corp_id, title, creator_id, creator_app, conference_password,
       host_password, room_code, external_link_url, phone_numbers, status, start_time, invite_caller)
       VALUES ('c0ffee', 'corp', 'Old', 'u', 'app', '1', '2', '123456789', 'x', '[]', 2, 5, 1)`,
    ).run();
    db.close();
    const store = SqliteStore.open(dir);
    try {
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
