import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ADMIN_KEY,
  api,
  control,
  createConference,
  expectError,
  expectOk,
  tokenFor,
  useTestApp,
} from "../../helpers/app.js";

const ctx = useTestApp();

const journal = async (query = "") =>
  expectOk(await control(ctx.app).call("GET", `/_vconf/v1/requests${query}`)) as {
    capacity: number;
    entries: Record<string, unknown>[];
  };

test("DingTalk calls are journaled oldest first with operation, app, status and latency", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, ["union-bob"]);
  expectOk(await api(ctx.app, token).members(id, "?maxResults=5&nextToken=0"));

  const { capacity, entries } = await journal();
  assert.equal(capacity, 1000);
  assert.deepEqual(
    entries.map((e) => [e.operation, e.method, e.status, e.app]),
    [
      ["GetAccessToken", "POST", 200, "acme-app"],
      ["CreateVideoConference", "POST", 200, "acme-app"],
      ["QueryConferenceMembers", "GET", 200, "acme-app"],
    ],
  );
  const members = entries[2];
  assert.equal(members.path, `/v1.0/conference/videoConferences/${id}/members`, "no query string");
  assert.match(members.requestid as string, /^[0-9A-F]{8}-/);
  assert.equal(typeof members.latencyMs, "number");
  assert.equal(new Date(members.time as string).getTime(), ctx.clock.now());
  assert.equal(members.code, undefined);
  assert.equal(members.message, undefined);
});

test("a rejected call carries its DingTalk code, message and requestid", async () => {
  const token = await tokenFor(ctx.app, "acme-reader");
  const refused = expectError(
    await api(ctx.app, token).create({ userId: "union-alice", confTitle: "x" }),
    403,
    "Forbidden.AccessDenied.AccessTokenPermissionDenied",
  );
  const bad = expectError(await api(ctx.app, "not-a-token").info("abc"), 400, "InvalidAuthentication");
  const entries = (await journal("?status=4xx")).entries;
  assert.deepEqual(
    entries.map((e) => [e.operation, e.status, e.code, e.message, e.requestid]),
    [
      ["CreateVideoConference", 403, refused.code, refused.message, refused.requestid],
      ["QueryConferenceInfo", 400, bad.code, bad.message, bad.requestid],
    ],
  );
  assert.equal(entries[0].app, "acme-reader", "a valid token without the scope names its app");
  assert.equal(entries[1].app, undefined, "an invalid token names nobody");
});

test("no token or secret reaches the journal", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  expectOk(await api(ctx.app, token).close(id, "union-alice"));
  const text = JSON.stringify(await journal());
  assert.ok(!text.includes(token));
  assert.ok(!text.includes("acme-secret"));
  assert.ok(!text.includes(ADMIN_KEY));
  assert.ok(!text.includes("unionId=union-alice"), "query strings are dropped");
});

test("filters: operation, app, exact status, status class, limit keeps the newest", async () => {
  const acme = await tokenFor(ctx.app);
  const globex = await tokenFor(ctx.app, "globex-app");
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push(await createConference(ctx.app, acme));
  expectOk(await api(ctx.app, globex).create({ userId: "union-gina", confTitle: "Globex sync" }));
  expectError(await api(ctx.app, globex).info(ids[0]), 403, "noPermission");

  const creates = (await journal("?operation=CreateVideoConference")).entries;
  assert.deepEqual(
    creates.map((e) => e.app),
    ["acme-app", "acme-app", "acme-app", "globex-app"],
  );
  const globexCalls = (await journal("?app=globex-app")).entries;
  assert.deepEqual(
    globexCalls.map((e) => e.operation),
    ["GetAccessToken", "CreateVideoConference", "QueryConferenceInfo"],
  );
  assert.deepEqual(
    (await journal("?status=403")).entries.map((e) => e.code),
    ["noPermission"],
  );
  assert.equal((await journal("?status=2xx")).entries.length, 6);
  const lastTwo = (await journal("?operation=CreateVideoConference&limit=2")).entries;
  assert.deepEqual(
    lastTwo.map((e) => e.app),
    ["acme-app", "globex-app"],
    "the newest two, oldest first",
  );
  assert.equal((await journal("?limit=0")).entries.length, 0);
});

test("the journal is bounded: a flood of three times its size keeps the newest entries", async () => {
  await ctx.rebuild({ journalSize: 10 });
  for (let i = 0; i < 30; i++) {
    await ctx.app.inject({ method: "GET", url: `/v1.0/conference/videoConferences/c${i}` });
  }
  const { capacity, entries } = await journal();
  assert.equal(capacity, 10);
  assert.equal(entries.length, 10);
  assert.deepEqual(
    entries.map((e) => e.path),
    Array.from({ length: 10 }, (_, i) => `/v1.0/conference/videoConferences/c${20 + i}`),
  );
  assert.ok(entries.every((e) => e.code === "AuthenticationFailed.MissingParameter"));
});

test("control-plane calls are journaled, reading the journal is not", async () => {
  expectOk(await control(ctx.app).call("POST", "/_vconf/v1/reset", {}));
  await journal();
  await journal();
  expectError(
    await ctx.app.inject({
      method: "POST",
      url: "/_vconf/v1/reset",
      headers: { "x-vconf-admin-key": "wrong" },
    }),
    401,
    "vconf.AdminKeyRequired",
  );
  await ctx.app.inject({ method: "GET", url: "/healthz" });
  const entries = (await journal()).entries;
  assert.deepEqual(
    entries.map((e) => [e.operation, e.status, e.code]),
    [
      ["vconf.Reset", 200, undefined],
      ["vconf.Reset", 401, "vconf.AdminKeyRequired"],
    ],
  );
});

test("DELETE empties the journal", async () => {
  await tokenFor(ctx.app);
  expectOk(await control(ctx.app).call("DELETE", "/_vconf/v1/requests"));
  assert.deepEqual((await journal()).entries, []);
});

test("the journal needs the admin key and checks its query", async () => {
  expectError(
    await ctx.app.inject({ method: "GET", url: "/_vconf/v1/requests" }),
    401,
    "vconf.AdminKeyRequired",
  );
  expectError(
    await ctx.app.inject({
      method: "GET",
      url: "/_vconf/v1/requests",
      headers: { "x-vconf-admin-key": `${ADMIN_KEY}x` },
    }),
    401,
    "vconf.AdminKeyRequired",
  );
  for (const q of ["?limit=-1", "?limit=ten", "?status=4x", "?status=99", "?colour=red"]) {
    expectError(await control(ctx.app).call("GET", `/_vconf/v1/requests${q}`), 400, "paramsError", /^error:/);
  }
});

test("unknown paths and unreadable URLs are journaled with their answer", async () => {
  const missing = expectError(
    await ctx.app.inject({ method: "GET", url: "/v1.0/nothing" }),
    404,
    "InvalidAction.NotFound",
  );
  const bad = await ctx.app.inject({ method: "GET", url: "/v1.0/conference/videoConferences/%E0%A4%A" });
  const entries = (await journal()).entries;
  assert.deepEqual(
    entries.map((e) => [e.operation, e.status, e.code]),
    [
      ["NotFound", 404, "InvalidAction.NotFound"],
      ["NotFound", bad.statusCode, bad.json().code],
    ],
  );
  assert.equal(entries[0].requestid, missing.requestid);
});
