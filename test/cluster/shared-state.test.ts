/**
 * The cluster parts (src/cluster/) on a real PostgreSQL, one process: the shared journal stays within
 * its capacity and empties for all, a fault's `count` holds under concurrent calls, and the rate limit's
 * leases never admit more than the limit in a window. Skipped on SQLite (these parts are PostgreSQL's).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SharedFaults } from "../../src/cluster/faults.js";
import { InstanceRow } from "../../src/cluster/instance.js";
import { SharedJournal } from "../../src/cluster/journal.js";
import { SharedRateLimiter } from "../../src/cluster/rate-limit.js";
import type { Caller } from "../../src/domain/deps.js";
import { Faults } from "../../src/emulator/faults.js";
import type { JournalEntry } from "../../src/emulator/journal.js";
import type { Store } from "../../src/store/store.js";
import { defaultStoreKind } from "../helpers/app.js";

const skip = defaultStoreKind() === "postgres" ? false : "needs PostgreSQL (VCONF_TEST_STORE=postgres)";

let store: Store;
let cleanup: () => Promise<void>;
let instance: InstanceRow;

before(async () => {
  if (skip) return;
  const { openTestPostgres } = await import("../helpers/postgres.js");
  ({ store, cleanup } = await openTestPostgres());
  instance = new InstanceRow(store.sharedQuery!.bind(store));
  await instance.start();
});

after(async () => {
  if (skip) return;
  await instance.stop();
  await cleanup();
});

const query = () => store.sharedQuery!.bind(store);
const listen = () => store.listen!.bind(store);
const entry = (i: number): JournalEntry => ({
  time: new Date(i).toISOString(),
  requestid: `req-${i}`,
  method: "GET",
  path: "/v1.0/x",
  operation: i % 2 ? "Odd" : "Even",
  status: 200,
  latencyMs: 1,
  instance: "test",
});

test(
  "the shared journal keeps the newest `capacity` entries, filters them, and empties",
  { skip },
  async () => {
    const journal = new SharedJournal(20, query(), listen(), instance, () => false);
    await journal.start();
    try {
      for (let i = 0; i < 100; i++) journal.record(entry(i));
      const all = await journal.list();
      assert.deepEqual(
        all.map((e) => e.requestid),
        Array.from({ length: 20 }, (_, i) => `req-${80 + i}`),
      );
      assert.deepEqual(
        (await journal.list({ operation: "Odd", limit: 2 })).map((e) => e.requestid),
        ["req-97", "req-99"],
      );
      const [{ n }] = await query()("SELECT count(*)::int AS n FROM cluster_journal");
      assert.ok(Number(n) <= 22, `the table is trimmed: ${n} rows for capacity 20`);
      await journal.clear();
      assert.deepEqual(await journal.list(), []);
    } finally {
      await journal.stop();
    }
  },
);

test("a fault's count holds cluster-wide under concurrent calls", { skip }, async () => {
  const faults = new Faults(() => new Set(["Cohosts"]));
  const shared = new SharedFaults(faults, query(), listen(), instance);
  await shared.start();
  try {
    await shared.put({ faults: [{ operation: "Cohosts", status: 500, count: 3 }] });
    // Another instance's calls already took two of the three hits.
    await query()("UPDATE cluster_fault_hits SET fired = 2");
    const hits = Array.from({ length: 5 }, () => faults.hit("Cohosts"));
    const confirmed = await Promise.all(hits.map((h) => (h?.claim ? h.claim : Promise.resolve(!!h))));
    assert.equal(confirmed.filter(Boolean).length, 1, "one hit was left");
    assert.equal(faults.hit("Cohosts"), undefined, "spent");
    assert.equal((await shared.list()).faults[0].fired, 3);
  } finally {
    await shared.stop();
  }
});

test(
  "rate limit leases admit at most the limit per window, however the calls interleave",
  { skip },
  async () => {
    const caller = { clientKey: "app", corpId: "org", kind: "app", scopes: [] } as unknown as Caller;
    let now = 5_000_000;
    const one = new SharedRateLimiter(10, () => now, query());
    const two = new SharedRateLimiter(10, () => now, query());
    const calls = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 3 ? one : two).allow(caller, "Cohosts")),
    );
    assert.equal(calls.filter(Boolean).length, 10);
    // The next window starts afresh; a different API has its own budget.
    now += 1000;
    assert.equal(await one.allow(caller, "Cohosts"), true);
    assert.equal(await two.allow(caller, "CreateVideoConference"), true);
  },
);
