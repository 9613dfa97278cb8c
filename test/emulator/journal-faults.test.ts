import assert from "node:assert/strict";
import { test } from "node:test";
import { Faults, mulberry32 } from "../../src/emulator/faults.js";
import { Journal, type JournalEntry } from "../../src/emulator/journal.js";

const entry = (i: number, over: Partial<JournalEntry> = {}): JournalEntry => ({
  time: new Date(i).toISOString(),
  requestid: `r${i}`,
  method: "GET",
  path: `/p/${i}`,
  operation: "Op",
  status: 200,
  latencyMs: 1,
  ...over,
});

test("the journal ring keeps the newest `capacity` entries, oldest first, across wrap-arounds", () => {
  const j = new Journal(3);
  assert.deepEqual(j.list(), []);
  for (let i = 1; i <= 7; i++) {
    j.record(entry(i));
    const want = Array.from({ length: Math.min(i, 3) }, (_, k) => `r${i - Math.min(i, 3) + 1 + k}`);
    assert.deepEqual(
      j.list().map((e) => e.requestid),
      want,
    );
    assert.ok(j.length <= 3);
  }
  assert.deepEqual(
    j.list({ limit: 2 }).map((e) => e.requestid),
    ["r6", "r7"],
  );
  j.clear();
  assert.deepEqual(j.list(), []);
});

test("a journal of size 0 keeps nothing", () => {
  const j = new Journal(0);
  j.record(entry(1));
  assert.equal(j.length, 0);
  assert.deepEqual(j.list(), []);
});

test("journal status filters: exact and by class", () => {
  const j = new Journal(10);
  for (const status of [200, 400, 403, 500]) j.record(entry(status, { status }));
  assert.deepEqual(
    j.list({ status: "4xx" }).map((e) => e.status),
    [400, 403],
  );
  assert.deepEqual(
    j.list({ status: "403" }).map((e) => e.status),
    [403],
  );
  assert.deepEqual(
    j.list({ status: "5xx" }).map((e) => e.status),
    [500],
  );
});

test("mulberry32 repeats for a seed and differs between seeds", () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const c = mulberry32(43);
  const xs = Array.from({ length: 5 }, () => a());
  assert.deepEqual(
    Array.from({ length: 5 }, () => b()),
    xs,
  );
  assert.notDeepEqual(
    Array.from({ length: 5 }, () => c()),
    xs,
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test("faults: first matching fault with hits left applies; count and fired", () => {
  const f = new Faults(() => new Set(["A", "B"]));
  f.replace({
    faults: [
      { operation: "A", status: 500, count: 1 },
      { operation: "A", delayMs: 10 },
    ],
  });
  assert.equal(f.hit("B"), undefined);
  assert.equal(f.hit("A")?.error?.status, 500);
  assert.deepEqual(f.hit("A"), { delayMs: 10, error: undefined });
  assert.deepEqual(
    f.list().faults.map((x) => x.fired),
    [1, 1],
  );
  assert.throws(() => f.replace({ faults: [{ operation: "C", status: 500 }] }), /no operation C/);
  assert.equal(f.list().faults.length, 2, "a refused set leaves the active one");
});
