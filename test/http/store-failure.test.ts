/** A store that cannot do its work (closed, disk, connection) answers 500 systemError, details hidden. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { api, expectError, testApp, tokenFor } from "../helpers/app.js";

test("a failing store answers 500 systemError `systemError:storage failure`", async (t) => {
  const ctx = await testApp(t);
  const token = await tokenFor(ctx.app);
  await ctx.deps.store.close();
  const res = await api(ctx.app, token).create({ userId: "union-alice", confTitle: "x" });
  expectError(res, 500, "systemError", "systemError:storage failure");
  assert.doesNotMatch(res.body, /closed|postgres|sqlite/i);
});
