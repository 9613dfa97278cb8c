import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { MAX_WATCHERS } from "../../../src/http/routes/emulator/console.js";
import {
  ADMIN_KEY,
  api,
  buildTestApp,
  control,
  createConference,
  expectOk,
  type TestContext,
  tokenFor,
  snapshotOf,
} from "../../helpers/app.js";
import { listen, watch } from "../../helpers/watch.js";

let ctx: TestContext;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await ctx?.close();
});

async function open(topics?: string) {
  const url = await listen(ctx.app);
  const w = await watch(url, topics);
  cleanups.push(w.close);
  return { url, w };
}

test("a committed change reaches the watch stream, and is readable when it arrives", async () => {
  ctx = await buildTestApp();
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, ["union-bob"]);
  const { url, w } = await open();

  expectOk(await api(ctx.app, token).cohosts(id, { action: "add", userList: [{ unionId: "union-bob" }] }));
  const change = await w.change();
  assert.deepEqual(change.data, { kind: "conference", conferenceId: id, operations: ["Cohosts"] });
  // Published after the commit: a read made on receipt sees it.
  const res = await fetch(`${url}/_vconf/v1/conferences/${id}`, {
    headers: { "x-vconf-admin-key": ADMIN_KEY },
  });
  const bob = (await res.json()).members.find((m: { unionId: string }) => m.unionId === "union-bob");
  assert.equal(bob.coHost, true);
});

test("a refused call sends no change; one transaction's changes to a conference come as one event", async () => {
  ctx = await buildTestApp();
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, ["union-bob", "union-carol"]);
  const { w } = await open();

  const refused = await api(ctx.app, token).cohosts(id, {
    action: "add",
    userList: [{ unionId: "union-nobody" }],
  });
  assert.equal(refused.statusCode, 400);
  expectOk(await control(ctx.app).join(id, "union-bob"));
  expectOk(await control(ctx.app).join(id, "union-carol"));
  expectOk(await api(ctx.app, token).close(id, "union-alice"));

  const ops = [];
  for (let i = 0; i < 3; i++) ops.push((await w.change()).data.operations);
  // Closing saves two leaving members and the close: three change-log rows, one event.
  assert.deepEqual(ops, [["Join"], ["Join"], ["CloseVideoConference"]]);
});

test("reset, snapshot import and a new org send a state change", async () => {
  ctx = await buildTestApp();
  const { w } = await open();
  expectOk(
    await control(ctx.app).call("POST", "/_vconf/v1/seed", { orgs: [{ corpId: "dingcorp-new", name: "N" }] }),
  );
  assert.deepEqual((await w.change()).data, { kind: "state", reason: "directory" });
  expectOk(await control(ctx.app).call("POST", "/_vconf/v1/reset", {}));
  assert.deepEqual((await w.change()).data, { kind: "state", reason: "reset" });
  const snapshot = await snapshotOf(ctx.app);
  expectOk(await control(ctx.app).call("PUT", "/_vconf/v1/snapshot", snapshot));
  assert.deepEqual((await w.change()).data, { kind: "state", reason: "import" });
});

test("the requests topic tails the journal, refusals with their code; changes alone carry none", async () => {
  ctx = await buildTestApp();
  const url = await listen(ctx.app);
  const both = await watch(url, "requests,changes");
  const changesOnly = await watch(url);
  cleanups.push(both.close, changesOnly.close);
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  await api(ctx.app, token).cohosts(id, { action: "add", userList: [{ unionId: "union-nobody" }] });

  // The change is published at commit, before the request that made it is answered and journaled.
  assert.equal(
    (await both.next((e) => e.type !== "request" || e.data.operation !== "GetAccessToken")).type,
    "change",
  );
  const created = await both.next();
  assert.deepEqual([created.type, created.data.operation], ["request", "CreateVideoConference"]);
  const refused = await both.next();
  assert.equal(refused.data.operation, "Cohosts");
  assert.equal(refused.data.status, 400);
  assert.equal(refused.data.code, "unknownUserError");
  assert.equal(refused.data.path, `/v1.0/conference/videoConferences/${id}/coHosts/set`);
  await changesOnly.change();
  assert.equal(
    changesOnly.events.filter((e) => e.type === "request").length,
    0,
    "no request events without the topic",
  );
});

test("watching needs the admin key and known topics, and is not journaled", async () => {
  ctx = await buildTestApp();
  const url = await listen(ctx.app);
  const noKey = await fetch(`${url}/_vconf/v1/watch`);
  assert.equal(noKey.status, 401);
  assert.equal((await noKey.json()).code, "vconf.AdminKeyRequired");
  const bad = await fetch(`${url}/_vconf/v1/watch?topics=changes,gossip`, {
    headers: { "x-vconf-admin-key": ADMIN_KEY },
  });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).code, "paramsError");
  const w = await watch(url, "requests");
  w.close();
  expectOk(await control(ctx.app).call("GET", "/_vconf/v1/orgs"));
  const { entries } = expectOk(await control(ctx.app).call("GET", "/_vconf/v1/requests"));
  assert.deepEqual(
    entries.map((e: { operation: string }) => e.operation),
    ["vconf.ListOrgs"],
    "neither the refused nor the open watch streams are journaled",
  );
});

test(`at most ${MAX_WATCHERS} streams are open at once; the next is refused until one closes`, async () => {
  ctx = await buildTestApp();
  const url = await listen(ctx.app);
  const streams = [];
  for (let i = 0; i < MAX_WATCHERS; i++) streams.push(await watch(url));
  cleanups.push(...streams.map((s) => s.close));
  const refused = await fetch(`${url}/_vconf/v1/watch`, { headers: { "x-vconf-admin-key": ADMIN_KEY } });
  assert.equal(refused.status, 429);
  assert.equal((await refused.json()).code, "vconf.TooManyWatchers");

  streams[0].close();
  // The server notices the closed socket on its own schedule: retry for a bounded while.
  let status = 0;
  for (let i = 0; status !== 200 && i < 100; i++) {
    if (i) await new Promise((r) => setTimeout(r, 100));
    const abort = new AbortController();
    const res = await fetch(`${url}/_vconf/v1/watch`, {
      headers: { "x-vconf-admin-key": ADMIN_KEY },
      signal: abort.signal,
    });
    status = res.status;
    abort.abort();
  }
  assert.equal(status, 200, "a slot frees up once a stream closes");
});

test("closing the server ends open watch streams instead of waiting for them", async () => {
  ctx = await buildTestApp();
  const { w } = await open("changes,requests");
  const closed = ctx.app.close().then(() => "closed");
  const bound = new Promise((r) => setTimeout(r, 10_000, "still open")); // a hang bound, not a speed check
  assert.equal(await Promise.race([closed, bound]), "closed");
  assert.equal(ctx.app.server.listening, false);
  w.close();
});
