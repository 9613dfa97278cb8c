import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { buildTestApp, control, expectOk, type TestContext } from "../../helpers/app.js";

let ctx: TestContext;
afterEach(() => ctx?.close());

test("the console is served by vconf itself, without the admin key, and is not journaled", async () => {
  ctx = await buildTestApp();
  const bare = await ctx.app.inject({ method: "GET", url: "/console" });
  assert.equal(bare.statusCode, 301);
  assert.equal(bare.headers.location, "/console/");

  const page = await ctx.app.inject({ method: "GET", url: "/console/" });
  assert.equal(page.statusCode, 200, "built by npm run build (pretest)");
  assert.match(String(page.headers["content-type"]), /^text\/html/);
  // Only local assets: nothing fetched from another host.
  const refs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(refs, ["data:,", "/console/console.css", "/console/console.js"]);
  for (const asset of ["/console/console.js", "/console/console.css"]) {
    const res = await ctx.app.inject({ method: "GET", url: asset });
    assert.equal(res.statusCode, 200, asset);
    assert.ok(res.body.length > 1000, `${asset} has content`);
  }
  const missing = await ctx.app.inject({ method: "GET", url: "/console/nope.js" });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, "InvalidAction.NotFound");

  const { entries } = expectOk(await control(ctx.app).call("GET", "/_vconf/v1/requests"));
  assert.deepEqual(
    entries.map((e: { path: string }) => e.path),
    ["/console/nope.js"],
    "the console's files are not journaled; an unknown path is, as anywhere",
  );
});
