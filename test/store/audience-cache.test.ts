/**
 * The SQLite store keeps each org's event audience in memory (sqlite/audience-cache.ts). It must never
 * address an event by a stale audience: a subscription added or deleted, an app's scopes or extensions
 * changed, a suite's authorization revoked, or a job rolled back.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import type { ETx } from "../../src/events/writer.js";
import type { SubscriptionRow } from "../../src/events/types.js";
import { SqliteStore } from "../../src/store/sqlite/index.js";

let dir: string;
let store: SqliteStore;
const app = { appKey: "app-a", corpId: "corp-a", secretHash: "h", tokenNonce: null, tokenExpiresAt: 0 };
/** An app's subscription carries its org; a suite's Stream subscription covers every org (""). */
const sub = (clientKey: string, kind: "stream" | "http" = "stream"): SubscriptionRow => ({
  kind,
  clientKey,
  clientKind: "app",
  corpId: "corp-a",
  url: null,
  token: null,
  aesKey: null,
  ownerKey: null,
  tags: null,
  source: "config",
  createdAt: 1,
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "vconf-ac-"));
  store = SqliteStore.open(dir);
  await store.transaction(async (tx) => {
    await tx.putOrg({ corpId: "corp-a", name: "A" });
    await tx.putApp({ ...app, scopes: ["qyapi_conference_write"] });
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const write = (fn: (tx: ETx) => Promise<unknown>) => store.transaction((tx) => fn(tx as ETx));
const audience = () => store.transaction((tx) => (tx as ETx).listEventAudience("corp-a"), { readOnly: true });
const keys = async () => (await audience()).map((a) => `${a.kind}:${a.clientKey}`);

test("an unchanged audience is served again; a subscription added or deleted is seen at once", async () => {
  assert.deepEqual(await keys(), []);
  await write((tx) => tx.putSubscription(sub("app-a")));
  assert.deepEqual(await keys(), ["stream:app-a"]);
  const first = await audience();
  assert.equal(await audience(), first, "the same list: served from memory");
  await write((tx) => tx.putSubscription(sub("app-a", "http")));
  assert.deepEqual(await keys(), ["http:app-a", "stream:app-a"]);
  await write((tx) => tx.deleteSubscription("stream", "app-a", "corp-a"));
  assert.deepEqual(await keys(), ["http:app-a"]);
});

test("an app's scopes and extensions are read again after they change; a token issuance keeps the list", async () => {
  await write((tx) => tx.putSubscription(sub("app-a")));
  assert.deepEqual((await audience())[0].scopes, ["qyapi_conference_write"]);
  await write((tx) => tx.putApp({ ...app, scopes: [] }));
  assert.deepEqual((await audience())[0].scopes, []);
  await write((tx) => tx.putEventSettings({ clientKey: "app-a", extensions: ["member_role_change"] }));
  assert.deepEqual((await audience())[0].extensions, ["member_role_change"]);
  const kept = await audience();
  await write((tx) => tx.putApp({ ...app, scopes: [], tokenNonce: "n", tokenExpiresAt: 5 }));
  assert.equal(await audience(), kept);
  await write((tx) => tx.deleteEventSettings("app-a"));
  assert.deepEqual((await audience())[0].extensions, []);
});

test("an audience read inside a job that rolls back is not kept, nor one read before its own write", async () => {
  await assert.rejects(
    write(async (tx) => {
      await tx.putSubscription(sub("app-a"));
      assert.equal((await tx.listEventAudience("corp-a")).length, 1, "the job sees its own write");
      throw new Error("roll back");
    }),
  );
  assert.deepEqual(await keys(), []);
  await write(async (tx) => {
    assert.equal((await tx.listEventAudience("corp-a")).length, 0);
    await tx.putSubscription(sub("app-a"));
    assert.equal((await tx.listEventAudience("corp-a")).length, 1);
  });
  assert.deepEqual(await keys(), ["stream:app-a"]);
});

test("a suite loses the org's audience when its authorization goes", async () => {
  await write(async (tx) => {
    await tx.putSuite({
      suiteKey: "s-1",
      secretHash: "h",
      ticketHash: "t",
      scopes: ["qyapi_conference_read"],
    });
    await tx.authorizeSuite("s-1", "corp-a");
    await tx.putSubscription({ ...sub("s-1"), clientKind: "suite", corpId: "" });
  });
  assert.deepEqual(await keys(), ["stream:s-1"]);
  await write((tx) => tx.deauthorizeSuite("s-1", "corp-a"));
  assert.deepEqual(await keys(), []);
});
