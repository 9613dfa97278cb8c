/**
 * Bounded inputs (issue 9 item 6): every list in a body has a maxItems, ids and names a maxLength, bodies a
 * nesting depth, and a conference at most VCONF_MAX_MEMBERS members. Each refusal is the endpoint's 400
 * code and changes nothing (the snapshot before and after are equal), also under concurrent requests.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import {
  ADMIN_KEY,
  api,
  freshApps,
  CONF,
  control,
  createConference,
  expectError,
  expectOk,
  seedUsers,
  type TestContext,
  tokenFor,
  snapshotOf,
} from "../helpers/app.js";

const fresh = freshApps();
const snapshot = async (ctx: TestContext) => JSON.stringify(await snapshotOf(ctx.app));

/** Asserts that `send` is refused with `status`/`code`/`message` and leaves the whole state as it was. */
async function refusedUnchanged(
  ctx: TestContext,
  send: () => Promise<LightMyRequestResponse>,
  status: number,
  code: string,
  message: string | RegExp,
) {
  const before = await snapshot(ctx);
  expectError(await send(), status, code, message);
  assert.equal(await snapshot(ctx), before, "a refused request changed the state");
}

const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

test("every list in a body has a bound: one entry over it is the endpoint's 400 and changes nothing", async () => {
  const ctx = await fresh();
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, ["union-bob"]);
  const a = api(ctx.app, token);
  const users = (n: number) => many(n, (i) => ({ unionId: `union-${i}` }));
  const cases: [string, () => Promise<LightMyRequestResponse>, string, RegExp][] = [
    [
      "create inviteUserIds",
      () => a.create({ userId: "union-alice", confTitle: "t", inviteUserIds: many(501, (i) => `u${i}`) }),
      "paramsError",
      /^error:inviteUserIds must have at most 500 entries$/,
    ],
    [
      "co-host userList",
      () => a.cohosts(id, { action: "add", userList: users(501) }),
      "paramsError",
      /^error:userList must have at most 500 entries$/,
    ],
    [
      "invite inviteeList",
      () => a.call("POST", `${CONF}/${id}/users/invite`, { inviteeList: users(501) }),
      "paramsError",
      /^error:inviteeList must have at most 500 entries$/,
    ],
    [
      "invite phoneInviteeList",
      () =>
        a.call("POST", `${CONF}/${id}/users/invite`, {
          phoneInviteeList: many(501, (i) => ({ phoneNumber: `+86 138 0000 ${1000 + i}`, nick: "p" })),
        }),
      "paramsError",
      /^error:phoneInviteeList must have at most 500 entries$/,
    ],
    [
      "kick userList",
      () => a.call("POST", `${CONF}/${id}/members/kick`, { userList: users(501) }),
      "paramsError",
      /^error:userList must have at most 500 entries$/,
    ],
    [
      "mute userList",
      () => a.call("POST", `${CONF}/${id}/members/mute`, { action: "mute", userList: users(501) }),
      "paramsError",
      /^error:userList must have at most 500 entries$/,
    ],
    [
      "batch query conferenceIdList",
      () => a.call("POST", `${CONF}/query`, { conferenceIdList: many(5001, () => id) }),
      "paramError",
      /^PARAM ERROR: conferenceIdList must have at most 5000 entries$/,
    ],
    [
      "faults",
      () =>
        control(ctx.app).call("PUT", "/_vconf/v1/faults", { faults: many(1001, () => ({ operation: "X" })) }),
      "paramsError",
      /^error:faults must have at most 1000 entries$/,
    ],
    [
      "seed users",
      () =>
        control(ctx.app).call("POST", "/_vconf/v1/seed", {
          orgs: [
            { corpId: "c", name: "C", apps: [{ appKey: "k", appSecret: "s", scopes: many(101, String) }] },
          ],
        }),
      "paramsError",
      /orgs\/0\/apps\/0\/scopes/,
    ],
    [
      "app scopes",
      () =>
        control(ctx.app).call("POST", "/_vconf/v1/apps/acme-app/scopes", {
          grant: many(101, (i) => `s${i}`),
        }),
      "paramsError",
      /^error:grant must have at most 100 entries$/,
    ],
  ];
  for (const [what, send, code, message] of cases) {
    await refusedUnchanged(ctx, send, 400, code, message).catch((e) => assert.fail(`${what}: ${e.message}`));
  }
  // At the bound itself the lists are accepted (the schema is not what refuses them).
  expectError(await a.cohosts(id, { action: "add", userList: users(500) }), 400, "unknownUserError");
});

test("ids and names have a length bound", async () => {
  const ctx = await fresh();
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  const a = api(ctx.app, token);
  const long = "u".repeat(129);
  await refusedUnchanged(
    ctx,
    () => a.cohosts(id, { action: "add", userList: [{ unionId: long }] }),
    400,
    "paramsError",
    "error:userList[0].unionId must NOT have more than 128 characters",
  );
  await refusedUnchanged(
    ctx,
    () =>
      a.call("POST", `${CONF}/${id}/users/invite`, {
        phoneInviteeList: [{ phoneNumber: "+86 138 0000 0000", nick: "n".repeat(257) }],
      }),
    400,
    "paramsError",
    "error:phoneInviteeList[0].nick must NOT have more than 256 characters",
  );
  await refusedUnchanged(
    ctx,
    () => control(ctx.app).call("POST", "/_vconf/v1/tokens", { appKey: "k".repeat(129) }),
    400,
    "paramsError",
    "error:appKey must NOT have more than 128 characters",
  );
  // 128 characters is still an id: the endpoint's own answer for an unknown one.
  expectError(
    await a.cohosts(id, { action: "add", userList: [{ unionId: "u".repeat(128) }] }),
    400,
    "unknownUserError",
  );
});

test("a body nested too deeply is the route's own invalid-input answer on every kind of route", async () => {
  const ctx = await fresh();
  const token = await tokenFor(ctx.app);
  const deep = `{"x":${"[".repeat(5000)}${"]".repeat(5000)}}`;
  const send = (url: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/json", ...headers },
      payload: deep,
    });
  const auth = { "x-acs-dingtalk-access-token": token };
  await refusedUnchanged(ctx, () => send(CONF, auth), 400, "paramsError", /nested deeper than 64 levels/);
  await refusedUnchanged(
    ctx,
    () => send(`${CONF}/query`, auth),
    400,
    "paramError",
    "PARAM ERROR: body is nested deeper than 64 levels",
  );
  await refusedUnchanged(ctx, () => send("/v1.0/oauth2/accessToken"), 400, "Missingbody", /body/);
  await refusedUnchanged(
    ctx,
    () => send("/_vconf/v1/seed", { "x-vconf-admin-key": ADMIN_KEY }),
    400,
    "paramsError",
    /nested deeper/,
  );
});

test("VCONF_MAX_MEMBERS: every call that adds members stops at the cap and changes nothing", async () => {
  const ctx = await fresh({ maxMembers: 4 });
  const token = await tokenFor(ctx.app);
  const a = api(ctx.app, token);
  const limit = "error:member limit 4 reached";
  const four = ["union-bob", "union-carol", "union-dave", "union-erin"];
  await refusedUnchanged(
    ctx,
    () => a.create({ userId: "union-alice", confTitle: "t", inviteUserIds: four }),
    400,
    "paramsError",
    limit,
  );
  const id = await createConference(ctx.app, token, ["union-bob", "union-carol"]); // 3 members
  const invite = (body: object) => a.call("POST", `${CONF}/${id}/users/invite`, body);
  await refusedUnchanged(
    ctx,
    () => invite({ inviteeList: [{ unionId: "union-dave" }, { unionId: "union-erin" }] }),
    400,
    "paramsError",
    limit,
  );
  expectOk(await invite({ inviteeList: [{ unionId: "union-dave" }] })); // 4: at the cap
  const refused: [string, () => Promise<LightMyRequestResponse>][] = [
    ["invite", () => invite({ inviteeList: [{ unionId: "union-erin" }] })],
    ["phone invite", () => invite({ phoneInviteeList: [{ phoneNumber: "+86 138 0000 0000", nick: "P" }] })],
    [
      "co-host add of a non-member",
      () => a.cohosts(id, { action: "add", userList: [{ unionId: "union-erin" }] }),
    ],
    ["join of a non-member", () => control(ctx.app).join(id, "union-erin")],
  ];
  for (const [what, send] of refused) {
    await refusedUnchanged(ctx, send, 400, "paramsError", limit).catch((e) =>
      assert.fail(`${what}: ${e.message}`),
    );
  }
  // Members already there are not new: re-inviting, promoting and joining them still work at the cap.
  expectOk(await control(ctx.app).join(id, "union-bob"));
  expectOk(await control(ctx.app).leave(id, "union-bob"));
  expectOk(await invite({ inviteeList: [{ unionId: "union-bob" }, { unionId: "union-carol" }] }));
  expectOk(await a.cohosts(id, { action: "add", userList: [{ unionId: "union-dave" }] }));
  expectOk(await control(ctx.app).join(id, "union-carol"));
  const members = expectOk(await a.members(id));
  assert.equal(members.totalCount, 4);
});

test("concurrent adds stop exactly at the member cap", async () => {
  const ctx = await fresh({ maxMembers: 6 });
  const token = await tokenFor(ctx.app);
  const people = await seedUsers(
    ctx.app,
    many(20, (i) => `p${i}`),
  );
  const id = await createConference(ctx.app, token, ["union-bob"]); // 2 members: room for 4
  const a = api(ctx.app, token);
  const answers = await Promise.all(
    people.map((unionId, i) => {
      switch (i % 3) {
        case 0:
          return a.call("POST", `${CONF}/${id}/users/invite`, { inviteeList: [{ unionId }] });
        case 1:
          return a.cohosts(id, { action: "add", userList: [{ unionId }] });
        default:
          return control(ctx.app).join(id, unionId);
      }
    }),
  );
  const ok = answers.filter((r) => r.statusCode === 200).length;
  for (const r of answers.filter((r) => r.statusCode !== 200)) {
    expectError(r, 400, "paramsError", "error:member limit 6 reached");
  }
  assert.equal(ok, 4, "exactly the room left was filled");
  const members = expectOk(await a.members(id));
  assert.equal(members.totalCount, 6);
  // Each admitted member was recorded once in the change log.
  const audit = expectOk(await control(ctx.app).audit(id)).entries as { target: string }[];
  const added = new Set(audit.map((e) => e.target).filter((t) => people.includes(t)));
  assert.equal(added.size, 4);
});
