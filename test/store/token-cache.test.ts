import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import type { TokenRow } from "../../src/store/store.js";
import {
  api,
  buildTestApp,
  control,
  createConference,
  expectError,
  expectOk,
  tokenFor,
} from "../helpers/app.js";

// The SQLite store keeps committed token rows in memory so a request's authentication costs no
// transaction. It must never answer for a row that was not committed, or that was changed or dropped since.

let dir: string;
let store: SqliteStore;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "vconf-tc-"));
  store = SqliteStore.open(dir);
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (hash: string, expiresAt = Date.UTC(2030, 0, 1)): TokenRow => ({
  tokenHash: hash,
  corpId: "c",
  clientKey: "k",
  kind: "app",
  scopes: ["s"],
  expiresAt,
});
const read = (hash: string) => store.transaction((tx) => tx.getToken(hash), { readOnly: true });

test("a committed token row is cached once read, and forgotten when it is written again", async () => {
  await store.transaction((tx) => tx.putToken(row("h1")));
  assert.equal(store.cachedToken("h1"), undefined, "writing does not fill the cache");
  await read("h1");
  assert.deepEqual(store.cachedToken("h1"), row("h1"));
  // Re-issued with a later expiry: the old row must not be served.
  await store.transaction((tx) => tx.putToken(row("h1", Date.UTC(2031, 0, 1))));
  assert.equal(store.cachedToken("h1"), undefined);
  await read("h1");
  assert.equal(store.cachedToken("h1")?.expiresAt, Date.UTC(2031, 0, 1));
});

test("reset drops every cached row, also when a read in the same batch came before it", async () => {
  await store.transaction((tx) => tx.putToken(row("h2")));
  await read("h2");
  assert.ok(store.cachedToken("h2"));
  // Same batch: a read of h2, then a reset: the read must not be cached at commit.
  await Promise.all([read("h2"), store.transaction((tx) => tx.reset())]);
  assert.equal(store.cachedToken("h2"), undefined);
  assert.equal(await read("h2"), undefined);
});

test("a row read by a job that is rolled back is not cached", async () => {
  await assert.rejects(
    store.transaction(async (tx) => {
      await tx.putToken(row("h3"));
      assert.ok(await tx.getToken("h3"));
      throw new Error("rolled back");
    }),
  );
  assert.equal(store.cachedToken("h3"), undefined);
  assert.equal(await read("h3"), undefined);
});

test("a revoked (reset) token is refused at once, though it was just used", async () => {
  const ctx = await buildTestApp();
  try {
    const token = await tokenFor(ctx.app);
    const id = await createConference(ctx.app, token, ["union-bob"]);
    expectOk(await api(ctx.app, token).info(id)); // the token row is now in the cache
    expectOk(await control(ctx.app).call("POST", "/_vconf/v1/reset", {}));
    expectError(await api(ctx.app, token).info(id), 400, "InvalidAuthentication");
  } finally {
    await ctx.close();
  }
});

test("an expired token is refused at once, and a re-issued one works again", async () => {
  const ctx = await buildTestApp();
  try {
    const token = await tokenFor(ctx.app);
    const id = await createConference(ctx.app, token);
    expectOk(await api(ctx.app, token).info(id));
    ctx.clock.advance(7200 * 1000);
    expectError(await api(ctx.app, token).info(id), 400, "InvalidAuthentication");
    // Asking again gives a fresh token (the old one expired); it works although the old row was cached.
    const again = await tokenFor(ctx.app);
    expectOk(await api(ctx.app, again).info(id));
    expectError(await api(ctx.app, token).info(id), 400, "InvalidAuthentication");
  } finally {
    await ctx.close();
  }
});

test("a token extended by asking again stays valid past its first expiry", async () => {
  const ctx = await buildTestApp();
  try {
    const token = await tokenFor(ctx.app);
    const id = await createConference(ctx.app, token);
    expectOk(await api(ctx.app, token).info(id));
    ctx.clock.advance(7000 * 1000);
    assert.equal(await tokenFor(ctx.app), token, "the same token, its life extended");
    ctx.clock.advance(1000 * 1000); // past the first expiry, within the extended one
    expectOk(await api(ctx.app, token).info(id));
  } finally {
    await ctx.close();
  }
});

test("any write to the tokens table forgets the cached rows, whichever statement does it", async () => {
  await store.transaction((tx) => tx.putToken(row("h4")));
  await store.transaction((tx) => tx.putToken(row("h5")));
  await read("h4");
  await read("h5");
  assert.ok(store.cachedToken("h4") && store.cachedToken("h5"));
  // A statement no Tx method knows about (say, a future "revoke" or a snapshot import).
  await store.transaction(async () => {
    store.db.prepare("UPDATE tokens SET scopes = '[]' WHERE token_hash = ?").run("h4");
  });
  assert.equal(store.cachedToken("h4"), undefined, "updated row forgotten");
  assert.ok(store.cachedToken("h5"), "other rows kept");
  await store.transaction(async () => {
    store.db.exec("DELETE FROM tokens WHERE token_hash = 'h5'");
  });
  assert.equal(store.cachedToken("h5"), undefined, "deleted row forgotten");
  assert.deepEqual((await read("h4"))?.scopes, []);
});
