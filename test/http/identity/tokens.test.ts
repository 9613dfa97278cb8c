import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { api, createConference, expectError, expectOk, tokenFor, useTestApp } from "../../helpers/app.js";

const ctx = useTestApp();

const post = (url: string, payload?: unknown) =>
  ctx.app.inject({ method: "POST", url, ...(payload === undefined ? {} : { payload: payload as object }) });
const accessToken = (body: unknown) => post("/v1.0/oauth2/accessToken", body);
const corpAccessToken = (body: Record<string, unknown>) =>
  post("/v1.0/oauth2/corpAccessToken", {
    suiteKey: "suite-meetbot",
    suiteSecret: "meetbot-secret",
    authCorpId: "dingcorp-acme",
    suiteTicket: "ticket-1",
    ...body,
  });
const corpToken = (corpId: string, body: Record<string, unknown>) =>
  post(`/v1.0/oauth2/${corpId}/token`, { grant_type: "client_credentials", ...body });

/** Whether `token` passes the gateway: a read of an unknown conference answers 404, not a token error. */
async function tokenWorks(token: string): Promise<boolean> {
  const res = await api(ctx.app, token).info("0".repeat(24));
  if (res.statusCode === 404) return true;
  expectError(res, 400, "InvalidAuthentication", "不合法的access_token");
  return false;
}

describe("POST /v1.0/oauth2/accessToken", () => {
  test("issues a token of 32 hex characters for 7200 s", async () => {
    const body = expectOk(await accessToken({ appKey: "acme-app", appSecret: "acme-secret" }));
    assert.deepEqual(Object.keys(body).sort(), ["accessToken", "expireIn"]);
    assert.match(body.accessToken, /^[0-9a-f]{32}$/);
    assert.equal(body.expireIn, 7200);
    assert.equal(await tokenWorks(body.accessToken), true);
  });

  test("re-issues the same token while it is valid and extends its life", async () => {
    const first = await tokenFor(ctx.app, "acme-app");
    ctx.clock.advance(7000 * 1000);
    assert.equal(await tokenFor(ctx.app, "acme-app"), first);
    // 7000 s after the second call (14000 s after the first) it still works: its life was extended.
    ctx.clock.advance(7000 * 1000);
    assert.equal(await tokenWorks(first), true);
    assert.equal(await tokenFor(ctx.app, "acme-app"), first);
  });

  test("asked again within 100 ms: the same token, nothing written, and the stored expiry holds each 7200 s promised", async () => {
    const stored = async () =>
      (await ctx.deps.store.transaction((tx) => tx.getApp("acme-app"), { readOnly: true }))!.tokenExpiresAt;
    ctx.clock.advance(7); // not on a step: the stored expiry is rounded up
    const first = await tokenFor(ctx.app, "acme-app");
    const e1 = await stored();
    assert.ok(e1 >= ctx.clock.now() + 7200_000 && e1 < ctx.clock.now() + 7200_100, `${e1}`);
    ctx.clock.advance(50);
    assert.equal(await tokenFor(ctx.app, "acme-app"), first);
    assert.equal(await stored(), e1, "within the step: not written again");
    assert.ok(e1 >= ctx.clock.now() + 7200_000);
    ctx.clock.advance(60);
    assert.equal(await tokenFor(ctx.app, "acme-app"), first);
    const e2 = await stored();
    assert.ok(e2 > e1 && e2 >= ctx.clock.now() + 7200_000, "past the step: its life extended again");
    ctx.clock.advance(7200_000 - 1);
    assert.equal(await tokenWorks(first), true, "7200 s after the last call, less 1 ms");
    ctx.clock.advance(100);
    assert.equal(await tokenWorks(first), false, "at most 0.1 s past its 7200 s");
  });

  test("after 7200 s the token is rejected and a new one is issued", async () => {
    const first = await tokenFor(ctx.app, "acme-app");
    ctx.clock.advance(7199 * 1000);
    assert.equal(await tokenWorks(first), true);
    ctx.clock.advance(1000);
    assert.equal(await tokenWorks(first), false);
    const second = await tokenFor(ctx.app, "acme-app");
    assert.notEqual(second, first);
    assert.equal(await tokenWorks(second), true);
    assert.equal(await tokenWorks(first), false);
  });

  test("different apps get different tokens", async () => {
    assert.notEqual(await tokenFor(ctx.app, "acme-app"), await tokenFor(ctx.app, "acme-reader"));
  });

  test("a wrong secret or an unknown app is invalidClientIdOrSecret", async () => {
    for (const body of [
      { appKey: "acme-app", appSecret: "wrong" },
      { appKey: "acme-app", appSecret: "reader-secret" },
      { appKey: "nobody", appSecret: "acme-secret" },
    ]) {
      expectError(await accessToken(body), 400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
    }
  });

  test("a missing, empty or non-string field is Missing<field>", async () => {
    expectError(
      await accessToken({ appSecret: "acme-secret" }),
      400,
      "MissingappKey",
      "appKey is mandatory for this action.",
    );
    expectError(await accessToken({ appKey: "", appSecret: "acme-secret" }), 400, "MissingappKey");
    expectError(await accessToken({ appKey: 7, appSecret: "acme-secret" }), 400, "MissingappKey");
    expectError(await accessToken({ appKey: "acme-app" }), 400, "MissingappSecret");
    expectError(await accessToken({}), 400, "MissingappKey");
  });

  test("no body or a non-object body is Missingbody", async () => {
    expectError(await accessToken(undefined), 400, "Missingbody", "body is mandatory for this action");
    expectError(await accessToken(["acme-app"]), 400, "Missingbody");
    const raw = await ctx.app.inject({
      method: "POST",
      url: "/v1.0/oauth2/accessToken",
      headers: { "content-type": "application/json" },
      payload: "{appKey",
    });
    expectError(raw, 400, "Missingbody");
  });
});

describe("POST /v1.0/oauth2/corpAccessToken", () => {
  test("issues a new token on every call; earlier ones stay valid", async () => {
    const a = expectOk(await corpAccessToken({}));
    assert.match(a.accessToken, /^[0-9a-f]{32}$/);
    assert.equal(a.expireIn, 7200);
    ctx.clock.advance(60_000);
    const b = expectOk(await corpAccessToken({}));
    assert.notEqual(a.accessToken, b.accessToken);
    assert.equal(await tokenWorks(a.accessToken), true);
    assert.equal(await tokenWorks(b.accessToken), true);
    // Each keeps its own life: the first expires 7200 s after it was issued, the second a minute later.
    ctx.clock.advance(7140 * 1000);
    assert.equal(await tokenWorks(a.accessToken), false);
    assert.equal(await tokenWorks(b.accessToken), true);
  });

  test("an unknown suite or a wrong secret is invalidSuiteKey", async () => {
    expectError(await corpAccessToken({ suiteKey: "suite-nope" }), 400, "invalidSuiteKey", "suitekey不合法");
    expectError(await corpAccessToken({ suiteSecret: "wrong" }), 400, "invalidSuiteKey");
  });

  test("a wrong ticket is invalidSuiteTicket", async () => {
    expectError(
      await corpAccessToken({ suiteTicket: "ticket-2" }),
      400,
      "invalidSuiteTicket",
      "suiteTicket无效",
    );
  });

  test("an org that did not authorize the suite is invalidAuthInfo", async () => {
    expectError(
      await corpAccessToken({ authCorpId: "dingcorp-globex" }),
      400,
      "invalidAuthInfo",
      "授权关系不存在",
    );
    expectError(await corpAccessToken({ authCorpId: "dingcorp-nowhere" }), 400, "invalidAuthInfo");
  });

  test("a missing field is Missing<field>", async () => {
    for (const field of ["suiteKey", "suiteSecret", "authCorpId", "suiteTicket"]) {
      expectError(await corpAccessToken({ [field]: undefined }), 400, `Missing${field}`);
    }
  });
});

describe("POST /v1.0/oauth2/{corpId}/token", () => {
  test("an internal app gets the token of its org", async () => {
    const body = expectOk(
      await corpToken("dingcorp-acme", { client_id: "acme-app", client_secret: "acme-secret" }),
    );
    assert.deepEqual(Object.keys(body).sort(), ["access_token", "expires_in"]);
    assert.match(body.access_token, /^[0-9a-f]{32}$/);
    assert.equal(body.expires_in, 7200);
    // The same app token as the accessToken endpoint gives while it is valid.
    assert.equal(await tokenFor(ctx.app, "acme-app"), body.access_token);
  });

  test("a suite gets a token for an org that authorized it", async () => {
    const body = expectOk(
      await corpToken("dingcorp-acme", { client_id: "suite-meetbot", client_secret: "meetbot-secret" }),
    );
    assert.equal(await tokenWorks(body.access_token), true);
  });

  test("a wrong id or secret is invalid.client", async () => {
    for (const body of [
      { client_id: "acme-app", client_secret: "wrong" },
      { client_id: "suite-meetbot", client_secret: "wrong" },
      { client_id: "nobody", client_secret: "acme-secret" },
    ]) {
      expectError(await corpToken("dingcorp-acme", body), 400, "invalid.client");
    }
  });

  test("a grant type other than client_credentials is unsupported.grant.type", async () => {
    const res = await corpToken("dingcorp-acme", {
      client_id: "acme-app",
      client_secret: "acme-secret",
      grant_type: "password",
    });
    expectError(res, 400, "unsupported.grant.type");
  });

  test("another org's app, or an org that did not authorize the suite, is unauthorized.client", async () => {
    expectError(
      await corpToken("dingcorp-acme", { client_id: "globex-app", client_secret: "globex-secret" }),
      401,
      "unauthorized.client",
    );
    expectError(
      await corpToken("dingcorp-globex", { client_id: "suite-meetbot", client_secret: "meetbot-secret" }),
      401,
      "unauthorized.client",
    );
  });

  test("a missing field is Missing<field>", async () => {
    expectError(await corpToken("dingcorp-acme", { client_secret: "acme-secret" }), 400, "Missingclient_id");
    expectError(
      await corpToken("dingcorp-acme", {
        client_id: "acme-app",
        client_secret: "acme-secret",
        grant_type: undefined,
      }),
      400,
      "Missinggrant_type",
    );
  });
});

describe("a token acts in its org", () => {
  test("a suite token for acme sees and creates acme conferences, not globex's", async () => {
    const acmeToken = await tokenFor(ctx.app, "acme-app");
    const acmeConf = await createConference(ctx.app, acmeToken);
    const globexConf = expectOk(
      await api(ctx.app, await tokenFor(ctx.app, "globex-app")).create({
        userId: "union-gina",
        confTitle: "Globex",
      }),
    ).conferenceId;

    const suite = api(ctx.app, expectOk(await corpAccessToken({})).accessToken);
    assert.equal(expectOk(await suite.info(acmeConf)).confInfo.conferenceId, acmeConf);
    expectError(await suite.info(globexConf), 403, "noPermission", "NO PERMISSION");
    const created = expectOk(await suite.create({ userId: "union-bob", confTitle: "From the suite" }));
    assert.equal(
      expectOk(await api(ctx.app, acmeToken).info(created.conferenceId)).confInfo.creatorId,
      "union-bob",
    );
    expectError(await suite.create({ userId: "union-gina", confTitle: "x" }), 400, "orgAccessForbidden");
  });

  test("a client-credentials token for globex acts in globex", async () => {
    const token = expectOk(
      await corpToken("dingcorp-globex", { client_id: "globex-app", client_secret: "globex-secret" }),
    ).access_token;
    const acmeConf = await createConference(ctx.app, await tokenFor(ctx.app, "acme-app"));
    expectError(await api(ctx.app, token).info(acmeConf), 403, "noPermission");
    expectOk(await api(ctx.app, token).create({ userId: "union-hank", confTitle: "Globex" }));
  });
});
