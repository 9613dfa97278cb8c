/**
 * Storage faults on the SQLite store fail requests, never the process: a transaction SQLite abandons
 * (SQLITE_FULL, made deterministic with `PRAGMA max_page_count`), a refused COMMIT, a write lock another
 * process holds, the files deleted under a running store. Each leaves no partial state, and the store
 * carries on (or, where durability is lost, refuses all further work and says why).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, test } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { SqliteStore, type SqliteOptions } from "../../src/store/sqlite/index.js";
import { StoreError } from "../../src/store/store.js";
import { LockHolder } from "../helpers/lock-holder.js";

const opened: { store: SqliteStore; dir: string }[] = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

function openStore(opts: SqliteOptions = {}): { store: SqliteStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "vconf-faults-"));
  const store = SqliteStore.open(dir, opts);
  opened.push({ store, dir });
  return { store, dir };
}

/** The corp ids another connection sees committed. */
function committedOrgs(dir: string): string[] {
  const reader = new BetterSqlite3(join(dir, "vconf.db"), { readonly: true });
  try {
    return (reader.prepare("SELECT corp_id FROM orgs ORDER BY corp_id").all() as { corp_id: string }[]).map(
      (r) => r.corp_id,
    );
  } finally {
    reader.close();
  }
}

const settled = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

function assertStoreError(r: { ok: boolean; error?: unknown }, pattern: RegExp, what: string) {
  assert.equal(r.ok, false, `${what} should fail`);
  assert.ok(r.error instanceof StoreError, `${what}: expected a StoreError, got ${String(r.error)}`);
  assert.match((r.error as Error).message, pattern, what);
}

test("a transaction SQLite abandons (disk full) fails its batch, leaves nothing behind, and the store carries on", async () => {
  const { store, dir } = openStore();
  await store.transaction((tx) => tx.putOrg({ corpId: "before", name: "kept" }));
  const pages = store.db.pragma("page_count", { simple: true }) as number;
  store.db.pragma(`max_page_count = ${pages + 8}`);

  // One batch: a small write, a large import-like write SQLite abandons with SQLITE_FULL (undoing the
  // whole transaction, the small write's savepoint included), then a read that had not run yet.
  const [small, large, read] = await Promise.all([
    settled(store.transaction((tx) => tx.putOrg({ corpId: "small", name: "s" }))),
    settled(
      store.transaction(async (tx) => {
        for (let i = 0; i < 2000; i++) await tx.putOrg({ corpId: `bulk-${i}`, name: "x".repeat(500) });
      }),
    ),
    settled(store.transaction(async (tx) => (await tx.getOrg("before"))?.name, { readOnly: true })),
  ]);
  assertStoreError(large, /database or disk is full/, "the large write");
  assertStoreError(small, /database or disk is full/, "the small write of the same batch");
  assert.deepEqual(read, { ok: true, value: "kept" }, "a job that had not run yet runs in the next batch");
  assert.deepEqual(committedOrgs(dir), ["before"]);
  const health = await store.health();
  assert.equal(health.ok, false);
  assert.match((health as { reason: string }).reason, /database or disk is full/);

  // Space is back: writes succeed again, and so does the health check.
  store.db.pragma("max_page_count = 1073741823");
  await store.transaction((tx) => tx.putOrg({ corpId: "after", name: "a" }));
  assert.deepEqual(committedOrgs(dir), ["after", "before"]);
  assert.deepEqual(await store.health(), { ok: true });
});

test("a refused COMMIT fails every job of its batch and the next batch commits", async () => {
  const { store, dir } = openStore();
  // A deferred foreign key makes SQLite refuse the COMMIT itself (and keep the transaction open).
  const [broken, neighbour] = await Promise.all([
    settled(
      store.transaction(async () => {
        store.db.pragma("defer_foreign_keys = ON");
        store.db
          .prepare(
            "INSERT INTO users (union_id, corp_id, user_id, name) VALUES ('u', 'no-such-org', 'u', 'u')",
          )
          .run();
      }),
    ),
    settled(store.transaction((tx) => tx.putOrg({ corpId: "neighbour", name: "n" }))),
  ]);
  assertStoreError(broken, /commit failed/, "the job whose row breaks the COMMIT");
  assertStoreError(neighbour, /commit failed/, "its neighbour in the batch");
  assert.deepEqual(committedOrgs(dir), []);
  await store.transaction((tx) => tx.putOrg({ corpId: "next", name: "n" }));
  assert.deepEqual(committedOrgs(dir), ["next"]);
});

test("a write lock held by another process is waited for without blocking the event loop", async () => {
  const { store, dir } = openStore({ lockWaitMs: 400 });
  const holder = await LockHolder.hold(join(dir, "vconf.db"));
  try {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const write = await settled(store.transaction((tx) => tx.putOrg({ corpId: "locked", name: "l" })));
    clearInterval(timer);
    assertStoreError(write, /locked by another process/, "a write past the lock deadline");
    assert.ok(ticks >= 5, `timers ran ${ticks} times while the write waited for the lock`);
    const health = await store.health();
    assert.equal(health.ok, false);
    assert.match((health as { reason: string }).reason, /locked by another process/);
  } finally {
    await holder.release();
  }
  await store.transaction((tx) => tx.putOrg({ corpId: "unlocked", name: "u" }));
  assert.deepEqual(await store.health(), { ok: true });
});

test("a write waiting for another process's lock commits once the lock is released", async () => {
  const { store, dir } = openStore();
  const holder = await LockHolder.hold(join(dir, "vconf.db"));
  const write = store.transaction((tx) => tx.putOrg({ corpId: "waited", name: "w" }));
  await new Promise((r) => setTimeout(r, 100));
  await holder.release();
  await write;
  assert.deepEqual(committedOrgs(dir), ["waited"]);
});

test("deleting the database files under a running store fails the next write and every later one", async () => {
  const { store, dir } = openStore();
  await store.transaction((tx) => tx.putOrg({ corpId: "kept", name: "k" }));
  assert.deepEqual(await store.health(), { ok: true });
  for (const f of ["vconf.db", "vconf.db-wal", "vconf.db-shm"]) rmSync(join(dir, f), { force: true });

  const write = await settled(store.transaction((tx) => tx.putOrg({ corpId: "lost", name: "l" })));
  assertStoreError(write, /deleted or replaced/, "the first write after the deletion");
  const later = await settled(store.transaction((tx) => tx.putOrg({ corpId: "later", name: "l" })));
  assertStoreError(later, /deleted or replaced/, "a later write");
  const health = await store.health();
  assert.equal(health.ok, false);
  assert.match((health as { reason: string }).reason, /deleted or replaced.*restart vconf/);
});

test("the health check notices deleted files before any write", async () => {
  const { store, dir } = openStore();
  rmSync(join(dir, "vconf.db"));
  const health = await store.health();
  assert.equal(health.ok, false);
  assert.match((health as { reason: string }).reason, /database file was deleted/);
});
