/** `Tx.listConferences` on every backend VCONF_TEST_STORES names: order, filters, paging (store contract). */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import type { ConferenceFilter, Store } from "../../src/store/store.js";
import { openTestStore, testStoreKinds } from "../helpers/app.js";
import { conferenceRow } from "../helpers/rows.js";

for (const kind of testStoreKinds()) {
  describe(kind, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await openTestStore(kind));
      await store.transaction(async (tx) => {
        await tx.putOrg({ corpId: "corp-a", name: "A" });
        await tx.putOrg({ corpId: "corp-b", name: "B" });
        // Two share a start time: the id orders them (descending), so pages never skip or repeat one.
        const rows = [
          conferenceRow("c1", "corp-a", { startTime: 100, status: 1, endTime: 150 }),
          conferenceRow("c2", "corp-a", { startTime: 200 }),
          conferenceRow("c3", "corp-b", { startTime: 300 }),
          conferenceRow("c4", "corp-a", { startTime: 300, status: 0 }),
          conferenceRow("c5", "corp-a", { startTime: 400, status: 1, endTime: 450 }),
        ];
        for (const row of rows) await tx.insertConference(row);
      });
    });
    afterEach(() => cleanup());

    const ids = (filter: ConferenceFilter) =>
      store.transaction(async (tx) => (await tx.listConferences(filter)).map((c) => c.conferenceId), {
        readOnly: true,
      });

    test("newest first, then by id; filtered by org and by ended or not", async () => {
      assert.deepEqual(await ids({ offset: 0, limit: 10 }), ["c5", "c4", "c3", "c2", "c1"]);
      assert.deepEqual(await ids({ corpId: "corp-a", offset: 0, limit: 10 }), ["c5", "c4", "c2", "c1"]);
      assert.deepEqual(await ids({ corpId: "corp-a", ended: true, offset: 0, limit: 10 }), ["c5", "c1"]);
      assert.deepEqual(await ids({ corpId: "corp-a", ended: false, offset: 0, limit: 10 }), ["c4", "c2"]);
      assert.deepEqual(await ids({ ended: false, offset: 0, limit: 10 }), ["c4", "c3", "c2"]);
      assert.deepEqual(await ids({ corpId: "corp-none", offset: 0, limit: 10 }), []);
    });

    test("offset and limit page through without gaps or repeats", async () => {
      assert.deepEqual(await ids({ offset: 0, limit: 2 }), ["c5", "c4"]);
      assert.deepEqual(await ids({ offset: 2, limit: 2 }), ["c3", "c2"]);
      assert.deepEqual(await ids({ offset: 4, limit: 2 }), ["c1"]);
      assert.deepEqual(await ids({ offset: 5, limit: 2 }), []);
      const row = await store.transaction((tx) =>
        tx.listConferences({ corpId: "corp-a", offset: 0, limit: 1 }),
      );
      assert.equal(row[0].endTime, 450, "rows come back whole");
    });
  });
}
