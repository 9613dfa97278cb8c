import assert from "node:assert/strict";
import { test } from "node:test";
import { useTestApp } from "../helpers/app.js";

const ctx = useTestApp({ per: "file" });

interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  "x-dingtalk-scope"?: string;
}

test("/openapi.json is OpenAPI 3.1 and documents every DingTalk and control-plane route", async () => {
  const res = await ctx.app.inject({ method: "GET", url: "/openapi.json" });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.openapi, "3.1.0");
  const documented = new Set<string>();
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(methods)) {
      documented.add(`${method.toUpperCase()} ${path}`);
      assert.ok(op.summary, `${method} ${path} has a summary`);
      assert.ok(op.operationId, `${method} ${path} has an operationId`);
      if (path.startsWith("/_vconf/")) assert.deepEqual(op.security, [{ adminKey: [] }], path);
    }
  }
  for (const r of documented) {
    const [method, path] = r.split(" ");
    const url = path.replace(/\{(\w+)\}/g, ":$1");
    assert.ok(ctx.app.hasRoute({ method: method as "GET", url }), `${r} is served`);
  }
  for (const r of [
    "POST /v1.0/oauth2/accessToken",
    "POST /v1.0/conference/videoConferences/{conferenceId}/coHosts/set",
    "GET /_vconf/v1/requests",
    "PUT /_vconf/v1/faults",
    "PUT /_vconf/v1/snapshot",
    "POST /_vconf/v1/apps/{appKey}/rotate-secret",
  ]) {
    assert.ok(documented.has(r), `${r} is documented`);
  }
  const cohosts = doc.paths["/v1.0/conference/videoConferences/{conferenceId}/coHosts/set"].post as Operation;
  assert.equal(cohosts.operationId, "Cohosts");
  assert.equal(cohosts["x-dingtalk-scope"], "VideoConference.Conference.Write");
  assert.deepEqual(cohosts.security, [{ accessToken: [] }]);
});

interface ErrorItem {
  code: string;
  status: number;
  message: string;
}
type Responses = Record<string, { description: string; content: Record<string, { examples: object }> }>;

test("every operation lists its error answers with DingTalk's codes, per HTTP status", async () => {
  const doc = (await ctx.app.inject({ method: "GET", url: "/openapi.json" })).json();
  const cohosts = doc.paths["/v1.0/conference/videoConferences/{conferenceId}/coHosts/set"].post;
  const codes = (cohosts["x-dingtalk-errors"] as ErrorItem[]).map((e) => e.code);
  const gateway = [
    "AuthenticationFailed.MissingParameter",
    "InvalidAuthentication",
    "Forbidden.AccessDenied.AccessTokenPermissionDenied",
    "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
    "Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi",
    "Missingbody",
    "RequestEntityTooLarge",
  ];
  for (const code of [
    "unknownUserError",
    "paramsError",
    "permissionError",
    "confClosed",
    "systemError",
    ...gateway,
  ]) {
    assert.ok(codes.includes(code), `Cohosts lists ${code}: ${codes.join(", ")}`);
  }
  assert.equal(new Set(codes).size, codes.length, "each code once");
  const responses = cohosts.responses as Responses;
  assert.deepEqual(Object.keys(responses), ["200", "400", "403", "413", "500"]);
  assert.match(responses["400"].description, /`unknownUserError`: unknownUserError/);
  assert.ok("confClosed" in responses["400"].content["application/json"].examples);
  assert.match(responses["403"].description, /`Forbidden\.AccessDenied\.AccessTokenPermissionDenied`/);
  assert.match(responses["500"].description, /`systemError`/);

  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const errors = (op as { "x-dingtalk-errors"?: ErrorItem[] })["x-dingtalk-errors"] ?? [];
      const where = `${method} ${path}`;
      if ((op as { "x-dingtalk-legacy"?: boolean })["x-dingtalk-legacy"]) {
        // Legacy oapi (`/gettoken`, `/call_back/…`): HTTP 200 `{errcode, errmsg}`, -1 for a storage failure.
        for (const code of ["-1", "40035"]) {
          assert.ok(
            errors.some((e) => e.code === code && e.status === 200),
            `${where} lists errcode ${code}`,
          );
        }
        assert.deepEqual(
          Object.keys((op as { responses?: object }).responses ?? {}),
          ["200"],
          `${where} answers only 200`,
        );
        continue;
      }
      assert.ok(
        errors.some((e) => e.code === "systemError"),
        `${where} lists systemError`,
      );
      if (path.startsWith("/_vconf/")) {
        assert.ok(
          errors.some((e) => e.code === "vconf.AdminKeyRequired"),
          `${where} lists the admin key`,
        );
      } else if (op["x-dingtalk-scope"]) {
        assert.ok(
          errors.some((e) => e.code === "InvalidAuthentication"),
          `${where} lists the gateway`,
        );
      }
      const res = (op as { responses: Responses }).responses;
      for (const e of errors) assert.match(res[String(e.status)].description, new RegExp(`\`${e.code}\``));
    }
  }
  // Token endpoints: the gateway's Missing<field> for each body field, and their own refusals.
  const token = doc.paths["/v1.0/oauth2/accessToken"].post["x-dingtalk-errors"] as ErrorItem[];
  assert.deepEqual(
    token.map((e) => e.code),
    [
      "invalidClientIdOrSecret",
      "Missingbody",
      "MissingappKey",
      "MissingappSecret",
      "RequestEntityTooLarge",
      "systemError",
    ],
  );
});

test("DingTalk operations and the control plane are separate tag groups", async () => {
  const doc = (await ctx.app.inject({ method: "GET", url: "/openapi.json" })).json();
  const groups = doc["x-tagGroups"] as { name: string; tags: string[] }[];
  assert.deepEqual(
    groups.map((g) => g.name),
    ["DingTalk Open API", "vconf control plane"],
  );
  const [dingtalk, control] = groups;
  assert.deepEqual(
    (doc.tags as { name: string }[]).map((t) => t.name),
    [...dingtalk.tags, ...control.tags],
  );
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const op of Object.values(methods)) {
      const tags = (op as { tags: string[] }).tags;
      const group = path.startsWith("/v1.0/") ? dingtalk : control;
      assert.ok(tags.length > 0 && tags.every((t) => group.tags.includes(t)), `${path}: ${tags}`);
    }
  }
});

test("/docs is Swagger UI served from the package: local assets, nothing fetched from elsewhere", async () => {
  const page = await ctx.app.inject({ method: "GET", url: "/docs" });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers["content-type"] as string, /^text\/html/);
  assert.match(page.body, /<title>vconf API reference<\/title>/);
  const csp = page.headers["content-security-policy"] as string;
  assert.match(csp, /default-src 'self'/);
  assert.doesNotMatch(csp, /https?:/, "the page may load nothing from another origin");
  const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(assets.length >= 4, `assets: ${assets}`);
  for (const asset of assets) {
    assert.match(asset, /^\/docs\//, `${asset} is served by vconf`);
    const res = await ctx.app.inject({ method: "GET", url: asset });
    assert.equal(res.statusCode, 200, `${asset}: ${res.statusCode}`);
    assert.ok(res.rawPayload.length > 0, `${asset} has content`);
  }
  const init = (await ctx.app.inject({ method: "GET", url: "/docs/static/swagger-initializer.js" })).body;
  assert.match(init, /validatorUrl: null/, "no online validator");
  assert.match(init, /resolveUrl\('\.\/json'\)/, "the document comes from the server itself");
  const served = (await ctx.app.inject({ method: "GET", url: "/docs/json" })).json();
  const own = (await ctx.app.inject({ method: "GET", url: "/openapi.json" })).json();
  assert.deepEqual(served, own);
  // Neither the page nor its assets are journaled.
  const journal = await ctx.app.inject({
    method: "GET",
    url: "/_vconf/v1/requests",
    headers: { "x-vconf-admin-key": "test-admin-key" },
  });
  assert.ok(!journal.json().entries.some((e: { path: string }) => e.path.startsWith("/docs")));
});
