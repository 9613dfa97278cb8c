/** vconf's own settings (the emulated clock): the same on every backend, outside resets and snapshots. */
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import type { Store } from "../../src/store/store.js";
import { openTestStore } from "../helpers/app.js";

let store: Store;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ store, cleanup } = await openTestStore());
});
afterEach(() => cleanup());

const get = (name: string) => store.transaction((tx) => tx.getSetting(name), { readOnly: true });

test("a setting is absent until put, then read back, overwritten, and removed by undefined", async () => {
  assert.equal(await get("clock"), undefined);
  await store.transaction((tx) => tx.putSetting("clock", '{"offsetMs":5,"frozenAt":null}'));
  assert.equal(await get("clock"), '{"offsetMs":5,"frozenAt":null}');
  await store.transaction((tx) => tx.putSetting("clock", "second"));
  assert.equal(await get("clock"), "second");
  assert.equal(await get("other"), undefined);
  await store.transaction((tx) => tx.putSetting("clock", undefined));
  assert.equal(await get("clock"), undefined);
  await store.transaction((tx) => tx.putSetting("clock", undefined)); // removing nothing is fine
});

test("settings outlive a reset and a snapshot replace, and a rolled-back write leaves them", async () => {
  await store.transaction((tx) => tx.putSetting("clock", "kept"));
  await store.transaction((tx) => tx.reset());
  const dump = await store.transaction((tx) => tx.exportAll(), { readOnly: true });
  await store.transaction((tx) => tx.importAll(dump));
  assert.equal(await get("clock"), "kept");
  await assert.rejects(
    store.transaction(async (tx) => {
      await tx.putSetting("clock", "lost");
      throw new Error("roll back");
    }),
    /roll back/,
  );
  assert.equal(await get("clock"), "kept");
});
