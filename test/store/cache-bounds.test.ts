/**
 * The SQLite store's in-memory caches (conference rows, members pages, token answers) are bounded and
 * evict the least recently used entry first: a store of a million conferences must not end up holding
 * them all. After an eviction every answer still comes from committed rows: a conference or token written
 * while it was not cached is read afresh, never served from an older copy.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { ConferenceKeyed } from "../../src/store/sqlite/conference-cache.js";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import { TokenCache } from "../../src/store/sqlite/token-cache.js";
import type { CachedAuth, TokenRow } from "../../src/store/store.js";
import { conferenceRow, memberRow } from "../helpers/rows.js";

/** Values committed one batch each, as the store does. */
function put<V>(c: ConferenceKeyed<V>, id: string, v: V, key = "") {
  c.beginJob();
  c.remember(id, key, v);
  c.commit();
}

test("conference values: the least recently used conference is evicted, a hit keeps one young", () => {
  const c = new ConferenceKeyed<string>(4);
  for (const id of ["a", "b", "c", "d"]) put(c, id, id);
  assert.equal(c.get("a"), "a"); // a is now the youngest; b the oldest
  put(c, "e", "e");
  assert.equal(c.get("b"), undefined, "the least recently used is gone");
  for (const id of ["a", "c", "d", "e"]) assert.equal(c.get(id), id);
  put(c, "a", "a2"); // rewritten: young again, its size still counted once; c is the oldest now
  put(c, "f", "f");
  assert.equal(c.get("c"), undefined);
  assert.equal(c.get("a"), "a2");
  assert.equal(c.heldSize, 4);
});

test("conference values stay within their bound however many conferences pass through", () => {
  const c = new ConferenceKeyed<string>(1000, (v) => v.length);
  let seed = 7;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let i = 0; i < 20_000; i++) {
    const id = `conf-${Math.floor(rand() * 100_000)}`;
    put(c, id, "x".repeat(1 + Math.floor(rand() * 40)), String(i % 3));
    if (i % 100 === 0) c.get(`conf-${Math.floor(rand() * 100_000)}`);
    assert.ok(c.heldSize <= 1000, `held ${c.heldSize} after ${i + 1} values`);
  }
  assert.ok(c.conferenceCount <= 1000);
  assert.ok(c.heldSize > 900, "the bound is used, not a much smaller one");
});

test("token answers: bounded, least recently used evicted first", () => {
  const t = new TokenCache(2);
  const auth = (k: string): CachedAuth => ({
    corpId: "c",
    clientKey: k,
    kind: "app",
    scopes: [],
    expiresAt: 1,
  });
  const remember = (h: string) => {
    t.beginJob();
    t.remember(h, auth(h));
    t.commit();
  };
  remember("h1");
  remember("h2");
  assert.ok(t.get("h1")); // h2 is now the oldest
  remember("h3");
  assert.equal(t.get("h2"), undefined);
  assert.equal(t.get("h1")?.clientKey, "h1");
  assert.equal(t.get("h3")?.clientKey, "h3");
  remember("h3"); // again: not a second entry
  assert.equal(t.size, 2);
});

let dir: string;
let store: SqliteStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "vconf-cb-"));
  store = SqliteStore.open(dir, { cache: { conferenceRows: 4, pageChars: 4000, tokens: 2 } });
  await store.transaction(async (tx) => {
    await tx.putOrg({ corpId: "corp-a", name: "A" });
    for (const id of ["c-1", "c-2", "c-3", "c-4", "c-5"]) {
      await tx.insertConference(conferenceRow(id, "corp-a"));
      await tx.putMember(memberRow(id, "u-1", { userNick: `${id} one` }));
    }
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const read = (id: string) => store.transaction((tx) => tx.getConference(id), { readOnly: true });
const title = async (id: string) => (await read(id))?.title;
const nicks = async (id: string) => {
  const p = await store.transaction((tx) => tx.memberPage(id, 0, 10), { readOnly: true });
  return (JSON.parse(p.models) as { userNick: string }[]).map((m) => m.userNick);
};

test("a conference evicted and then written is read afresh", async () => {
  const first = await read("c-1");
  assert.equal(await read("c-1"), first, "served from the cache (the same frozen object)");
  for (const id of ["c-2", "c-3", "c-4", "c-5"]) await read(id); // c-1 evicted (bound 4)
  assert.notEqual(await read("c-1"), first, "read from the database again");
  // Written while evicted: a stale copy must not come back.
  for (const id of ["c-2", "c-3", "c-4", "c-5"]) await read(id);
  await store.transaction(async (tx) => {
    await tx.updateConference({ ...conferenceRow("c-1", "corp-a"), title: "renamed" });
  });
  assert.equal(await title("c-1"), "renamed");
  for (const id of ["c-1", "c-2", "c-3", "c-4", "c-5", "c-1", "c-4"]) await read(id);
  assert.equal(await title("c-1"), "renamed");
  assert.equal(await title("c-4"), "t");
});

test("members pages within a character bound stay correct after eviction and a write", async () => {
  for (const id of ["c-1", "c-2", "c-3", "c-4"]) assert.deepEqual(await nicks(id), [`${id} one`]);
  await store.transaction((tx) => tx.putMember(memberRow("c-1", "u-2", { seq: 2, userNick: "two" })));
  for (const id of ["c-4", "c-3", "c-2"]) await nicks(id);
  assert.deepEqual(await nicks("c-1"), ["c-1 one", "two"]);
});

test("a token revoked after its answer was evicted is refused", async () => {
  const row = (hash: string): TokenRow => ({
    tokenHash: hash,
    corpId: "corp-a",
    clientKey: "k",
    kind: "app",
    scopes: ["s"],
    expiresAt: Date.UTC(2030, 0, 1),
  });
  const resolve = (hash: string) =>
    store.transaction(
      async (tx) => {
        const t = await tx.getToken(hash);
        if (t) tx.rememberAuth?.(hash, { ...t });
        return t;
      },
      { readOnly: true },
    );
  await store.transaction(async (tx) => {
    for (const h of ["h1", "h2", "h3"]) await tx.putToken(row(h));
  });
  for (const h of ["h1", "h2", "h3"]) await resolve(h);
  assert.equal(store.cachedAuth("h1"), undefined, "evicted (bound 2)");
  assert.ok(store.cachedAuth("h2") && store.cachedAuth("h3"));
  await store.transaction((tx) => tx.reset("corp-a"));
  assert.equal(store.cachedAuth("h2"), undefined);
  assert.equal(await resolve("h1"), undefined);
  assert.equal(store.cachedAuth("h1"), undefined);
});
