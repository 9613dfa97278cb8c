import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildTestApp, control, expectOk, type TestContext } from "../helpers/app.js";
import { conference, oauth2, sdkClients, sdkError } from "../helpers/sdk.js";

let ctx: TestContext;
let port: number;

before(async () => {
  ctx = await buildTestApp();
  await ctx.app.listen({ host: "127.0.0.1", port: 0 });
  port = (ctx.app.server.address() as { port: number }).port;
});
after(() => ctx.close());

/** The SDK's `...WithOptions` header object for `H`, carrying the token. */
const auth = <T>(H: new (m: { xAcsDingtalkAccessToken: string }) => T, token: string) =>
  new H({ xAcsDingtalkAccessToken: token });

test("the official SDK runs mute-all, lock, kick with forbiddenRejoin, unlock and close", async () => {
  const { conf, oauth, runtime } = sdkClients(port);
  const token = (
    await oauth.getAccessToken(
      new oauth2.GetAccessTokenRequest({ appKey: "acme-app", appSecret: "acme-secret" }),
    )
  ).body!.accessToken!;
  const c = control(ctx.app);

  const sdk = {
    members: async (id: string) =>
      new Map(
        (
          await conf.queryConferenceMembersWithOptions(
            id,
            new conference.QueryConferenceMembersRequest({}),
            auth(conference.QueryConferenceMembersHeaders, token),
            runtime,
          )
        ).body!.memberModels!.map((m) => [m.unionId!, m]),
      ),
    batch: async (id: string) => {
      const res = await conf.queryConferenceInfoBatchWithOptions(
        new conference.QueryConferenceInfoBatchRequest({ conferenceIdList: [id] }),
        auth(conference.QueryConferenceInfoBatchHeaders, token),
        runtime,
      );
      assert.equal(res.statusCode, 200);
      const info = res.body!.infos![0];
      return { info, users: new Map(info.userList!.map((u) => [u.userId!, u])) };
    },
    ongoing: async (unionId: string) =>
      (
        await conf.queryUserOnGoingConferenceWithOptions(
          new conference.QueryUserOnGoingConferenceRequest({ unionId }),
          auth(conference.QueryUserOnGoingConferenceHeaders, token),
          runtime,
        )
      ).body!,
  };

  // create → three attendees join (control plane)
  const created = await conf.createVideoConferenceWithOptions(
    new conference.CreateVideoConferenceRequest({ userId: "union-alice", confTitle: "Host controls" }),
    auth(conference.CreateVideoConferenceHeaders, token),
    runtime,
  );
  const id = created.body!.conferenceId!;
  for (const who of ["union-alice", "union-bob", "union-carol", "union-dave"])
    expectOk(await c.join(id, who));
  let media = await sdk.batch(id);
  assert.equal(media.info.conferenceId, id);
  assert.equal(media.info.title, "Host controls");
  assert.equal(media.info.status, 2);
  assert.equal(media.info.mediaStatus, 0);
  assert.equal(typeof media.info.startTime, "number");
  assert.deepEqual(
    [...media.users.values()].map((u) => [u.userId, u.nick, u.attendStatus, u.micStatus, u.cameraStatus]),
    [
      ["union-alice", "Alice", 3, 2, 2],
      ["union-bob", "Bob", 3, 2, 2],
      ["union-carol", "Carol", 3, 2, 2],
      ["union-dave", "Dave", 3, 2, 2],
    ],
  );
  const bobsMeetings = await sdk.ongoing("union-bob");
  assert.deepEqual(bobsMeetings.onGoingConfIdList, [id]);
  assert.equal(bobsMeetings.memberModelMap![id].attendStatus, 3);
  assert.equal(bobsMeetings.memberModelMap![id].unionId, "union-bob");
  assert.equal(typeof bobsMeetings.memberModelMap![id].joinTime, "number");

  // make one co-host
  await conf.cohostsWithOptions(
    id,
    new conference.CohostsRequest({
      action: "add",
      userList: [new conference.CohostsRequestUserList({ unionId: "union-carol" })],
    }),
    auth(conference.CohostsHeaders, token),
    runtime,
  );
  assert.equal((await sdk.members(id)).get("union-carol")!.coHost, true);

  // mute all (forced)
  const muted = await conf.muteAllWithOptions(
    id,
    new conference.MuteAllRequest({ action: "mute", forceMute: true }),
    auth(conference.MuteAllHeaders, token),
    runtime,
  );
  assert.equal(muted.body!.success, true);
  media = await sdk.batch(id);
  assert.equal(media.info.mediaStatus, 4);
  assert.equal(media.users.get("union-alice")!.micStatus, 2, "the host is not muted");
  assert.equal(media.users.get("union-carol")!.micStatus, 2, "co-hosts are not muted");
  assert.equal(media.users.get("union-bob")!.micStatus, 1);
  assert.equal(media.users.get("union-dave")!.micStatus, 1);
  const refused = await c.call("POST", `/_vconf/v1/conferences/${id}/attendees/union-bob/unmute`);
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, "unmuteRefused");

  // lock
  const locked = await conf.lockConferenceWithOptions(
    id,
    new conference.LockConferenceRequest({ action: "lock" }),
    auth(conference.LockConferenceHeaders, token),
    runtime,
  );
  assert.equal(locked.body!.success, true);
  assert.equal((await c.join(id, "union-erin")).json().code, "joinRefused");

  // kick one with forbiddenRejoin
  const kicked = await conf.kickMembersWithOptions(
    id,
    new conference.KickMembersRequest({
      forbiddenRejoin: true,
      userList: [new conference.KickMembersRequestUserList({ unionId: "union-dave" })],
    }),
    auth(conference.KickMembersHeaders, token),
    runtime,
  );
  assert.equal(kicked.body!.success, true);
  const dave = (await sdk.members(id)).get("union-dave")!;
  assert.equal(dave.attendStatus, 5);
  assert.equal(typeof dave.leaveTime, "number");
  assert.deepEqual((await sdk.ongoing("union-dave")).onGoingConfIdList, []);
  assert.equal((await sdk.batch(id)).users.get("union-dave")!.attendStatus, 5);

  // unlock: others may join again, the kicked user still may not
  await conf.lockConferenceWithOptions(
    id,
    new conference.LockConferenceRequest({ action: "unlock" }),
    auth(conference.LockConferenceHeaders, token),
    runtime,
  );
  const rejoin = await c.join(id, "union-dave");
  assert.equal(rejoin.statusCode, 403);
  assert.equal(rejoin.json().code, "joinRefused");
  expectOk(await c.join(id, "union-erin"));
  media = await sdk.batch(id);
  assert.equal(media.users.get("union-erin")!.micStatus, 1, "newcomers join muted while mute-all holds");
  assert.equal(media.users.get("union-dave")!.attendStatus, 5);

  // An error answer through the SDK: kicking a user who is no longer in the meeting.
  const notIn = await sdkError(() =>
    conf.kickMembersWithOptions(
      id,
      new conference.KickMembersRequest({
        userList: [new conference.KickMembersRequestUserList({ unionId: "union-dave" })],
      }),
      auth(conference.KickMembersHeaders, token),
      runtime,
    ),
  );
  assert.equal(notIn.code, "paramsError");
  assert.equal(notIn.statusCode, 400);

  // close
  const closed = await conf.closeVideoConferenceWithOptions(
    id,
    new conference.CloseVideoConferenceRequest({ unionId: "union-alice" }),
    auth(conference.CloseVideoConferenceHeaders, token),
    runtime,
  );
  assert.equal(closed.body!.code, 200);
  assert.equal((await sdk.batch(id)).info.status, 1);
  assert.deepEqual((await sdk.ongoing("union-bob")).onGoingConfIdList, []);
  const lockClosed = await sdkError(() =>
    conf.lockConferenceWithOptions(
      id,
      new conference.LockConferenceRequest({ action: "lock" }),
      auth(conference.LockConferenceHeaders, token),
      runtime,
    ),
  );
  assert.equal(lockClosed.code, "confClosed");

  // The audit trail shows every role and host-control change, in order.
  const entries = expectOk(await c.audit(id)).entries as { operation: string; target: string }[];
  assert.deepEqual(
    entries.map((e) => `${e.operation} ${e.target === id ? "conference" : e.target}`),
    [
      "CreateVideoConference union-alice",
      "Join union-alice",
      "Join union-bob",
      "Join union-carol",
      "Join union-dave",
      "Cohosts union-carol",
      "MuteAll conference",
      "MuteAll union-bob",
      "MuteAll union-dave",
      "LockConference conference",
      "KickMembers union-dave",
      "LockConference conference",
      "Join union-erin",
      "CloseVideoConference union-alice",
      "CloseVideoConference union-bob",
      "CloseVideoConference union-carol",
      "CloseVideoConference union-erin",
      "CloseVideoConference union-alice",
    ],
  );
});

test("the SDK's other host controls: mute one, focus, invite, settings", async () => {
  const { conf, runtime } = sdkClients(port);
  const token = expectOk(
    await control(ctx.app).call("POST", "/_vconf/v1/tokens", { appKey: "acme-app" }),
  ).accessToken;
  const id = (
    await conf.createVideoConferenceWithOptions(
      new conference.CreateVideoConferenceRequest({ userId: "union-alice", confTitle: "More controls" }),
      auth(conference.CreateVideoConferenceHeaders, token),
      runtime,
    )
  ).body!.conferenceId!;
  for (const who of ["union-alice", "union-bob"]) expectOk(await control(ctx.app).join(id, who));

  const mute = await conf.muteMembersWithOptions(
    id,
    new conference.MuteMembersRequest({
      action: "mute",
      userList: [new conference.MuteMembersRequestUserList({ unionId: "union-bob", participantId: "p1" })],
    }),
    auth(conference.MuteMembersHeaders, token),
    runtime,
  );
  assert.equal(mute.body!.success, true);

  const focus = await conf.focusWithOptions(
    id,
    new conference.FocusRequest({ action: "focus", unionId: "union-bob" }),
    auth(conference.FocusHeaders, token),
    runtime,
  );
  assert.equal(focus.body!.success, true);
  const notIn = await sdkError(() =>
    conf.focusWithOptions(
      id,
      new conference.FocusRequest({ action: "focus", unionId: "union-carol" }),
      auth(conference.FocusHeaders, token),
      runtime,
    ),
  );
  assert.equal(notIn.code, "paramsError");
  assert.match(notIn.message, /union-carol is not in the meeting/);

  const invite = await conf.inviteUsersWithOptions(
    id,
    new conference.InviteUsersRequest({
      unionId: "union-alice",
      inviteeList: [new conference.InviteUsersRequestInviteeList({ unionId: "union-carol", nick: "Carol" })],
      phoneInviteeList: [
        new conference.InviteUsersRequestPhoneInviteeList({ phoneNumber: "13800138000", nick: "Phone" }),
      ],
    }),
    auth(conference.InviteUsersHeaders, token),
    runtime,
  );
  assert.equal(invite.body!.success, true);
  const unknown = await sdkError(() =>
    conf.inviteUsersWithOptions(
      id,
      new conference.InviteUsersRequest({
        inviteeList: [new conference.InviteUsersRequestInviteeList({ unionId: "union-nobody", nick: "?" })],
      }),
      auth(conference.InviteUsersHeaders, token),
      runtime,
    ),
  );
  assert.equal(unknown.code, "unknownUserError");

  const settings = await conf.updateVideoConferenceSettingWithOptions(
    id,
    new conference.UpdateVideoConferenceSettingRequest({
      muteAll: true,
      allowUnmuteSelf: false,
      lockConference: true,
    }),
    auth(conference.UpdateVideoConferenceSettingHeaders, token),
    runtime,
  );
  assert.equal(settings.body!.case, "success");
  assert.equal(settings.body!.code, "200");
  // The SDK sends {} when every setting is unset.
  const empty = await conf.updateVideoConferenceSettingWithOptions(
    id,
    new conference.UpdateVideoConferenceSettingRequest({}),
    auth(conference.UpdateVideoConferenceSettingHeaders, token),
    runtime,
  );
  assert.equal(empty.body!.code, "200");
  const missingId = await sdkError(() =>
    conf.updateVideoConferenceSettingWithOptions(
      "",
      new conference.UpdateVideoConferenceSettingRequest({ muteAll: true }),
      auth(conference.UpdateVideoConferenceSettingHeaders, token),
      runtime,
    ),
  );
  assert.equal(missingId.code, "paramsError");
  assert.match(missingId.message, /conferenceId is missing/);

  const batch = await conf.queryConferenceInfoBatchWithOptions(
    new conference.QueryConferenceInfoBatchRequest({ conferenceIdList: [id] }),
    auth(conference.QueryConferenceInfoBatchHeaders, token),
    runtime,
  );
  const info = batch.body!.infos![0];
  assert.equal(info.mediaStatus, 4);
  assert.deepEqual(
    info.userList!.map((u) => [u.userId, u.attendStatus, u.micStatus]),
    [
      ["union-alice", 3, 2],
      ["union-bob", 3, 1],
      ["union-carol", 1, 0],
      ["pstn:13800138000", 1, 0],
    ],
  );
  const ops = (expectOk(await control(ctx.app).audit(id)).entries as { operation: string }[]).map(
    (e) => e.operation,
  );
  assert.deepEqual(ops.slice(3), [
    "MuteMembers",
    "Focus",
    "InviteUsers",
    "InviteUsers",
    "UpdateVideoConferenceSetting",
  ]);
});
