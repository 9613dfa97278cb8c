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

test("/docs is a self-contained page listing every operation", async () => {
  const res = await ctx.app.inject({ method: "GET", url: "/docs" });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers["content-type"] as string, /^text\/html/);
  const doc = (await ctx.app.inject({ method: "GET", url: "/openapi.json" })).json();
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const op of Object.values(methods)) {
      assert.ok(res.body.includes(`id="${op.operationId}"`), `${op.operationId} has a section`);
      assert.ok(res.body.includes(`<code>${path}</code>`), `${path} is shown`);
    }
  }
  assert.match(res.body, /with scope VideoConference\.Conference\.Write/);
  assert.match(res.body, /<code>userList\[\]\.unionId<\/code>/, "nested request fields are listed");
  assert.doesNotMatch(res.body, /<script|https?:\/\/(?!127\.0\.0\.1)[a-z]/i, "no scripts, nothing fetched");
});
