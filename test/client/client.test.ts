import assert from "node:assert/strict";
import { test } from "node:test";
import { VconfApiError, VconfClient } from "../../src/client/index.js";
import { toApiError } from "../../src/client/errors.js";
import { ADMIN_KEY, useTestApp } from "../helpers/app.js";

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

let url: string;
/** No credentials; `admin` has the admin key; `acme` acts as acme-app. */
let bare: VconfClient;
let admin: VconfClient;
let acme: VconfClient;

useTestApp({ per: "file", listen: true }, async (live) => {
  url = live.url;
  bare = new VconfClient({ url });
  admin = new VconfClient({ url, adminKey: ADMIN_KEY });
  acme = await bare.useApp("acme-app", "acme-secret");
});

/** Awaits `p`, expecting a VconfApiError with `status` and `code`; returns it. */
async function apiError(p: Promise<unknown>, status: number, code: string): Promise<VconfApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof VconfApiError, `expected VconfApiError, got ${String(e)}`);
    assert.ok(e instanceof Error);
    assert.equal(e.status, status, `status of ${JSON.stringify(e)}`);
    assert.equal(e.code, code, `code of ${JSON.stringify(e)}`);
    assert.match(e.requestid, REQUEST_ID);
    assert.equal(typeof e.message, "string");
    return e;
  }
  assert.fail(`expected ${status} ${code}, the call succeeded`);
}

test("getAccessToken answers the same token while it is valid; a wrong secret is invalidClientIdOrSecret", async () => {
  const a = await bare.getAccessToken({ appKey: "acme-app", appSecret: "acme-secret" });
  assert.match(a.accessToken, /^[0-9a-f]{32}$/);
  assert.equal(a.expireIn, 7200);
  const b = await bare.getAccessToken({ appKey: "acme-app", appSecret: "acme-secret" });
  assert.equal(b.accessToken, a.accessToken);
  const e = await apiError(
    bare.getAccessToken({ appKey: "acme-app", appSecret: "wrong" }),
    400,
    "invalidClientIdOrSecret",
  );
  assert.equal(e.message, "无效的clientId或者clientSecret");
});

test("getCorpAccessToken and getToken issue tokens that act in the org", async () => {
  const corp = await bare.getCorpAccessToken({
    suiteKey: "suite-meetbot",
    suiteSecret: "meetbot-secret",
    authCorpId: "dingcorp-acme",
    suiteTicket: "ticket-1",
  });
  assert.equal(corp.expireIn, 7200);
  const created = await bare
    .withAccessToken(corp.accessToken)
    .createVideoConference({ userId: "union-alice", confTitle: "Suite sync" });
  assert.match(created.conferenceId, /^[0-9a-f]{24}$/);

  const cc = await bare.getToken("dingcorp-acme", {
    client_id: "acme-app",
    client_secret: "acme-secret",
    grant_type: "client_credentials",
  });
  assert.equal(cc.expires_in, 7200);
  const info = await bare.withAccessToken(cc.access_token).queryConferenceInfo(created.conferenceId);
  assert.equal(info.confInfo.title, "Suite sync");

  await apiError(
    bare.getCorpAccessToken({
      suiteKey: "suite-meetbot",
      suiteSecret: "meetbot-secret",
      authCorpId: "dingcorp-globex",
      suiteTicket: "ticket-1",
    }),
    400,
    "invalidAuthInfo",
  );
  await apiError(
    bare.getToken("dingcorp-globex", {
      client_id: "acme-app",
      client_secret: "acme-secret",
      grant_type: "client_credentials",
    }),
    401,
    "unauthorized.client",
  );
});

test("the co-host flow through the client: create, join, cohosts, members, audit, leave, close", async () => {
  const created = await acme.createVideoConference({
    userId: "union-alice",
    confTitle: "Client sync",
    inviteUserIds: ["union-bob", "union-carol"],
  });
  const id = created.conferenceId;
  assert.match(created.conferencePassword, /^\d{10}$/);

  assert.deepEqual(await admin.join(id, "union-bob", { deviceType: "mac" }), { joined: true });
  assert.deepEqual(await acme.setCoHosts(id, "add", ["union-bob", "union-carol"]), { success: true });

  const page = await acme.queryConferenceMembers(id, { maxResults: 2 });
  assert.equal(page.memberModels.length, 2);
  assert.equal(page.totalCount, 3);
  assert.ok(page.nextToken, "a second page");
  const all = await acme.allConferenceMembers(id, 1);
  assert.equal(all.totalCount, 3);
  const byId = new Map(all.memberModels.map((m) => [m.unionId, m]));
  assert.deepEqual([...byId.keys()].sort(), ["union-alice", "union-bob", "union-carol"]);
  assert.equal(byId.get("union-alice")!.host, true);
  assert.equal(byId.get("union-bob")!.coHost, true);
  assert.equal(byId.get("union-bob")!.attendStatus, 3);
  assert.equal(byId.get("union-carol")!.coHost, true);
  assert.equal(byId.get("union-carol")!.attendStatus, 1);

  assert.deepEqual(await acme.cohosts(id, { action: "remove", userList: [{ unionId: "union-carol" }] }), {
    success: true,
  });
  const audit = await admin.audit(id);
  const cohostChanges = audit.entries.filter((e) => e.operation === "Cohosts").map((e) => e.target);
  assert.deepEqual(cohostChanges, ["union-bob", "union-carol", "union-carol"]);

  assert.deepEqual(await admin.leave(id, "union-bob"), { left: true });
  const info = await acme.queryConferenceInfo(id);
  assert.equal(info.confInfo.activeNum, 0);
  assert.equal(info.confInfo.attendNum, 1);

  await apiError(acme.closeVideoConference(id, "union-bob"), 400, "permissionError");
  assert.deepEqual(await acme.closeVideoConference(id, "union-alice"), { code: 200, cause: "success" });
  assert.equal((await acme.queryConferenceInfo(id)).confInfo.status, 1);
  await apiError(acme.closeVideoConference(id, "union-alice"), 400, "resourceClose");
});

test("DingTalk errors arrive as VconfApiError with code, status, requestid and accessdenieddetail", async () => {
  const id = (await acme.createVideoConference({ userId: "union-alice", confTitle: "Errors" })).conferenceId;

  const unknown = await apiError(
    acme.setCoHosts(id, "add", ["union-bob", "union-nobody"]),
    400,
    "unknownUserError",
  );
  assert.equal(unknown.message, "unknownUserError");
  const members = await acme.queryConferenceMembers(id);
  assert.equal(members.memberModels.filter((m) => m.coHost).length, 0, "the failed call changed nothing");

  const missing = await apiError(bare.queryConferenceInfo(id), 400, "AuthenticationFailed.MissingParameter");
  assert.equal(missing.message, "缺少参数：x-acs-dingtalk-access-token");
  await apiError(bare.withAccessToken("0".repeat(32)).queryConferenceInfo(id), 400, "InvalidAuthentication");

  const reader = await bare.useApp("acme-reader", "reader-secret");
  const denied = await apiError(
    reader.createVideoConference({ userId: "union-alice", confTitle: "Nope" }),
    403,
    "Forbidden.AccessDenied.AccessTokenPermissionDenied",
  );
  assert.deepEqual(denied.accessdenieddetail, { requiredScopes: ["VideoConference.Conference.Write"] });
  assert.deepEqual(denied.toJSON().accessdenieddetail, denied.accessdenieddetail);

  await apiError(acme.queryConferenceInfo("0123456789abcdef01234567"), 404, "roomNotFound");
  const empty = await apiError(acme.setCoHosts("", "add", ["union-bob"]), 400, "paramsError");
  assert.equal(empty.message, "error:conferenceId is missing");
  const globex = await bare.useApp("globex-app", "globex-secret");
  await apiError(globex.queryConferenceInfo(id), 403, "noPermission");
});

test("host controls through the client: mute, mute all, unmute, focus, lock, invite, settings, kick, reads", async () => {
  const id = (await acme.createVideoConference({ userId: "union-alice", confTitle: "Controls" }))
    .conferenceId;
  for (const u of ["union-alice", "union-bob", "union-carol"]) await admin.join(id, u);
  const mics = async () => {
    const { infos } = await acme.queryConferenceInfoBatch([id]);
    assert.equal(infos.length, 1);
    return {
      media: infos[0].mediaStatus,
      mic: new Map(infos[0].userList.map((u) => [u.userId, u.micStatus])),
    };
  };
  assert.equal((await mics()).mic.get("union-bob"), 2, "joining turns the mic on");

  assert.deepEqual(await acme.muteMembers(id, { action: "mute", userList: [{ unionId: "union-bob" }] }), {
    success: true,
  });
  assert.equal((await mics()).mic.get("union-bob"), 1);
  assert.deepEqual(await admin.unmute(id, "union-bob"), { micStatus: 2 });

  assert.deepEqual(await acme.muteAll(id, { action: "mute", forceMute: true }), { success: true });
  const forced = await mics();
  assert.equal(forced.media, 4);
  assert.equal(forced.mic.get("union-carol"), 1);
  assert.equal(forced.mic.get("union-alice"), 2, "the host keeps the mic");
  await apiError(admin.unmute(id, "union-carol"), 403, "unmuteRefused");
  await acme.muteAll(id, { action: "un_mute" });
  assert.equal((await mics()).media, 0);

  assert.deepEqual(await acme.focus(id, { action: "focus", unionId: "union-bob" }), { success: true });
  const notIn = await apiError(
    acme.focus(id, { action: "focus", unionId: "union-dave" }),
    400,
    "paramsError",
  );
  assert.equal(notIn.message, "error:union-dave is not in the meeting");

  assert.deepEqual(await acme.lockConference(id, { action: "lock" }), { success: true });
  await apiError(admin.join(id, "union-dave"), 403, "joinRefused");
  await acme.lockConference(id, { action: "unlock" });

  assert.deepEqual(
    await acme.inviteUsers(id, {
      unionId: "union-alice",
      inviteeList: [{ unionId: "union-erin", nick: "E" }],
    }),
    { success: true },
  );
  const erin = (await acme.allConferenceMembers(id)).memberModels.find((mm) => mm.unionId === "union-erin");
  assert.equal(erin?.attendStatus, 1);

  assert.deepEqual(await acme.updateVideoConferenceSetting(id, { lockConference: true }), {
    case: "success",
    code: "200",
  });
  await apiError(admin.join(id, "union-erin"), 403, "joinRefused");
  await acme.updateVideoConferenceSetting(id, { lockConference: false });

  const ongoing = await acme.queryUserOnGoingConference("union-carol");
  assert.ok(ongoing.onGoingConfIdList.includes(id));
  assert.equal(ongoing.memberModelMap[id].attendStatus, 3);

  assert.deepEqual(
    await acme.kickMembers(id, { userList: [{ unionId: "union-carol" }], forbiddenRejoin: true }),
    {
      success: true,
    },
  );
  const carol = (await acme.allConferenceMembers(id)).memberModels.find((mm) => mm.unionId === "union-carol");
  assert.equal(carol?.attendStatus, 5);
  await apiError(admin.join(id, "union-carol"), 403, "joinRefused");
  assert.ok(!(await acme.queryUserOnGoingConference("union-carol")).onGoingConfIdList.includes(id));

  await apiError(acme.kickMembers(id, { userList: [{ unionId: "union-nobody" }] }), 400, "unknownUserError");
  await apiError(acme.queryUserOnGoingConference("union-nobody"), 400, "unknownUserError");
  await acme.closeVideoConference(id, "union-alice");
  await apiError(acme.lockConference(id, { action: "lock" }), 400, "confClosed");
});

test("the control plane needs the admin key; issueToken, seed and reset work with it", async () => {
  await apiError(bare.issueToken({ appKey: "acme-app" }), 401, "vconf.AdminKeyRequired");
  await apiError(
    new VconfClient({ url, adminKey: "wrong-admin-key" }).reset(),
    401,
    "vconf.AdminKeyRequired",
  );
  await apiError(admin.issueToken({ appKey: "no-such-app" }), 404, "vconf.NotFound");

  const issued = await admin.issueToken({ appKey: "acme-app" });
  assert.match(issued.accessToken, /^[0-9a-f]{32}$/);
  const viaControl = await admin.useApp("acme-app");
  const id = (await viaControl.createVideoConference({ userId: "union-alice", confTitle: "Reset me" }))
    .conferenceId;

  assert.deepEqual(
    await admin.seed({
      orgs: [
        {
          corpId: "dingcorp-initech",
          name: "Initech",
          users: [{ unionId: "union-peter", userId: "peter", name: "Peter" }],
          apps: [
            {
              appKey: "initech-app",
              appSecret: "initech-secret",
              scopes: ["VideoConference.Conference.Write", "VideoConference.Conference.Read"],
            },
          ],
        },
      ],
    }),
    { success: true },
  );
  const initech = await bare.useApp("initech-app", "initech-secret");
  const own = await initech.createVideoConference({ userId: "union-peter", confTitle: "Initech" });
  await apiError(admin.seed({ orgs: [{ corpId: "x" }] } as never), 400, "paramsError");

  assert.deepEqual(await admin.reset("dingcorp-acme"), { success: true });
  await apiError(acme.queryConferenceInfo(id), 400, "InvalidAuthentication");
  await apiError((await admin.useApp("acme-app")).queryConferenceInfo(id), 404, "roomNotFound");
  assert.equal((await initech.queryConferenceInfo(own.conferenceId)).confInfo.title, "Initech");
  await apiError(admin.reset("dingcorp-nowhere"), 404, "vconf.NotFound");
  acme = await bare.useApp("acme-app", "acme-secret");
});

test("an answer without a DingTalk envelope becomes InvalidResponse, keeping the status", () => {
  const e = toApiError(502, "<html>Bad gateway</html>", null);
  assert.equal(e.code, "InvalidResponse");
  assert.equal(e.status, 502);
  assert.match(e.message, /HTTP 502 without a DingTalk error envelope: <html>Bad gateway/);
  const enveloped = toApiError(
    400,
    JSON.stringify({ code: "confClosed", requestid: "R", message: "m" }),
    null,
  );
  assert.deepEqual(enveloped.toJSON(), { code: "confClosed", requestid: "R", message: "m" });
});
