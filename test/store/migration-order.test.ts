import assert from "node:assert/strict";
import { test } from "node:test";
import { migrations } from "../../src/store/sql/migrations.js";
import { pendingMigrations, StoreError } from "../../src/store/store.js";

/**
 * Migration numbers are assigned to branches up front (events 4, ops-media 5, ops-schedules 6, …), so a
 * branch may ship 6 before 4 and 5 exist, and a merge may append them after it.
 */
const list = (...versions: number[]) => versions.map((version) => ({ version }));

test("a gap in the versions is fine: a store past the gap runs only what is above it", () => {
  const gap = list(1, 2, 3, 6);
  assert.deepEqual(pendingMigrations(0, gap), gap);
  assert.deepEqual(pendingMigrations(3, gap), list(6));
  assert.deepEqual(pendingMigrations(4, gap), list(6));
  assert.deepEqual(pendingMigrations(6, gap), []);
});

test("versions listed out of order run in version order; the newest bounds what the code accepts", () => {
  const merged = list(1, 2, 3, 6, 4, 5);
  assert.deepEqual(pendingMigrations(3, merged), list(4, 5, 6));
  assert.throws(() => pendingMigrations(7, merged), StoreError);
});

test("the shipped list has unique versions, and scheduled conferences are version 6", () => {
  const versions = migrations.map((m) => m.version);
  assert.equal(new Set(versions).size, versions.length);
  assert.ok(versions.includes(6));
});
