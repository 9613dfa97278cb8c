import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import type { TokenRow } from "../../src/store/store.js";
import { api, testApp, control, createConference, expectError, expectOk, tokenFor } from "../helpers/app.js";

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
const auth = (expiresAt = Date.UTC(2030, 0, 1)) => ({
  corpId: "c",
  clientKey: "k",
  kind: "app" as const,
  scopes: ["s"],
  expiresAt,
});
/** What authentication does: read the token in a transaction and offer the answer to the cache. */
const resolve = (hash: string) =>
  store.transaction(
    async (tx) => {
      const t = await tx.getToken(hash);
      if (t) tx.rememberAuth?.(hash, auth(t.expiresAt));
      return t;
    },
    { readOnly: true },
  );

test("an answer is cached once its transaction commits, and forgotten when the token is written again", async () => {
  await store.transaction((tx) => tx.putToken(row("h1")));
  assert.equal(store.cachedAuth("h1"), undefined, "writing does not fill the cache");
  await resolve("h1");
  assert.deepEqual(store.cachedAuth("h1"), auth());
  // Re-issued with a later expiry: the old answer must not be served.
  await store.transaction((tx) => tx.putToken(row("h1", Date.UTC(2031, 0, 1))));
  assert.equal(store.cachedAuth("h1"), undefined);
  await resolve("h1");
  assert.equal(store.cachedAuth("h1")?.expiresAt, Date.UTC(2031, 0, 1));
});

test("reset drops every cached answer, also one resolved earlier in the same batch", async () => {
  await store.transaction((tx) => tx.putToken(row("h2")));
  await resolve("h2");
  assert.ok(store.cachedAuth("h2"));
  // Same batch: a lookup of h2, then a reset: the lookup must not be cached at commit.
  await Promise.all([resolve("h2"), store.transaction((tx) => tx.reset())]);
  assert.equal(store.cachedAuth("h2"), undefined);
  assert.equal(await resolve("h2"), undefined);
});

test("an answer remembered by a job that is rolled back is not cached", async () => {
  await assert.rejects(
    store.transaction(async (tx) => {
      await tx.putToken(row("h3"));
      tx.rememberAuth?.("h3", auth());
      throw new Error("rolled back");
    }),
  );
  assert.equal(store.cachedAuth("h3"), undefined);
  assert.equal(await resolve("h3"), undefined);
});

test("a revoked (reset) token is refused at once, though it was just used", async (t) => {
  const ctx = await testApp(t);
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, ["union-bob"]);
  expectOk(await api(ctx.app, token).info(id)); // the token row is now in the cache
  expectOk(await control(ctx.app).call("POST", "/_vconf/v1/reset", {}));
  expectError(await api(ctx.app, token).info(id), 400, "InvalidAuthentication");
});

test("an expired token is refused at once, and a re-issued one works again", async (t) => {
  const ctx = await testApp(t);
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  expectOk(await api(ctx.app, token).info(id));
  ctx.clock.advance(7200 * 1000);
  expectError(await api(ctx.app, token).info(id), 400, "InvalidAuthentication");
  // Asking again gives a fresh token (the old one expired); it works although the old row was cached.
  const again = await tokenFor(ctx.app);
  expectOk(await api(ctx.app, again).info(id));
  expectError(await api(ctx.app, token).info(id), 400, "InvalidAuthentication");
});

test("a token extended by asking again stays valid past its first expiry", async (t) => {
  const ctx = await testApp(t);
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  expectOk(await api(ctx.app, token).info(id));
  ctx.clock.advance(7000 * 1000);
  assert.equal(await tokenFor(ctx.app), token, "the same token, its life extended");
  ctx.clock.advance(1000 * 1000); // past the first expiry, within the extended one
  expectOk(await api(ctx.app, token).info(id));
});

test("any write that could change an answer forgets it, whichever statement does it", async () => {
  await store.transaction(async (tx) => {
    await tx.putOrg({ corpId: "c", name: "C" });
    await tx.putApp({
      appKey: "k",
      corpId: "c",
      secretHash: "x",
      scopes: ["s"],
      tokenNonce: null,
      tokenExpiresAt: 0,
    });
    await tx.putToken(row("h4"));
    await tx.putToken(row("h5"));
  });
  await resolve("h4");
  await resolve("h5");
  assert.ok(store.cachedAuth("h4") && store.cachedAuth("h5"));
  // A statement no Tx method knows about (say, a future "revoke").
  await store.transaction(async () => {
    store.db.prepare("UPDATE tokens SET scopes = '[]' WHERE token_hash = ?").run("h4");
  });
  assert.equal(store.cachedAuth("h4"), undefined, "updated token forgotten");
  assert.ok(store.cachedAuth("h5"), "other tokens kept");
  // The app's nonce moves on every token issuance: that changes no answer.
  await store.transaction(async (tx) => {
    const app = (await tx.getApp("k"))!;
    await tx.putApp({ ...app, tokenNonce: "n2", tokenExpiresAt: 1 });
  });
  assert.ok(store.cachedAuth("h5"), "kept across a nonce change");
  // Its scopes do.
  await store.transaction(async () => {
    store.db.exec(`UPDATE apps SET scopes = '["other"]' WHERE app_key = 'k'`);
  });
  assert.equal(store.cachedAuth("h5"), undefined, "forgotten on a scope change");
  await resolve("h5");
  await store.transaction(async () => {
    store.db.exec("DELETE FROM tokens WHERE token_hash = 'h5'");
  });
  assert.equal(store.cachedAuth("h5"), undefined, "deleted token forgotten");
});
