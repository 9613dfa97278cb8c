import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import type { Tx } from "../../src/store/store.js";

// The SQLite driver's group commit, on the store directly: many transactions in flight at once share
// one COMMIT and one fdatasync, and each is still its own transaction.

let dir: string;
let store: SqliteStore;
let reader: BetterSqlite3.Database;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "vconf-gc-"));
  store = SqliteStore.open(dir);
  // A second connection sees only what is committed.
  reader = new BetterSqlite3(join(dir, "vconf.db"), { readonly: true });
});
after(async () => {
  reader.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const orgCount = (prefix: string) =>
  (reader.prepare("SELECT COUNT(*) AS n FROM orgs WHERE corp_id LIKE ?").get(`${prefix}%`) as { n: number })
    .n;
const hasOrg = (corpId: string) => !!reader.prepare("SELECT 1 FROM orgs WHERE corp_id = ?").get(corpId);

test("concurrent transactions each get their own result; failures roll back only themselves", async () => {
  const N = 300;
  const fails = (i: number) => i % 7 === 3;
  const results = await Promise.allSettled(
    Array.from({ length: N }, (_, i) =>
      store.transaction(async (tx) => {
        await tx.putOrg({ corpId: `gc-${i}`, name: `org ${i}` });
        // A failing transaction has written before it throws: its write must vanish, nobody else's.
        if (fails(i)) throw new Error(`job ${i} fails`);
        const back = await tx.getOrg(`gc-${i}`);
        return `${i}:${back?.name}`;
      }),
    ),
  );
  results.forEach((r, i) => {
    if (fails(i)) {
      assert.equal(r.status, "rejected", `job ${i}`);
      assert.equal((r as PromiseRejectedResult).reason.message, `job ${i} fails`);
      assert.equal(hasOrg(`gc-${i}`), false, `failed job ${i} left a row`);
    } else {
      assert.deepEqual(r, { status: "fulfilled", value: `${i}:org ${i}` }, `job ${i}`);
      assert.equal(hasOrg(`gc-${i}`), true, `job ${i} lost its row`);
    }
  });
  const ok = Array.from({ length: N }, (_, i) => i).filter((i) => !fails(i)).length;
  assert.equal(orgCount("gc-"), ok);
});

test("a transaction is answered only once its commit is visible to another connection", async () => {
  const seenAtAnswer = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      store
        .transaction(async (tx) => tx.putOrg({ corpId: `vis-${i}`, name: "v" }))
        .then(() => hasOrg(`vis-${i}`)),
    ),
  );
  assert.deepEqual(seenAtAnswer, Array(100).fill(true));
});

test("a failure's writes are undone even when later jobs in its batch read the same rows", async () => {
  await store.transaction((tx) => tx.putOrg({ corpId: "shared", name: "before" }));
  const [a, b, c] = await Promise.allSettled([
    store.transaction(async (tx) => {
      await tx.putOrg({ corpId: "shared", name: "broken" });
      throw new Error("no");
    }),
    store.transaction(async (tx) => (await tx.getOrg("shared"))?.name, { readOnly: true }),
    store.transaction(async (tx) => {
      const before = (await tx.getOrg("shared"))?.name;
      await tx.putOrg({ corpId: "shared", name: "after" });
      return before;
    }),
  ]);
  assert.equal(a.status, "rejected");
  assert.deepEqual(b, { status: "fulfilled", value: "before" });
  assert.deepEqual(c, { status: "fulfilled", value: "before" });
  assert.equal(
    (reader.prepare("SELECT name FROM orgs WHERE corp_id = 'shared'").get() as { name: string }).name,
    "after",
  );
});

test("a synchronous throw and a rejected promise are both contained", async () => {
  const results = await Promise.allSettled([
    store.transaction((() => {
      throw new Error("sync");
    }) as () => Promise<void>),
    store.transaction(async (tx) => tx.putOrg({ corpId: "contained", name: "ok" })),
  ]);
  assert.equal(results[0].status, "rejected");
  assert.equal(results[1].status, "fulfilled");
  assert.equal(hasOrg("contained"), true);
});

test("the WAL is synced by the store, not by each COMMIT", () => {
  // synchronous=NORMAL (1): the COMMIT does not fsync; the store's own fdatasync does, before answering.
  assert.equal(store.db.pragma("synchronous", { simple: true }), 1);
  assert.equal(store.db.pragma("journal_mode", { simple: true }), "wal");
});

test("a job's savepoint journal stays in memory: no temporary file per transaction", async () => {
  // Each job runs in a SAVEPOINT, so SQLite saves the original of every page it changes in a
  // sub-journal; by default that is a file it creates and unlinks in /var/tmp for each transaction.
  const tempFiles = () =>
    readdirSync("/proc/self/fd").filter((fd) => {
      try {
        return /etilqs_/.test(readlinkSync(`/proc/self/fd/${fd}`));
      } catch {
        return false; // closed meanwhile
      }
    });
  // SQLite keeps a sub-journal in memory up to 64 KiB anyway: change more pages than that.
  const orgs = (name: string) => (tx: Tx) =>
    Promise.all(Array.from({ length: 200 }, (_, i) => tx.putOrg({ corpId: `sub-journal-${i}`, name })));
  await store.transaction(orgs("a".repeat(1000)));
  const open = await store.transaction(async (tx) => {
    await orgs("b".repeat(1000))(tx); // about 50 pages written before this job
    return tempFiles();
  });
  assert.deepEqual(open, []);
  assert.equal(store.db.pragma("temp_store", { simple: true }), 2); // MEMORY
});
