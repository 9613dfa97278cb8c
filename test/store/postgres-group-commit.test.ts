/**
 * The PostgreSQL driver's group commit (store/postgres/group-commit.ts) on a real server: transactions
 * queued together share one transaction and one COMMIT, and each is still its own transaction (the
 * SQLite twin is group-commit.test.ts).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import type { PostgresStore } from "../../src/store/postgres/index.js";
import { testStoreKinds } from "../helpers/app.js";

const skip = testStoreKinds().includes("postgres")
  ? false
  : "PostgreSQL only: run with VCONF_TEST_STORE=postgres or VCONF_TEST_STORES=sqlite,postgres";

let store: PostgresStore;
let cleanup: () => Promise<void>;
/** A connection of its own: it sees only what is committed. */
let reader: pg.Client;

before(async () => {
  if (skip) return;
  const { openTestPostgres } = await import("../helpers/postgres.js");
  // Two connections: four transactions at once make two groups of two (GroupCommit.take).
  ({ store, cleanup } = await openTestPostgres({ max: 2 }));
  store.observe({
    committed: (_s, n) => {
      commits.groups++;
      commits.transactions += n;
    },
    synced() {},
    authCache() {},
  });
  reader = new pg.Client({ connectionString: store.pool.options.connectionString });
  await reader.connect();
});
after(async () => {
  if (skip) return;
  await reader.end();
  await cleanup();
});

const hasOrg = async (corpId: string) =>
  (await reader.query("SELECT 1 FROM orgs WHERE corp_id = $1", [corpId])).rowCount === 1;
const orgName = async (corpId: string) =>
  (await reader.query("SELECT name FROM orgs WHERE corp_id = $1", [corpId])).rows[0]?.name as string;
const orgCount = async (prefix: string) =>
  (await reader.query("SELECT COUNT(*)::int AS n FROM orgs WHERE corp_id LIKE $1", [`${prefix}%`])).rows[0]
    .n as number;
/** COMMITs of write groups so far and the transactions they carried (the store's metrics observer). */
const commits = { groups: 0, transactions: 0 };

test(
  "concurrent transactions each get their own result; failures roll back only themselves",
  { skip },
  async () => {
    const N = 200;
    const fails = (i: number) => i % 7 === 3;
    const before = { ...commits };
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
    for (const [i, r] of results.entries()) {
      if (fails(i)) {
        assert.equal(r.status, "rejected", `job ${i}`);
        assert.equal((r as PromiseRejectedResult).reason.message, `job ${i} fails`);
        assert.equal(await hasOrg(`gc-${i}`), false, `failed job ${i} left a row`);
      } else {
        assert.deepEqual(r, { status: "fulfilled", value: `${i}:org ${i}` }, `job ${i}`);
        assert.equal(await hasOrg(`gc-${i}`), true, `job ${i} lost its row`);
      }
    }
    assert.equal(await orgCount("gc-"), Array.from({ length: N }).filter((_, i) => !fails(i)).length);
    // They shared commits: far fewer than one per transaction (the pool has 2 connections).
    const used = commits.groups - before.groups;
    assert.ok(used <= N / 8, `${used} commits for ${N} transactions`);
    assert.equal(commits.transactions - before.transactions, N - 29, "successful writers counted once");
  },
);

test(
  "a transaction is answered only once its commit is visible to another connection",
  { skip },
  async () => {
    const seenAtAnswer = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store
          .transaction(async (tx) => tx.putOrg({ corpId: `vis-${i}`, name: "v" }))
          .then(() => hasOrg(`vis-${i}`)),
      ),
    );
    assert.deepEqual(seenAtAnswer, Array(100).fill(true));
  },
);

test(
  "a failure's writes are undone even when later jobs in its group read the same rows",
  { skip },
  async () => {
    await store.transaction((tx) => tx.putOrg({ corpId: "shared", name: "before" }));
    // Four at once on two connections make two groups of two: [a, b] and the fillers (GroupCommit.take).
    const [a, b] = await Promise.allSettled([
      store.transaction(async (tx) => {
        await tx.putOrg({ corpId: "shared", name: "broken" });
        throw new Error("no");
      }),
      store.transaction(async (tx) => {
        const before = (await tx.getOrg("shared"))?.name;
        await tx.putOrg({ corpId: "shared", name: "after" });
        return before;
      }),
      store.transaction(async (tx) => (await tx.getOrg("shared"))?.name),
    ]);
    assert.equal(a.status, "rejected");
    assert.deepEqual(b, { status: "fulfilled", value: "before" });
    assert.equal(await orgName("shared"), "after");
  },
);

test("a failed statement fails its own job only, also when the job catches it", { skip }, async () => {
  const results = await Promise.allSettled([
    store.transaction(async (tx) => tx.putOrg({ corpId: "stmt-1", name: "ok" })),
    // A write PostgreSQL refuses (a user of no org): the savepoint before it undoes only this job.
    store.transaction(async (tx) => {
      await tx.putOrg({ corpId: "stmt-fk", name: "undone" });
      await tx.putUser({ unionId: "stmt-u", corpId: "no-such-org", userId: "u", name: "n" });
    }),
    // A read PostgreSQL refuses (a negative OFFSET), where no savepoint covers it: the whole group is
    // aborted and each of its jobs runs again alone.
    store.transaction(async (tx) => tx.listLiveConferences("corp", -1, 10)),
    // A job that swallows its failed statement still fails: PostgreSQL undid its writes.
    store.transaction(async (tx) => {
      await tx.putOrg({ corpId: "stmt-caught", name: "undone" });
      await tx.listLiveConferences("corp", -1, 10).catch(() => {});
      return "claims success";
    }),
    store.transaction(async (tx) => tx.putOrg({ corpId: "stmt-2", name: "ok" })),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ["fulfilled", "rejected", "rejected", "rejected", "fulfilled"],
  );
  for (const r of results.filter((x) => x.status === "rejected")) {
    assert.match((r as PromiseRejectedResult).reason.message, /^postgres: /);
  }
  assert.equal(await hasOrg("stmt-1"), true);
  assert.equal(await hasOrg("stmt-2"), true);
  assert.equal(await hasOrg("stmt-fk"), false);
  assert.equal(await hasOrg("stmt-caught"), false);
});

test(
  "a deadlock between two groups retries the victim alone, applied once and answered once",
  { skip },
  async () => {
    await store.transaction(async (tx) => {
      await tx.putOrg({ corpId: "dl-x", name: "0" });
      await tx.putOrg({ corpId: "dl-y", name: "0" });
    });
    let aLocked!: () => void;
    let bLocked!: () => void;
    const aHas = new Promise<void>((r) => (aLocked = r));
    const bHas = new Promise<void>((r) => (bLocked = r));
    const runs = { a: 0, b: 0 };
    const bump = async (tx: Parameters<Parameters<PostgresStore["transaction"]>[0]>[0], id: string) =>
      tx.putOrg({ corpId: id, name: String(Number((await tx.getOrg(id))!.name) + 1) });
    // Four at once on two connections make two groups of two: [a, a2] and [b, b2] (see take()).
    const answers = await Promise.all([
      store.transaction(async (tx) => {
        runs.a++;
        await bump(tx, "dl-x"); // locks x
        if (runs.a === 1) {
          aLocked();
          await bHas;
        }
        await bump(tx, "dl-y");
        return "a";
      }),
      store.transaction(async (tx) => tx.putOrg({ corpId: "dl-a2", name: "a2" }).then(() => "a2")),
      store.transaction(async (tx) => {
        runs.b++;
        await bump(tx, "dl-y"); // locks y
        if (runs.b === 1) {
          bLocked();
          await aHas;
        }
        await bump(tx, "dl-x");
        return "b";
      }),
      store.transaction(async (tx) => tx.putOrg({ corpId: "dl-b2", name: "b2" }).then(() => "b2")),
    ]);
    assert.deepEqual(answers, ["a", "a2", "b", "b2"]);
    assert.equal(runs.a + runs.b, 3, "exactly one of the two ran again");
    // Each bump applied exactly once: the victim's first attempt left nothing.
    assert.equal(await orgName("dl-x"), "2");
    assert.equal(await orgName("dl-y"), "2");
    assert.equal(await hasOrg("dl-a2"), true);
    assert.equal(await hasOrg("dl-b2"), true);
  },
);

test("a synchronous throw and a rejected promise are both contained", { skip }, async () => {
  const results = await Promise.allSettled([
    store.transaction((() => {
      throw new Error("sync");
    }) as () => Promise<void>),
    store.transaction(async (tx) => tx.putOrg({ corpId: "contained", name: "ok" })),
  ]);
  assert.equal(results[0].status, "rejected");
  assert.equal(results[1].status, "fulfilled");
  assert.equal(await hasOrg("contained"), true);
});

test(
  "readers share a snapshot transaction and see every commit answered before they started",
  { skip },
  async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.transaction((tx) => tx.putOrg({ corpId: `rd-${i}`, name: "r" })),
      ),
    );
    const seen = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.transaction(async (tx) => !!(await tx.getOrg(`rd-${i % 20}`)), { readOnly: true }),
      ),
    );
    assert.deepEqual(seen, Array(40).fill(true));
  },
);
