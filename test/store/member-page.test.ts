/**
 * `Tx.memberPage` renders QueryConferenceMembers' page in SQL; these hold it to what `memberModel`
 * (presenters.ts) and the reply schema's serializer (what Fastify sent before) make of the same rows, on
 * every backend (VCONF_TEST_STORES=sqlite,postgres).
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import fastJson from "fast-json-stringify";
import { queryConferenceMembers } from "../../src/domain/conferences/query.js";
import { memberModel } from "../../src/domain/conferences/presenters.js";
import { systemClock } from "../../src/domain/clock.js";
import { MembersReply } from "../../src/schemas/conferences.js";
import type { MemberRow, Store } from "../../src/store/store.js";
import { conferenceRow, memberRow } from "../helpers/rows.js";
import { openTestStore, testStoreKinds } from "../helpers/app.js";

const serialize = fastJson(MembersReply as object);
const caller = { corpId: "corp-a", clientKey: "app-a", kind: "app", scopes: [] } as never;

/** Members covering every optional field and the strings JSON must escape. */
const ROWS: Partial<MemberRow>[] = [
  { host: true, attendStatus: 3, joinTime: 1_700_000_000_001, userNick: "Host 主持人" },
  { coHost: true, attendStatus: 6, joinTime: 5, leaveTime: 9_007_199_254_740_991, duration: 4 },
  { outerOrgMember: true, pstnJoin: true, userNick: 'quote " backslash \\ slash / tab \t newline \n' },
  { userNick: "controls \u0001\u0002\u001f\u007f and 😀 \u2028" },
  { userNick: "nul \u0000 here, then \u0001\u0001 and \\u0001 text" },
  { userNick: "", attendStatus: 5, forbiddenRejoin: true, micStatus: 2, deviceType: "Android" },
];

for (const kind of testStoreKinds()) {
  describe(`memberPage (${kind})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const rows = ROWS.map((over, i) => memberRow("c-1", `u-${i}`, { ...over, seq: i + 1 }));
    beforeEach(async () => {
      ({ store, cleanup } = await openTestStore(kind));
      await store.transaction(async (tx) => {
        await tx.putOrg({ corpId: "corp-a", name: "A" });
        await tx.insertConference(conferenceRow("c-1", "corp-a"));
        await tx.insertConference(conferenceRow("c-empty", "corp-a"));
        for (const m of rows) await tx.putMember(m);
      });
    });
    afterEach(() => cleanup());

    const page = (id: string, offset: number, limit: number) =>
      store.transaction((tx) => tx.memberPage(id, offset, limit), { readOnly: true });

    test("every page equals memberModel of the same rows, in list order, with the total", async () => {
      for (const [offset, limit] of [
        [0, 1000],
        [0, 2],
        [2, 2],
        [5, 10],
        [6, 10],
        [100, 1],
      ]) {
        const got = await page("c-1", offset, limit);
        assert.equal(got.total, rows.length);
        assert.deepEqual(
          JSON.parse(got.models),
          rows.slice(offset, offset + limit).map(memberModel),
          `offset ${offset} limit ${limit}`,
        );
      }
      assert.deepEqual(await page("c-empty", 0, 10), { total: 0, models: "[]" });
      assert.deepEqual(await page("c-unknown", 0, 10), { total: 0, models: "[]" });
    });

    test("the reply is byte for byte what the reply schema's serializer makes of memberModel", async () => {
      const domain = (query: { nextToken?: string; maxResults?: string }) =>
        queryConferenceMembers(
          { store, clock: systemClock, maxCoHosts: 50, maxMembers: 1000 },
          caller,
          "c-1",
          query,
        );
      // Strings the engines escape alike (the ones with control characters differ only in spelling).
      const plain = [0, 1, 5];
      for (const [nextToken, maxResults] of [
        [undefined, undefined],
        ["0", "2"],
        ["4", "2"],
        ["5", "1000"],
      ]) {
        const body = await domain({ nextToken, maxResults });
        const offset = Number(nextToken ?? 0);
        const size = Number(maxResults ?? 128);
        const models = rows.slice(offset, offset + size).map(memberModel);
        const next = offset + models.length;
        // Fastify's serializer writes the required keys first, then the optional ones.
        const expected = {
          memberModels: models,
          totalCount: rows.length,
          ...(next < rows.length ? { nextToken: String(next) } : {}),
        };
        assert.deepEqual(JSON.parse(body), expected);
        const parsed = JSON.parse(body) as { memberModels: object[] };
        // The serializer's key order, everywhere; its very bytes where the strings need no escaping.
        const keysOf = (m: object) =>
          Object.keys(JSON.parse(serialize({ memberModels: [m], totalCount: 0 })).memberModels[0] as object);
        assert.deepEqual(parsed.memberModels.map(Object.keys), models.map(keysOf));
        assert.deepEqual(Object.keys(parsed), Object.keys(JSON.parse(serialize(expected)) as object));
        const indexes = models.map((m) => rows.findIndex((r) => r.unionId === m.unionId));
        if (indexes.every((i) => plain.includes(i))) assert.equal(body, serialize(expected));
      }
    });
  });
}
