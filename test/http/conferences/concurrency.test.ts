/**
 * Concurrent calls on one app, on whichever backend VCONF_TEST_STORE names: the answers are those of
 * some serial order (no lost update, the co-host cap holds, one internal-app token while valid).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { api, control, createConference, expectOk, useTestApp } from "../../helpers/app.js";

const ctx = useTestApp({ maxCoHosts: 2 });

test("concurrent token requests for one app all get the same token", async () => {
  const answers = await Promise.all(
    Array.from({ length: 12 }, () =>
      ctx.app.inject({
        method: "POST",
        url: "/v1.0/oauth2/accessToken",
        payload: { appKey: "acme-app", appSecret: "acme-secret" },
      }),
    ),
  );
  const tokens = new Set(answers.map((res) => expectOk(res).accessToken));
  assert.equal(tokens.size, 1);
});

test("concurrent co-host adds stop exactly at the cap, each recorded once", async () => {
  const token = expectOk(
    await ctx.app.inject({
      method: "POST",
      url: "/v1.0/oauth2/accessToken",
      payload: { appKey: "acme-app", appSecret: "acme-secret" },
    }),
  ).accessToken;
  const id = await createConference(ctx.app, token);
  const people = ["union-bob", "union-carol", "union-dave", "union-erin"];
  const answers = await Promise.all(
    people.map((unionId) => api(ctx.app, token).cohosts(id, { action: "add", userList: [{ unionId }] })),
  );
  const ok = answers.filter((r) => r.statusCode === 200);
  assert.equal(ok.length, 2, answers.map((r) => r.body).join("\n"));
  for (const r of answers.filter((r) => r.statusCode !== 200)) {
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, "paramsError");
  }
  const members = expectOk(await api(ctx.app, token).members(id)).memberModels as {
    unionId: string;
    coHost: boolean;
  }[];
  assert.equal(members.filter((m) => m.coHost).length, 2);
  const audit = expectOk(await control(ctx.app).audit(id)).entries as { operation: string; target: string }[];
  const added = audit.filter((e) => e.operation === "Cohosts").map((e) => e.target);
  assert.deepEqual(
    added.sort(),
    members
      .filter((m) => m.coHost)
      .map((m) => m.unionId)
      .sort(),
  );
});
