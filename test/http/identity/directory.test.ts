import assert from "node:assert/strict";
import { test } from "node:test";
import {
  api,
  control,
  createConference,
  expectError,
  expectOk,
  tokenFor,
  useTestApp,
} from "../../helpers/app.js";
import { CONTROL } from "../../../src/schemas/paths.js";
import { R, W } from "../../helpers/fixture.js";

const ctx = useTestApp();

const V = CONTROL;
const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, body?: unknown) =>
  control(ctx.app).call(method, `${V}${url}`, body);
const oauthToken = async (appKey: string, appSecret: string) =>
  ctx.app.inject({ method: "POST", url: "/v1.0/oauth2/accessToken", payload: { appKey, appSecret } });

test("orgs: create, list, refuse a duplicate, delete with users, apps and tokens", async () => {
  assert.deepEqual(expectOk(await call("POST", "/orgs", { corpId: "dingcorp-new", name: "New" })), {
    corpId: "dingcorp-new",
    name: "New",
  });
  expectError(
    await call("POST", "/orgs", { corpId: "dingcorp-new", name: "Again" }),
    409,
    "vconf.AlreadyExists",
  );
  assert.deepEqual(
    expectOk(await call("GET", "/orgs")).orgs.map((o: { corpId: string }) => o.corpId),
    ["dingcorp-acme", "dingcorp-globex", "dingcorp-new"],
  );
  expectOk(
    await call("POST", "/orgs/dingcorp-new/users", { unionId: "union-nia", userId: "nia", name: "Nia" }),
  );
  const created = expectOk(await call("POST", "/orgs/dingcorp-new/apps", { scopes: [W, R] }));
  const token = expectOk(await oauthToken(created.appKey, created.appSecret)).accessToken;
  expectOk(await call("POST", "/suites/suite-meetbot/authorizations", { corpId: "dingcorp-new" }));

  expectOk(await call("DELETE", "/orgs/dingcorp-new"));
  expectError(await call("GET", "/orgs/dingcorp-new/users"), 404, "vconf.NotFound", "no org dingcorp-new");
  expectError(await api(ctx.app, token).info("0123456789abcdef01234567"), 400, "InvalidAuthentication");
  expectError(await oauthToken(created.appKey, created.appSecret), 400, "invalidClientIdOrSecret");
  assert.deepEqual(expectOk(await call("GET", "/suites")).suites[0].authorizedCorps, ["dingcorp-acme"]);
  expectError(await call("DELETE", "/orgs/dingcorp-new"), 404, "vconf.NotFound");
});

test("an org with conferences is not deleted until it is reset", async () => {
  const token = await tokenFor(ctx.app, "globex-app");
  expectOk(await api(ctx.app, token).create({ userId: "union-gina", confTitle: "Globex" }));
  expectError(
    await call("DELETE", "/orgs/dingcorp-globex"),
    409,
    "vconf.Conflict",
    /has 1 conference\(s\); reset it first: POST \/_vconf\/v1\/reset \{"corpId":"dingcorp-globex"\}/,
  );
  expectOk(
    await api(ctx.app, token).info(expectOk(await call("GET", "/snapshot")).conferences[0].conferenceId),
  );
  expectOk(await call("POST", "/reset", { corpId: "dingcorp-globex" }));
  expectOk(await call("DELETE", "/orgs/dingcorp-globex"));
});

test("reset of one org keeps the other org's conferences and tokens", async () => {
  const acme = await tokenFor(ctx.app);
  const globex = await tokenFor(ctx.app, "globex-app");
  const a = await createConference(ctx.app, acme, ["union-bob"]);
  const g = expectOk(
    await api(ctx.app, globex).create({ userId: "union-gina", confTitle: "G" }),
  ).conferenceId;
  expectOk(await call("POST", "/reset", { corpId: "dingcorp-acme" }));
  expectError(await api(ctx.app, acme).info(a), 400, "InvalidAuthentication");
  const fresh = await tokenFor(ctx.app);
  expectError(await api(ctx.app, fresh).info(a), 404, "roomNotFound");
  assert.equal(expectOk(await api(ctx.app, globex).info(g)).confInfo.title, "G");
  assert.equal(expectOk(await api(ctx.app, globex).members(g)).totalCount, 1);
  expectError(await call("POST", "/reset", { corpId: "dingcorp-nowhere" }), 404, "vconf.NotFound");
});

test("users: create, list, refuse a unionId taken in another org, delete", async () => {
  const user = { unionId: "union-zoe", userId: "zoe", name: "Zoe" };
  assert.deepEqual(expectOk(await call("POST", "/orgs/dingcorp-globex/users", user)), {
    ...user,
    corpId: "dingcorp-globex",
  });
  expectError(
    await call("POST", "/orgs/dingcorp-acme/users", { ...user, userId: "zoe2" }),
    409,
    "vconf.AlreadyExists",
    "user union-zoe exists in org dingcorp-globex",
  );
  expectError(await call("POST", "/orgs/dingcorp-none/users", user), 404, "vconf.NotFound");
  const users = expectOk(await call("GET", "/orgs/dingcorp-globex/users")).users;
  assert.deepEqual(
    users.map((u: { unionId: string }) => u.unionId),
    ["union-gina", "union-hank", "union-zoe"],
  );
  // A new user can organize at once; a deleted one is unknown to DingTalk calls.
  const token = await tokenFor(ctx.app, "globex-app");
  expectOk(await api(ctx.app, token).create({ userId: "union-zoe", confTitle: "Zoe's" }));
  expectOk(await call("DELETE", "/users/union-zoe"));
  expectError(
    await api(ctx.app, token).create({ userId: "union-zoe", confTitle: "x" }),
    400,
    "unknownUserError",
  );
  expectError(await call("DELETE", "/users/union-zoe"), 404, "vconf.NotFound");
});

test("apps: create with a generated secret shown once, list without secrets, delete ends its tokens", async () => {
  const created = expectOk(await call("POST", "/orgs/dingcorp-acme/apps", { scopes: [R] }));
  assert.match(created.appKey, /^ding[0-9a-f]{16}$/);
  assert.ok(created.appSecret.length >= 32);
  assert.deepEqual(created.scopes, [R]);
  const listed = expectOk(await call("GET", "/orgs/dingcorp-acme/apps")).apps;
  assert.deepEqual(
    listed.find((a: { appKey: string }) => a.appKey === created.appKey),
    { appKey: created.appKey, corpId: "dingcorp-acme", scopes: [R] },
  );
  assert.ok(!JSON.stringify(listed).includes(created.appSecret));
  expectError(
    await call("POST", "/orgs/dingcorp-globex/apps", { appKey: "acme-app" }),
    409,
    "vconf.AlreadyExists",
  );
  expectError(
    await call("POST", "/orgs/dingcorp-acme/apps", { appKey: "suite-meetbot" }),
    409,
    "vconf.AlreadyExists",
  );
  const named = expectOk(
    await call("POST", "/orgs/dingcorp-acme/apps", { appKey: "my-app", appSecret: "my-secret" }),
  );
  assert.deepEqual(named, { appKey: "my-app", corpId: "dingcorp-acme", scopes: [], appSecret: "my-secret" });

  const token = expectOk(await oauthToken(created.appKey, created.appSecret)).accessToken;
  const id = await createConference(ctx.app, await tokenFor(ctx.app));
  expectOk(await api(ctx.app, token).info(id));
  expectOk(await call("DELETE", `/apps/${created.appKey}`));
  expectError(await api(ctx.app, token).info(id), 400, "InvalidAuthentication");
  expectError(await oauthToken(created.appKey, created.appSecret), 400, "invalidClientIdOrSecret");
  expectError(await call("DELETE", `/apps/${created.appKey}`), 404, "vconf.NotFound");
});

test("scopes: grant and revoke apply at once to tokens already issued", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  const revoked = expectOk(await call("POST", "/apps/acme-app/scopes", { revoke: [W] }));
  assert.deepEqual(revoked.scopes, [R]);
  expectError(
    await api(ctx.app, token).create({ userId: "union-alice", confTitle: "x" }),
    403,
    "Forbidden.AccessDenied.AccessTokenPermissionDenied",
  );
  expectOk(await api(ctx.app, token).info(id));

  const reader = await tokenFor(ctx.app, "acme-reader");
  expectOk(await call("POST", "/apps/acme-reader/scopes", { grant: [W, W] }));
  expectOk(await api(ctx.app, reader).create({ userId: "union-alice", confTitle: "now allowed" }));
  assert.deepEqual(
    expectOk(await call("POST", "/apps/acme-reader/scopes", { grant: [], revoke: [R, "Not.Held"] })).scopes,
    [W],
  );
  expectError(
    await call("POST", "/apps/acme-reader/scopes", { grant: [R], revoke: [R] }),
    400,
    "paramsError",
    /both/,
  );
  expectError(await call("POST", "/apps/nope/scopes", { grant: [R] }), 404, "vconf.NotFound");
});

test("rotate-secret: the old secret stops working, tokens stay unless revokeTokens", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  const { appSecret } = expectOk(await call("POST", "/apps/acme-app/rotate-secret"));
  assert.notEqual(appSecret, "acme-secret");
  expectError(await oauthToken("acme-app", "acme-secret"), 400, "invalidClientIdOrSecret");
  const next = expectOk(await oauthToken("acme-app", appSecret)).accessToken;
  expectOk(await api(ctx.app, token).info(id));
  expectOk(await api(ctx.app, next).info(id));

  const again = expectOk(await call("POST", "/apps/acme-app/rotate-secret", { revokeTokens: true }));
  for (const t of [token, next]) expectError(await api(ctx.app, t).info(id), 400, "InvalidAuthentication");
  expectOk(await api(ctx.app, expectOk(await oauthToken("acme-app", again.appSecret)).accessToken).info(id));
  expectError(await call("POST", "/apps/nope/rotate-secret"), 404, "vconf.NotFound");
});

test("suites: create, authorize an org, tokens, revoke scopes, deauthorize, delete", async () => {
  const s = expectOk(await call("POST", "/suites", { suiteKey: "suite-new", scopes: [W, R] }));
  assert.deepEqual([s.suiteKey, s.scopes, s.authorizedCorps], ["suite-new", [W, R], []]);
  const corpToken = (corpId: string) =>
    ctx.app.inject({
      method: "POST",
      url: "/v1.0/oauth2/corpAccessToken",
      payload: {
        suiteKey: "suite-new",
        suiteSecret: s.suiteSecret,
        authCorpId: corpId,
        suiteTicket: s.suiteTicket,
      },
    });
  expectError(await corpToken("dingcorp-globex"), 400, "invalidAuthInfo");
  assert.deepEqual(
    expectOk(await call("POST", "/suites/suite-new/authorizations", { corpId: "dingcorp-globex" }))
      .authorizedCorps,
    ["dingcorp-globex"],
  );
  const token = expectOk(await corpToken("dingcorp-globex")).accessToken;
  const id = expectOk(
    await api(ctx.app, token).create({ userId: "union-gina", confTitle: "Suite" }),
  ).conferenceId;

  expectOk(await call("POST", "/suites/suite-new/scopes", { revoke: [R] }));
  expectError(await api(ctx.app, token).info(id), 403, "Forbidden.AccessDenied.AccessTokenPermissionDenied");
  expectOk(await call("POST", "/suites/suite-new/scopes", { grant: [R] }));
  expectOk(await api(ctx.app, token).info(id));

  const rotated = expectOk(await call("POST", "/suites/suite-new/rotate-secret"));
  expectOk(await api(ctx.app, token).info(id));
  assert.notEqual(rotated.suiteSecret, s.suiteSecret);
  expectError(await corpToken("dingcorp-globex"), 400, "invalidSuiteKey");

  expectOk(await call("DELETE", "/suites/suite-new/authorizations/dingcorp-globex"));
  expectError(await api(ctx.app, token).info(id), 400, "InvalidAuthentication");
  expectError(
    await call("DELETE", "/suites/suite-new/authorizations/dingcorp-globex"),
    404,
    "vconf.NotFound",
  );
  expectError(
    await call("POST", "/suites/suite-new/authorizations", { corpId: "dingcorp-x" }),
    404,
    "vconf.NotFound",
  );
  expectError(await call("POST", "/suites", { suiteKey: "acme-app" }), 409, "vconf.AlreadyExists");

  expectOk(await call("DELETE", "/suites/suite-new"));
  assert.deepEqual(
    expectOk(await call("GET", "/suites")).suites.map((x: { suiteKey: string }) => x.suiteKey),
    ["suite-meetbot"],
  );
  expectError(await call("DELETE", "/suites/suite-new"), 404, "vconf.NotFound");
});

test("bad bodies are refused with paramsError and change nothing", async () => {
  const before = expectOk(await call("GET", "/snapshot"));
  const bad: [string, string, unknown, RegExp][] = [
    ["POST", "/orgs", { corpId: "x" }, /name is missing/],
    ["POST", "/orgs", { corpId: "", name: "x" }, /corpId must be a non-empty string/],
    ["POST", "/orgs", { corpId: "x", name: "x", extra: 1 }, /unknown field extra/],
    ["POST", "/orgs/dingcorp-acme/users", { unionId: "u", userId: "u" }, /name is missing/],
    ["POST", "/orgs/dingcorp-acme/apps", { scopes: "all" }, /scopes/],
    ["POST", "/apps/acme-app/scopes", { grant: [""] }, /grant\[0\]/],
    ["POST", "/apps/acme-app/rotate-secret", { revokeTokens: "yes" }, /revokeTokens/],
    ["POST", "/suites", { suiteSecret: 3 }, /suiteSecret/],
    ["POST", "/suites/suite-meetbot/authorizations", {}, /corpId is missing/],
  ];
  for (const [method, url, body, message] of bad) {
    expectError(await call(method as "POST", url, body), 400, "paramsError", message);
  }
  assert.deepEqual(expectOk(await call("GET", "/snapshot")), before);
});

test("management calls need the admin key", async () => {
  const calls: [string, string][] = [
    ["GET", "/orgs"],
    ["POST", "/orgs"],
    ["DELETE", "/orgs/dingcorp-acme"],
    ["GET", "/orgs/dingcorp-acme/users"],
    ["DELETE", "/users/union-bob"],
    ["POST", "/orgs/dingcorp-acme/apps"],
    ["POST", "/apps/acme-app/scopes"],
    ["POST", "/apps/acme-app/rotate-secret"],
    ["DELETE", "/apps/acme-app"],
    ["GET", "/suites"],
    ["POST", "/suites/suite-meetbot/authorizations"],
  ];
  for (const [method, url] of calls) {
    for (const headers of [{}, { "x-vconf-admin-key": "not-the-key" }]) {
      const res = await ctx.app.inject({ method: method as "GET", url: `${V}${url}`, headers, payload: {} });
      expectError(res, 401, "vconf.AdminKeyRequired");
    }
  }
  assert.equal(expectOk(await call("GET", "/orgs/dingcorp-acme/apps")).apps.length, 3, "nothing was deleted");
});
