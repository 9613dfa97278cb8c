import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import {
  buildTestApp,
  CONF,
  control,
  createConference,
  expectError,
  expectOk,
  tokenFor,
  useTestApp,
} from "../helpers/app.js";
import { R, W } from "../helpers/fixture.js";

const ctx = useTestApp();
let token: string;
let id: string;
beforeEach(async () => {
  token = await tokenFor(ctx.app, "acme-app");
  id = await createConference(ctx.app, token, ["union-bob"]);
  expectOk(await control(ctx.app).join(id, "union-bob"));
});

type Method = "GET" | "POST" | "PUT" | "DELETE";
interface Route {
  name: string;
  method: Method;
  url: () => string;
  scope: string;
  body?: () => Record<string, unknown>;
}

/** Every /v1.0/conference route with a valid call (under a token with the scope it needs). */
const ROUTES: Route[] = [
  {
    name: "CreateVideoConference",
    method: "POST",
    url: () => CONF,
    scope: W,
    body: () => ({ userId: "union-alice", confTitle: "t" }),
  },
  { name: "QueryConferenceInfo", method: "GET", url: () => `${CONF}/${id}`, scope: R },
  { name: "QueryConferenceMembers", method: "GET", url: () => `${CONF}/${id}/members`, scope: R },
  {
    name: "Cohosts",
    method: "POST",
    url: () => `${CONF}/${id}/coHosts/set`,
    scope: W,
    body: () => ({ action: "add", userList: [{ unionId: "union-bob" }] }),
  },
  ...(
    [
      ["MuteMembers", "members/mute", { action: "mute", userList: [{ unionId: "union-bob" }] }],
      ["MuteAll", "allMembers/mute", { action: "mute" }],
      ["KickMembers", "members/kick", { userList: [{ unionId: "union-bob" }] }],
      ["Focus", "focus", { action: "focus", unionId: "union-bob" }],
      ["LockConference", "lock", { action: "lock" }],
      ["InviteUsers", "users/invite", { inviteeList: [{ unionId: "union-carol", nick: "Carol" }] }],
    ] as const
  ).map(([name, path, body]): Route => ({
    name,
    method: "POST",
    url: () => `${CONF}/${id}/${path}`,
    scope: W,
    body: () => structuredClone(body) as Record<string, unknown>,
  })),
  {
    name: "UpdateVideoConferenceSetting",
    method: "PUT",
    url: () => `${CONF}/${id}`,
    scope: W,
    body: () => ({ muteAll: true }),
  },
  {
    name: "QueryConferenceInfoBatch",
    method: "POST",
    url: () => `${CONF}/query`,
    scope: R,
    body: () => ({ conferenceIdList: [id] }),
  },
  {
    name: "QueryUserOnGoingConference",
    method: "GET",
    url: () => "/v1.0/conference/users/lists?unionId=union-bob",
    scope: R,
  },
  {
    name: "CloseVideoConference",
    method: "DELETE",
    url: () => `${CONF}/${id}?unionId=union-alice`,
    scope: W,
  },
];
const BODY_ROUTES = ROUTES.filter((r) => r.body);
const COHOSTS = ROUTES.find((r) => r.name === "Cohosts")!;

function call(route: Route, headers: Record<string, string>, payload?: unknown) {
  const body = payload !== undefined ? payload : route.body?.();
  return ctx.app.inject({
    method: route.method,
    url: route.url(),
    headers,
    ...(body === undefined ? {} : { payload: body as object }),
  });
}
const withToken = (t: string, extra: Record<string, string> = {}) => ({
  "x-acs-dingtalk-access-token": t,
  ...extra,
});

/** The envelope's shape: exactly code, requestid, message (+ accessdenieddetail), as JSON. */
function expectEnvelope(
  res: LightMyRequestResponse,
  status: number,
  code: string,
  message?: string | RegExp,
) {
  const body = expectError(res, status, code, message);
  assert.equal(res.headers["content-type"], "application/json;charset=utf-8");
  const keys = Object.keys(body).filter((k) => k !== "accessdenieddetail");
  assert.deepEqual(keys.sort(), ["code", "message", "requestid"]);
  return body;
}

describe("token checks on every conference route", () => {
  for (const route of ROUTES) {
    test(`${route.name}: a missing or empty token header is AuthenticationFailed.MissingParameter`, async () => {
      for (const headers of [{}, withToken("")]) {
        expectEnvelope(
          await call(route, headers),
          400,
          "AuthenticationFailed.MissingParameter",
          "缺少参数：x-acs-dingtalk-access-token",
        );
      }
    });

    test(`${route.name}: an unknown token is InvalidAuthentication`, async () => {
      for (const bad of ["nope", token.toUpperCase(), `Bearer ${token}`]) {
        expectEnvelope(
          await call(route, withToken(bad)),
          400,
          "InvalidAuthentication",
          "不合法的access_token",
        );
      }
    });

    test(`${route.name}: a token without ${route.scope.split(".").pop()} is denied with the scope it needs`, async () => {
      const apps = route.scope === R ? ["acme-noscope"] : ["acme-noscope", "acme-reader"];
      for (const appKey of apps) {
        const res = await call(route, withToken(await tokenFor(ctx.app, appKey)));
        const body = expectEnvelope(
          res,
          403,
          "Forbidden.AccessDenied.AccessTokenPermissionDenied",
          "没有调用该接口的权限",
        );
        assert.deepEqual(body.accessdenieddetail, { requiredScopes: [route.scope] });
      }
    });

    test(`${route.name}: a valid token with the scope passes`, async () => {
      expectOk(await call(route, withToken(token)));
    });
  }

  test("acme-reader reads but cannot write; nothing changes", async () => {
    const reader = withToken(await tokenFor(ctx.app, "acme-reader"));
    for (const route of ROUTES) {
      const res = await call(route, reader);
      if (route.scope === R) expectOk(res);
      else expectEnvelope(res, 403, "Forbidden.AccessDenied.AccessTokenPermissionDenied");
    }
    const info = expectOk(await call(ROUTES[1], reader)).confInfo;
    assert.equal(info.status, 2);
    const members = expectOk(await call(ROUTES[2], reader)).memberModels;
    assert.equal(members.find((m: { unionId: string }) => m.unionId === "union-bob").coHost, false);
  });
});

describe("check order", () => {
  test("a token error wins over a bad body, a bad JSON body and a huge body", async () => {
    for (const route of BODY_ROUTES) {
      expectEnvelope(await call(route, withToken("nope"), { bogus: true }), 400, "InvalidAuthentication");
      expectEnvelope(await call(route, {}, { bogus: true }), 400, "AuthenticationFailed.MissingParameter");
      const raw = { ...withToken("nope"), "content-type": "application/json" };
      expectEnvelope(await call(route, raw, "{not json"), 400, "InvalidAuthentication");
      expectEnvelope(await call(route, raw, "x".repeat(1024 * 1024 + 1)), 400, "InvalidAuthentication");
    }
  });

  test("a missing scope wins over a bad body", async () => {
    const noscope = withToken(await tokenFor(ctx.app, "acme-noscope"));
    for (const route of BODY_ROUTES) {
      expectEnvelope(
        await call(route, noscope, { bogus: true }),
        403,
        "Forbidden.AccessDenied.AccessTokenPermissionDenied",
      );
    }
  });

  test("the body is checked before the domain rules", async () => {
    const res = await call(COHOSTS, withToken(token), {
      action: "promote",
      userList: [{ unionId: "nobody" }],
    });
    expectEnvelope(res, 400, "paramsError", /^error:action/);
  });
});

describe("unknown paths and methods", () => {
  for (const [method, url] of [
    ["GET", "/v1.0/conference/nothing"],
    ["POST", "/v1.0/conference/videoConferences/abc/nothing"],
    ["PATCH", `${CONF}/abc`],
    ["GET", `${CONF}/abc/coHosts/set`],
    ["PUT", CONF],
    ["GET", "/v2.0/conference/videoConferences"],
  ] as const) {
    test(`${method} ${url} is 404 InvalidAction.NotFound`, async () => {
      const res = await ctx.app.inject({ method, url, headers: withToken(token) });
      expectEnvelope(
        res,
        404,
        "InvalidAction.NotFound",
        "Specified api is not found, please check your url and method.",
      );
    });
  }
});

describe("ids the router cannot take apart", () => {
  test("an over-long id still reaches the endpoint and gets its unknown-id answer", async () => {
    const long = "a".repeat(5000);
    const info = await ctx.app.inject({ method: "GET", url: `${CONF}/${long}`, headers: withToken(token) });
    expectEnvelope(info, 404, "roomNotFound");
    const res = await ctx.app.inject({
      method: "POST",
      url: `${CONF}/${long}/coHosts/set`,
      headers: withToken(token),
      payload: { action: "add", userList: [{ unionId: "union-bob" }] },
    });
    expectEnvelope(res, 400, "paramsError", "error:conference not found");
  });

  test("a malformed percent-encoding is answered in the envelope", async () => {
    const res = await ctx.app.inject({ method: "GET", url: `${CONF}/%ZZ`, headers: withToken(token) });
    expectEnvelope(res, 400, "InvalidRequest");
  });
});

describe("request bodies", () => {
  const raw = (contentType: string) => withToken(token, { "content-type": contentType });
  for (const route of BODY_ROUTES) {
    test(`${route.name}: a body that is not a JSON object is Missingbody`, async () => {
      const cases: [Record<string, string>, string][] = [
        [raw("application/json"), "{not json"],
        [raw("application/json"), "[]"],
        [raw("application/json"), '[{"action":"add"}]'],
        [raw("application/json"), "null"],
        [raw("application/json"), '"text"'],
        [raw("application/json"), "42"],
        [raw("application/json"), ""],
        [raw("application/json; charset=utf-8"), "{"],
        [raw("text/plain"), JSON.stringify(route.body!())],
        [raw("application/x-www-form-urlencoded"), "action=add"],
      ];
      for (const [headers, payload] of cases) {
        const res = await call(route, headers, payload);
        expectEnvelope(res, 400, "Missingbody", "body is mandatory for this action");
      }
      // No body at all.
      const none = await ctx.app.inject({
        method: route.method,
        url: route.url(),
        headers: withToken(token),
      });
      expectEnvelope(none, 400, "Missingbody");
    });

    test(`${route.name}: a body over 1 MiB is 413 RequestEntityTooLarge`, async () => {
      const big = { ...route.body!(), padding: "x".repeat(1024 * 1024) };
      expectEnvelope(await call(route, withToken(token), big), 413, "RequestEntityTooLarge");
    });

    test(`${route.name}: the SDK's content type with charset is accepted`, async () => {
      expectOk(await call(route, raw("application/json; charset=utf-8"), JSON.stringify(route.body!())));
    });
  }

  test("rejected bodies change nothing", async () => {
    const before = await control(ctx.app).audit(id);
    const cohosts = COHOSTS;
    await call(cohosts, raw("application/json"), '[{"action":"add","userList":[{"unionId":"union-bob"}]}]');
    await call(cohosts, raw("text/plain"), JSON.stringify(cohosts.body!()));
    await call(cohosts, withToken(token), { ...cohosts.body!(), padding: "x".repeat(1024 * 1024) });
    assert.deepEqual((await control(ctx.app).audit(id)).json(), before.json());
  });
});

describe("rate limit", () => {
  test("the 3rd call in one second is QpsLimitForAppkeyAndApi; the next second is allowed", async () => {
    const limited = await buildTestApp({ rateLimit: 2 });
    try {
      const t = await tokenFor(limited.app, "acme-app");
      const info = () =>
        limited.app.inject({ method: "GET", url: `${CONF}/${"0".repeat(24)}`, headers: withToken(t) });
      expectError(await info(), 404, "roomNotFound");
      expectError(await info(), 404, "roomNotFound");
      expectEnvelope(await info(), 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
      // Per API: another operation of the same app is not limited.
      expectError(
        await limited.app.inject({
          method: "GET",
          url: `${CONF}/${"0".repeat(24)}/members`,
          headers: withToken(t),
        }),
        404,
        "roomNotFound",
      );
      // Per app: another app is not limited.
      const other = await tokenFor(limited.app, "acme-reader");
      expectError(
        await limited.app.inject({
          method: "GET",
          url: `${CONF}/${"0".repeat(24)}`,
          headers: withToken(other),
        }),
        404,
        "roomNotFound",
      );
      limited.clock.advance(1000);
      expectError(await info(), 404, "roomNotFound");
    } finally {
      await limited.close();
    }
  });

  test("a suite over its per-org rate gets QpsLimitForSuitekeyAndOrgAndApi", async () => {
    const limited = await buildTestApp({ rateLimit: 1 });
    try {
      const res = await limited.app.inject({
        method: "POST",
        url: "/v1.0/oauth2/corpAccessToken",
        payload: {
          suiteKey: "suite-meetbot",
          suiteSecret: "meetbot-secret",
          authCorpId: "dingcorp-acme",
          suiteTicket: "ticket-1",
        },
      });
      const t = expectOk(res).accessToken;
      const info = () =>
        limited.app.inject({ method: "GET", url: `${CONF}/${"0".repeat(24)}`, headers: withToken(t) });
      expectError(await info(), 404, "roomNotFound");
      expectEnvelope(await info(), 403, "Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi");
    } finally {
      await limited.close();
    }
  });

  test("the rate limit comes after the token and scope checks", async () => {
    const limited = await buildTestApp({ rateLimit: 1 });
    try {
      const t = await tokenFor(limited.app, "acme-noscope");
      for (let i = 0; i < 3; i++) {
        const res = await limited.app.inject({ method: "GET", url: `${CONF}/x`, headers: withToken(t) });
        expectEnvelope(res, 403, "Forbidden.AccessDenied.AccessTokenPermissionDenied");
      }
    } finally {
      await limited.close();
    }
  });
});
