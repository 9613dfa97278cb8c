import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ADMIN_KEY,
  api,
  freshApps,
  CONF,
  control,
  createConference,
  expectError,
  expectOk,
  type TestContext,
  tokenFor,
  snapshotOf,
} from "../../helpers/app.js";
import type { Snapshot } from "../../../src/schemas/emulator/snapshot.js";

const fresh = freshApps();
const snapshot = async (ctx: TestContext) => await snapshotOf(ctx.app);
const putSnapshot = (ctx: TestContext, doc: unknown) =>
  control(ctx.app).call("PUT", "/_vconf/v1/snapshot", doc);

/** A busy state: two orgs, a suite, conferences open and closed, joins, co-hosts, a kicked-out leave. */
async function busyState(ctx: TestContext) {
  const acme = await tokenFor(ctx.app);
  const globex = await tokenFor(ctx.app, "globex-app");
  const suite = expectOk(
    await control(ctx.app).call("POST", "/_vconf/v1/tokens", {
      suiteKey: "suite-meetbot",
      corpId: "dingcorp-acme",
    }),
  ).accessToken as string;
  const a = await createConference(ctx.app, acme, ["union-bob", "union-carol", "union-dave"]);
  for (const u of ["union-bob", "union-carol"]) expectOk(await control(ctx.app).join(a, u));
  ctx.clock.advance(60_000);
  expectOk(await api(ctx.app, acme).cohosts(a, { action: "add", userList: [{ unionId: "union-bob" }] }));
  expectOk(await control(ctx.app).leave(a, "union-carol"));
  const b = await createConference(ctx.app, suite, ["union-erin"]);
  expectOk(await control(ctx.app).join(b, "union-erin"));
  ctx.clock.advance(30_000);
  expectOk(await api(ctx.app, suite).close(b, "union-alice"));
  const g = expectOk(
    await api(ctx.app, globex).create({
      userId: "union-gina",
      confTitle: "Globex",
      inviteUserIds: ["union-hank"],
    }),
  ).conferenceId as string;
  return { tokens: { acme, globex, suite }, conferences: [a, b, g] };
}

/** Every DingTalk query's answer (status and body) for every token and conference, and the audit logs. */
async function answers(ctx: TestContext, tokens: Record<string, string>, conferences: string[]) {
  const out: Record<string, unknown> = {};
  for (const [who, token] of Object.entries(tokens)) {
    for (const id of [...conferences, "0123456789abcdef01234567"]) {
      for (const url of [
        `${CONF}/${id}`,
        `${CONF}/${id}/members`,
        `${CONF}/${id}/members?maxResults=2&nextToken=1`,
      ]) {
        const res = await api(ctx.app, token).call("GET", url);
        const body = res.json();
        delete body.requestid;
        out[`${who} ${url}`] = [res.statusCode, body];
      }
    }
  }
  for (const id of conferences) out[`audit ${id}`] = expectOk(await control(ctx.app).audit(id));
  return out;
}

test("a snapshot imported into a new, empty store answers every DingTalk query as before", async () => {
  const first = await fresh();
  const { tokens, conferences } = await busyState(first);
  const before = await answers(first, tokens, conferences);
  const doc = await snapshot(first);
  assert.equal(doc.format, "vconf.snapshot");
  assert.equal(doc.version, 1);
  assert.equal(doc.conferences.length, 3);
  assert.ok(!JSON.stringify(doc).includes(tokens.acme), "tokens are stored only as hashes");
  assert.ok(!JSON.stringify(doc).includes("acme-secret"), "secrets are stored only as hashes");

  const second = await fresh();
  expectOk(await control(second.app).call("POST", "/_vconf/v1/reset", {}));
  second.clock.advance(first.clock.now() - second.clock.now());
  expectOk(await putSnapshot(second, doc));
  assert.deepEqual(await answers(second, tokens, conferences), before);
  assert.deepEqual(await snapshot(second), doc, "export → import → export is the identity");

  // The internal app's "same token while valid" survives: the nonce travelled with the app.
  assert.equal(await tokenFor(second.app), tokens.acme);
  // Writes keep working on the imported state (member and change numbering continue).
  const [a] = conferences;
  expectOk(
    await api(second.app, tokens.acme).cohosts(a, { action: "add", userList: [{ unionId: "union-dave" }] }),
  );
  const audit = expectOk(await control(second.app).audit(a)).entries;
  assert.deepEqual(
    audit.map((e: { seq: number }) => e.seq),
    audit.map((_: unknown, i: number) => i + 1),
  );
});

test("importing replaces the state: what the snapshot does not hold is gone", async () => {
  const ctx = await fresh();
  const empty = await snapshot(ctx);
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  expectOk(await control(ctx.app).call("POST", "/_vconf/v1/orgs", { corpId: "dingcorp-new", name: "New" }));
  expectOk(await putSnapshot(ctx, empty));
  expectError(await api(ctx.app, token).info(id), 400, "InvalidAuthentication");
  const orgs = expectOk(await control(ctx.app).call("GET", "/_vconf/v1/orgs")).orgs;
  assert.deepEqual(
    orgs.map((o: { corpId: string }) => o.corpId),
    ["dingcorp-acme", "dingcorp-globex"],
  );
  assert.deepEqual(await snapshot(ctx), empty);
});

test("a bad snapshot is refused and changes nothing", async () => {
  const ctx = await fresh();
  await busyState(ctx);
  const doc: Snapshot = await snapshot(ctx);
  const variants: [string, (d: typeof doc) => unknown, RegExp][] = [
    ["newer version", (d) => ({ ...d, version: 2 }), /snapshot version 1, not 2/],
    ["other format", (d) => ({ ...d, format: "other" }), /format/],
    ["missing table", ({ members: _m, ...d }) => d, /members is missing/],
    ["unknown table", (d) => ({ ...d, extra: [] }), /unknown field extra/],
    ["bad row", (d) => ({ ...d, orgs: [{ corpId: "x" }] }), /orgs\[0\]\.name is missing/],
    ["wrong type", (d) => ({ ...d, conferences: [{ ...d.conferences[0], status: "2" }] }), /status/],
    [
      "duplicate org",
      (d) => ({ ...d, orgs: [...d.orgs, d.orgs[0]] }),
      /orgs\[2\] repeats the corpId of orgs\[0\]/,
    ],
    [
      "user in no org",
      (d) => ({ ...d, users: [...d.users, { ...d.users[0], unionId: "u-x", corpId: "nowhere" }] }),
      /users\[\d+\]\.corpId nowhere is not an org/,
    ],
    [
      "member of no conference",
      (d) => ({ ...d, members: [...d.members, { ...d.members[0], conferenceId: "gone" }] }),
      /members\[\d+\]\.conferenceId gone is not a conference/,
    ],
    [
      "duplicate member seq",
      (d) => ({ ...d, members: [...d.members, { ...d.members[0], unionId: "union-zed" }] }),
      /members\[\d+\] repeats the conferenceId and seq of members\[0\]/,
    ],
    [
      "duplicate member",
      (d) => ({ ...d, members: [...d.members, { ...d.members[1], seq: 99 }] }),
      /members\[\d+\] repeats the conferenceId and unionId of members\[1\]/,
    ],
    [
      "conference in no org",
      (d) => ({ ...d, conferences: [{ ...d.conferences[0], corpId: "dingx" }, ...d.conferences.slice(1)] }),
      /^error:conferences\[0\]\.corpId dingx is not an org$/,
    ],
    [
      "token of no app",
      (d) => ({ ...d, tokens: d.tokens.map((t) => (t.kind === "app" ? { ...t, clientKey: "no-app" } : t)) }),
      /tokens\[\d+\]\.clientKey no-app is not an app/,
    ],
    [
      "token of no suite",
      (d) => ({
        ...d,
        tokens: d.tokens.map((t) => (t.kind === "suite" ? { ...t, clientKey: "no-suite" } : t)),
      }),
      /tokens\[\d+\]\.clientKey no-suite is not a suite/,
    ],
    [
      "app token for another org",
      (d) => ({
        ...d,
        tokens: d.tokens.map((t) => (t.clientKey === "acme-app" ? { ...t, corpId: "dingcorp-globex" } : t)),
      }),
      /tokens\[\d+\]\.corpId dingcorp-globex is not acme-app's org/,
    ],
    [
      "suite token without the authorization",
      (d) => ({ ...d, suiteAuths: [] }),
      /tokens\[\d+\]\.corpId dingcorp-acme has not authorized suite suite-meetbot/,
    ],
    [
      "change of no conference",
      (d) => ({ ...d, changes: [...d.changes, { ...d.changes[0], conferenceId: "gone" }] }),
      /changes\[\d+\]\.conferenceId gone is not a conference/,
    ],
    [
      "creator who is no member",
      (d) => ({
        ...d,
        conferences: [{ ...d.conferences[0], creatorId: "union-nobody" }, ...d.conferences.slice(1)],
      }),
      /conferences\[0\]\.creatorId union-nobody is not a member of the conference/,
    ],
    [
      "focus on no member",
      (d) => ({
        ...d,
        conferences: [{ ...d.conferences[0], focusUnionId: "union-nobody" }, ...d.conferences.slice(1)],
      }),
      /conferences\[0\]\.focusUnionId union-nobody is not a member of the conference/,
    ],
    [
      "attendStatus out of range",
      (d) => ({ ...d, members: [{ ...d.members[0], attendStatus: 9 }, ...d.members.slice(1)] }),
      /members\[0\]\.attendStatus 9 is not one of 1, 2, 3, 4, 5, 6/,
    ],
    [
      "conference status out of range",
      (d) => ({ ...d, conferences: [{ ...d.conferences[0], status: 7 }, ...d.conferences.slice(1)] }),
      /conferences\[0\]\.status 7 is not one of 0, 1, 2/,
    ],
    [
      "mic and camera out of range",
      (d) => ({
        ...d,
        members: [{ ...d.members[0], micStatus: 3, cameraStatus: -1 }, ...d.members.slice(1)],
      }),
      /members\[0\]\.micStatus 3 is not one of 0, 1, 2; members\[0\]\.cameraStatus -1 is not one of 0, 1, 2/,
    ],
    [
      "time out of the store's range",
      (d) => ({
        ...d,
        conferences: [{ ...d.conferences[0], startTime: -1, endTime: 2 ** 60 }, ...d.conferences.slice(1)],
      }),
      /conferences\[0\]\.startTime -1 is not from 0 to 9007199254740991; conferences\[0\]\.endTime \d+ is not from/,
    ],
    [
      "two hosts",
      (d) => ({
        ...d,
        members: d.members.map((m) =>
          m.conferenceId === d.members[0].conferenceId ? { ...m, host: true, coHost: false } : m,
        ),
      }),
      /members\[1\]\.host true but members\[0\] is the host/,
    ],
    [
      "a host who is co-host too",
      (d) => ({ ...d, members: d.members.map((m) => (m.host ? { ...m, coHost: true } : m)) }),
      /members\[0\]\.coHost true but the member is the host/,
    ],
    [
      "many problems",
      (d) => ({ ...d, orgs: [...d.orgs, ...Array(30).fill(d.orgs[0])] }),
      /orgs\[21\] repeats the corpId of orgs\[0\]; and 10 more$/,
    ],
    ["no body", () => undefined, /format is missing/],
  ];
  for (const [what, change, message] of variants) {
    const res = await putSnapshot(ctx, change(structuredClone(doc)));
    assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
    expectError(res, 400, "paramsError", message);
  }
  assert.deepEqual(await snapshot(ctx), doc);
});

test("a snapshot nested too deeply is refused with paramsError, not a 500, and changes nothing", async () => {
  const ctx = await fresh();
  await busyState(ctx);
  const doc = await snapshot(ctx);
  for (const depth of [65, 4_500, 100_000]) {
    const deep = "[".repeat(depth) + "1" + "]".repeat(depth);
    const change = { ...doc.changes[0], seq: 999, before: "@deep@" };
    const text = JSON.stringify({ ...doc, changes: [...doc.changes, change] }).replace('"@deep@"', deep);
    const res = await ctx.app.inject({
      method: "PUT",
      url: "/_vconf/v1/snapshot",
      headers: { "x-vconf-admin-key": ADMIN_KEY, "content-type": "application/json" },
      payload: text,
    });
    expectError(res, 400, "paramsError", "error:body is nested deeper than 64 levels");
  }
  // 64 levels is still a body (the root object is level 1).
  const ok = "[".repeat(60) + "1" + "]".repeat(60);
  const change = { ...doc.changes[0], seq: 999, before: "@deep@" };
  const text = JSON.stringify({ ...doc, changes: [...doc.changes, change] }).replace('"@deep@"', ok);
  const res = await ctx.app.inject({
    method: "PUT",
    url: "/_vconf/v1/snapshot",
    headers: { "x-vconf-admin-key": ADMIN_KEY, "content-type": "application/json" },
    payload: text,
  });
  expectOk(res);
  expectOk(await putSnapshot(ctx, doc));
  assert.deepEqual(await snapshot(ctx), doc);
});

test("a state with a deleted user (creator and members stay as history) round-trips", async () => {
  const first = await fresh();
  await busyState(first);
  for (const u of ["union-alice", "union-bob"]) {
    expectOk(await control(first.app).call("DELETE", `/_vconf/v1/users/${u}`));
  }
  const doc = await snapshot(first);
  assert.ok(!doc.users.some((u: { unionId: string }) => u.unionId === "union-alice"));
  assert.ok(doc.conferences.some((c: { creatorId: string }) => c.creatorId === "union-alice"));
  const second = await fresh();
  expectOk(await putSnapshot(second, doc));
  assert.deepEqual(await snapshot(second), doc);
});

test("snapshots need the admin key", async () => {
  const ctx = await fresh();
  const doc = await snapshot(ctx);
  for (const headers of [{}, { "x-vconf-admin-key": `${ADMIN_KEY}-wrong` }]) {
    expectError(
      await ctx.app.inject({ method: "GET", url: "/_vconf/v1/snapshot", headers }),
      401,
      "vconf.AdminKeyRequired",
    );
    expectError(
      await ctx.app.inject({ method: "PUT", url: "/_vconf/v1/snapshot", headers, payload: doc }),
      401,
      "vconf.AdminKeyRequired",
    );
  }
});
