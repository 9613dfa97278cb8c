import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildTestApp, control, expectOk, type TestContext } from "../helpers/app.js";
import { conference, oauth2, sdkClients, sdkError } from "../helpers/sdk.js";
import { CONTROL } from "../../src/schemas/paths.js";

let ctx: TestContext;
let port: number;

before(async () => {
  ctx = await buildTestApp();
  await ctx.app.listen({ host: "127.0.0.1", port: 0 });
  port = (ctx.app.server.address() as { port: number }).port;
});
after(() => ctx.close());

test("the official SDK: a booking's whole life (create → settings → short link → join by room code → queries → close → held again → cancel)", async () => {
  const { conf, oauth, runtime } = sdkClients(port);
  const tok = await oauth.getAccessToken(
    new oauth2.GetAccessTokenRequest({ appKey: "acme-app", appSecret: "acme-secret" }),
  );
  const xAcsDingtalkAccessToken = tok.body!.accessToken!;
  const H = <T>(C: new (m: { xAcsDingtalkAccessToken: string }) => T) => new C({ xAcsDingtalkAccessToken });
  const start = Date.UTC(2026, 0, 5, 9);

  const created = await conf.createScheduleConferenceWithOptions(
    new conference.CreateScheduleConferenceRequest({
      creatorUnionId: "union-alice",
      title: "SDK booking",
      startTime: start,
      endTime: start + 3_600_000,
      scheduleConfSettingModel: new conference.CreateScheduleConferenceRequestScheduleConfSettingModel({
        hostUnionId: "union-bob",
        cohostUnionIds: ["union-carol"],
        lockRoom: 1,
      }),
    }),
    H(conference.CreateScheduleConferenceHeaders),
    runtime,
  );
  const sid = created.body!.scheduleConferenceId!;
  const roomCode = created.body!.roomCode!;
  assert.deepEqual(created.body!.phones, []);

  // Settings: merged into the booking, answered with every field in the SDK's types.
  const updated = await conf.updateScheduleConfSettingsWithOptions(
    new conference.UpdateScheduleConfSettingsRequest({
      creatorUnionId: "union-alice",
      scheduleConferenceId: sid,
      scheduleConfSettingModel: new conference.UpdateScheduleConfSettingsRequestScheduleConfSettingModel({
        cohostUnionIds: ["union-carol", "union-erin"],
        moziConfVirtualExtraSetting:
          new conference.UpdateScheduleConfSettingsRequestScheduleConfSettingModelMoziConfVirtualExtraSetting(
            {
              enableChat: 1,
              moziConfExtensionAppSettings: [
                new conference.UpdateScheduleConfSettingsRequestScheduleConfSettingModelMoziConfVirtualExtraSettingMoziConfExtensionAppSettings(
                  { coolAppCode: "cool-vote", autoOpenMode: 1, extensionAppBizData: "biz" },
                ),
              ],
            },
          ),
      }),
    }),
    H(conference.UpdateScheduleConfSettingsHeaders),
    runtime,
  );
  assert.equal(updated.body!.success, true);
  const settings = await conf.queryScheduleConfSettingsWithOptions(
    new conference.QueryScheduleConfSettingsRequest({ scheduleConferenceId: sid }),
    H(conference.QueryScheduleConfSettingsHeaders),
    runtime,
  );
  const model = settings.body!.scheduleConfSettingModel!;
  assert.deepEqual(
    [model.hostUnionId, model.cohostUnionIds, model.lockRoom, model.muteOnJoin],
    ["union-bob", ["union-carol", "union-erin"], 1, 0],
  );
  const extra = model.moziConfVirtualExtraSetting!;
  assert.deepEqual([extra.enableChat, extra.joinBeforeHost, extra.enableWebAnonymousJoin], [1, 1, false]);
  const [app] = extra.moziConfExtensionAppSettings!;
  assert.deepEqual(
    [app.clientId, app.coolAppCode, app.autoOpenMode, app.extensionAppBizData],
    ["acme-app", "cool-vote", "1", "biz"],
  );
  const link = await conf.createCustomShortLinkWithOptions(
    new conference.CreateCustomShortLinkRequest({
      creatorUnionId: "union-alice",
      scheduleConferenceId: sid,
      coolAppCode: "cool-vote",
      extensionAppBizData: "for-dave",
      useExtensionApp: true,
    }),
    H(conference.CreateCustomShortLinkHeaders),
    runtime,
  );
  assert.match(link.body!.result!.customShortLink!, new RegExp(`/j/${roomCode}\\?link=\\w{12}$`));

  const joined = expectOk(
    await control(ctx.app).call("POST", `${CONTROL}/roomCodes/${roomCode}/attendees/union-bob/join`, {}),
  );
  assert.equal(joined.started, true);
  const members = await conf.queryConferenceMembersWithOptions(
    joined.conferenceId,
    new conference.QueryConferenceMembersRequest({}),
    H(conference.QueryConferenceMembersHeaders),
    runtime,
  );
  const roles = Object.fromEntries(
    members.body!.memberModels!.map((m) => [m.unionId!, [m.host, m.coHost, m.attendStatus]]),
  );
  assert.deepEqual(roles, {
    "union-bob": [true, false, 3],
    "union-carol": [false, true, 1],
    "union-erin": [false, true, 1],
  });
  const live = await conf.queryConferenceInfoWithOptions(
    joined.conferenceId,
    H(conference.QueryConferenceInfoHeaders),
    runtime,
  );
  const apps = live.body!.confInfo!.extensionAppSettings!;
  assert.deepEqual(
    apps.map((a) => [a.appCode, a.autoOpenMode, a.extensionAppBizData]),
    [["cool-vote", 1, "biz"]],
  );
  const ongoing = await conf.queryOrgConferenceListWithOptions(
    new conference.QueryOrgConferenceListRequest({ maxResults: 10 }),
    H(conference.QueryOrgConferenceListHeaders),
    runtime,
  );
  assert.deepEqual(
    ongoing.body!.onGoingConfList!.map((c) => [c.conferenceId, c.bizType, c.status, c.creatorNick]),
    [[joined.conferenceId, "3", 2, "Alice"]],
  );
  assert.deepEqual([ongoing.body!.totalCount, ongoing.body!.hasMore], [1, false]);
  const locked = await control(ctx.app).call(
    "POST",
    `${CONTROL}/roomCodes/${roomCode}/attendees/union-dave/join`,
    {},
  );
  assert.equal(locked.statusCode, 403);

  const history = await conf.queryScheduleConferenceInfoWithOptions(
    sid,
    new conference.QueryScheduleConferenceInfoRequest({}),
    H(conference.QueryScheduleConferenceInfoHeaders),
    runtime,
  );
  assert.equal(history.body!.conferenceList![0].status, 2);
  assert.equal(history.body!.totalCount, 1);
  const info = await conf.queryScheduleConferenceWithOptions(
    sid,
    new conference.QueryScheduleConferenceRequest({ requestUnionId: "union-dave" }),
    H(conference.QueryScheduleConferenceHeaders),
    runtime,
  );
  assert.equal(info.body!.startTime, start);

  await conf.closeVideoConferenceWithOptions(
    joined.conferenceId,
    new conference.CloseVideoConferenceRequest({ unionId: "union-bob" }),
    H(conference.CloseVideoConferenceHeaders),
    runtime,
  );
  // Lists are ordered by startTime, then conferenceId (spec-more section 0): the second starts later.
  ctx.clock.advance(60_000);
  const again = expectOk(
    await control(ctx.app).call("POST", `${CONTROL}/roomCodes/${roomCode}/attendees/union-dave/join`, {}),
  );
  assert.notEqual(again.conferenceId, joined.conferenceId);
  const byCode = await conf.queryConferenceInfoByRoomCodeWithOptions(
    roomCode,
    new conference.QueryConferenceInfoByRoomCodeRequest({}),
    H(conference.QueryConferenceInfoByRoomCodeHeaders),
    runtime,
  );
  assert.deepEqual(
    byCode.body!.conferenceList!.map((c) => [c.conferenceId, c.status, c.bizType]),
    [
      [joined.conferenceId, 1, "3"],
      [again.conferenceId, 2, "3"],
    ],
  );

  const cancelled = await conf.cancelScheduleConferenceWithOptions(
    new conference.CancelScheduleConferenceRequest({
      scheduleConferenceId: sid,
      creatorUnionId: "union-alice",
    }),
    H(conference.CancelScheduleConferenceHeaders),
    runtime,
  );
  assert.equal(cancelled.body!.success, true);
  const err = await sdkError(() =>
    conf.cancelScheduleConferenceWithOptions(
      new conference.CancelScheduleConferenceRequest({
        scheduleConferenceId: sid,
        creatorUnionId: "union-alice",
      }),
      H(conference.CancelScheduleConferenceHeaders),
      runtime,
    ),
  );
  assert.equal(err.code, "resourceCancel");
});
