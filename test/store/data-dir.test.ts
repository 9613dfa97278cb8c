/**
 * The SQLite data dir: created 0700 with its files 0600 (it holds token and secret hashes), and held by
 * one store at a time (the lock a second process meets is in test/process/store-guard.test.ts).
 */
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import { StoreError } from "../../src/store/store.js";

const root = mkdtempSync(join(tmpdir(), "vconf-datadir-"));
after(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

test("a new data dir is created 0700 and the database files 0600", async () => {
  const dir = join(root, "new", "data");
  const store = SqliteStore.open(dir);
  try {
    await store.transaction((tx) => tx.putOrg({ corpId: "c", name: "n" }));
    assert.equal(mode(dir), "700");
    for (const f of ["vconf.db", "vconf.db-wal", "vconf.db-shm", "vconf.lock", "vconf.lock.json"]) {
      assert.equal(mode(join(dir, f)), "600", f);
    }
  } finally {
    await store.close();
  }
});

test("existing database files readable by others are narrowed to the owner", async () => {
  const dir = join(root, "old");
  mkdirSync(dir);
  await (await SqliteStore.open(dir)).close();
  chmodSync(join(dir, "vconf.db"), 0o644);
  writeFileSync(join(dir, "vconf.db-wal"), "");
  chmodSync(join(dir, "vconf.db-wal"), 0o666);
  const store = SqliteStore.open(dir);
  try {
    assert.equal(mode(join(dir, "vconf.db")), "600");
    assert.equal(mode(join(dir, "vconf.db-wal")), "600");
  } finally {
    await store.close();
  }
});

test("a second store on the same data dir is refused, naming the holder; the first keeps it", async () => {
  const dir = join(root, "held");
  const first = SqliteStore.open(dir);
  try {
    assert.throws(
      () => SqliteStore.open(dir),
      (e) =>
        e instanceof StoreError &&
        e.message.includes(`pid ${process.pid}`) &&
        e.message.includes(dir) &&
        /is using the data dir/.test(e.message),
    );
    // The refused attempt must not have dropped the first store's lock (POSIX locks are per process).
    assert.throws(() => SqliteStore.open(dir), StoreError);
    await first.transaction((tx) => tx.putOrg({ corpId: "still", name: "works" }));
  } finally {
    await first.close();
  }
  // Closed: the lock is free again.
  await SqliteStore.open(dir).close();
});
