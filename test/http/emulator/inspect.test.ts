import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import {
  api,
  buildTestApp,
  control,
  createConference,
  expectError,
  expectOk,
  type TestContext,
  tokenFor,
} from "../../helpers/app.js";

let ctx: TestContext;
afterEach(() => ctx?.close());

const list = async (query = "") =>
  expectOk(await control(ctx.app).call("GET", `/_vconf/v1/conferences${query}`));

test("conferences are listed newest first, by org and by live or ended, with member counts", async () => {
  ctx = await buildTestApp();
  const acme = await tokenFor(ctx.app);
  const first = await createConference(ctx.app, acme, ["union-bob"]);
  ctx.clock.advance(1000);
  const second = await createConference(ctx.app, acme);
  ctx.clock.advance(1000);
  const globex = expectOk(
    await api(ctx.app, await tokenFor(ctx.app, "globex-app")).create({
      userId: "union-gina",
      confTitle: "G",
    }),
  ).conferenceId;
  expectOk(await control(ctx.app).join(first, "union-bob"));
  ctx.clock.advance(1000);
  expectOk(await api(ctx.app, acme).close(second, "union-alice"));

  assert.deepEqual(
    (await list()).conferences.map((c: { conferenceId: string }) => c.conferenceId),
    [globex, second, first],
  );
  const live = await list("?corpId=dingcorp-acme&status=live");
  assert.deepEqual(live, {
    conferences: [
      {
        conferenceId: first,
        corpId: "dingcorp-acme",
        title: "Weekly sync",
        status: 2,
        startTime: ctx.clock.now() - 3000,
        creatorId: "union-alice",
        creatorApp: "acme-app",
        memberCount: 2,
        onlineCount: 1,
      },
    ],
  });
  const ended = (await list("?corpId=dingcorp-acme&status=ended")).conferences;
  assert.deepEqual(
    ended.map((c: Record<string, unknown>) => [c.conferenceId, c.status, c.endTime]),
    [[second, 1, ctx.clock.now()]],
  );
});

test("the listing pages with limit and nextToken and ends without one", async () => {
  ctx = await buildTestApp();
  const token = await tokenFor(ctx.app);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    ids.unshift(await createConference(ctx.app, token));
    ctx.clock.advance(10);
  }
  const seen: string[] = [];
  let next: string | undefined;
  let pages = 0;
  do {
    const page = await list(`?limit=2${next ? `&nextToken=${next}` : ""}`);
    seen.push(...page.conferences.map((c: { conferenceId: string }) => c.conferenceId));
    next = page.nextToken;
    pages++;
  } while (next);
  assert.deepEqual(seen, ids);
  assert.equal(pages, 3);
});

test("bad listing queries are refused and an unknown org is not found", async () => {
  ctx = await buildTestApp();
  expectError(await control(ctx.app).call("GET", "/_vconf/v1/conferences?status=open"), 400, "paramsError");
  expectError(await control(ctx.app).call("GET", "/_vconf/v1/conferences?limit=0"), 400, "paramsError");
  expectError(await control(ctx.app).call("GET", "/_vconf/v1/conferences?limit=201"), 400, "paramsError");
  expectError(await control(ctx.app).call("GET", "/_vconf/v1/conferences?limit=-1"), 400, "paramsError");
  expectError(await control(ctx.app).call("GET", "/_vconf/v1/conferences?nextToken=x"), 400, "paramsError");
  expectError(await control(ctx.app).call("GET", "/_vconf/v1/conferences?other=1"), 400, "paramsError");
  expectError(
    await control(ctx.app).call("GET", "/_vconf/v1/conferences?corpId=dingcorp-nope"),
    404,
    "vconf.NotFound",
  );
  const res = await ctx.app.inject({ method: "GET", url: "/_vconf/v1/conferences" });
  expectError(res, 401, "vconf.AdminKeyRequired");
});

test("one conference shows its settings and the roster with mic, camera and times", async () => {
  ctx = await buildTestApp();
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, ["union-bob", "union-carol"]);
  ctx.clock.advance(500);
  expectOk(await control(ctx.app).join(id, "union-bob", { deviceType: "ios", micStatus: 1 }));
  expectOk(await api(ctx.app, token).cohosts(id, { action: "add", userList: [{ unionId: "union-bob" }] }));
  expectOk(
    await api(ctx.app, token).call("POST", `/v1.0/conference/videoConferences/${id}/lock`, {
      action: "lock",
    }),
  );
  const joined = ctx.clock.now();
  ctx.clock.advance(500);

  const body = expectOk(await control(ctx.app).call("GET", `/_vconf/v1/conferences/${id}`));
  assert.equal(body.conference.locked, true);
  assert.equal(body.conference.muteAll, false);
  assert.equal(body.conference.memberCount, 3);
  assert.equal(body.conference.onlineCount, 1);
  assert.equal(body.nextToken, undefined);
  assert.deepEqual(
    body.members.map((m: Record<string, unknown>) => [
      m.unionId,
      m.host,
      m.coHost,
      m.attendStatus,
      m.micStatus,
    ]),
    [
      ["union-alice", true, false, 2, 0],
      ["union-bob", false, true, 3, 1],
      ["union-carol", false, false, 1, 0],
    ],
  );
  const bob = body.members[1];
  assert.equal(bob.joinTime, joined);
  assert.equal(bob.cameraStatus, 2);
  assert.equal(bob.deviceType, "ios");
  assert.equal(bob.leaveTime, undefined);

  const page = expectOk(await control(ctx.app).call("GET", `/_vconf/v1/conferences/${id}?limit=2`));
  assert.equal(page.members.length, 2);
  assert.equal(page.nextToken, "2");
  const rest = expectOk(
    await control(ctx.app).call("GET", `/_vconf/v1/conferences/${id}?limit=2&nextToken=2`),
  );
  assert.deepEqual(
    rest.members.map((m: { unionId: string }) => m.unionId),
    ["union-carol"],
  );
  assert.equal(rest.nextToken, undefined);
});

test("an unknown conference is not found; a bad member page is refused", async () => {
  ctx = await buildTestApp();
  expectError(await control(ctx.app).call("GET", "/_vconf/v1/conferences/nope"), 404, "vconf.NotFound");
  const id = await createConference(ctx.app, await tokenFor(ctx.app));
  expectError(
    await control(ctx.app).call("GET", `/_vconf/v1/conferences/${id}?limit=1001`),
    400,
    "paramsError",
  );
  expectError(await control(ctx.app).call("GET", `/_vconf/v1/conferences/${id}?limit=0`), 400, "paramsError");
});
