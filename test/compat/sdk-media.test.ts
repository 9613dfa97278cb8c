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

const C = conference;
const auth = <T>(H: new (m: { xAcsDingtalkAccessToken: string }) => T, token: string) =>
  new H({ xAcsDingtalkAccessToken: token });

async function setup() {
  const { conf, oauth, runtime } = sdkClients(port);
  const token = (
    await oauth.getAccessToken(
      new oauth2.GetAccessTokenRequest({ appKey: "acme-app", appSecret: "acme-secret" }),
    )
  ).body!.accessToken!;
  const created = await conf.createVideoConferenceWithOptions(
    new C.CreateVideoConferenceRequest({
      userId: "union-alice",
      confTitle: "Media",
      inviteUserIds: ["union-bob"],
    }),
    auth(C.CreateVideoConferenceHeaders, token),
    runtime,
  );
  const id = created.body!.conferenceId!;
  return { conf, runtime, token, id };
}

test("the official SDK records, reads injected videos, play infos and texts back with exact types", async () => {
  const { conf, runtime, token, id } = await setup();
  expectOk(await control(ctx.app).join(id, "union-alice"));
  const start = await conf.startCloudRecordWithOptions(
    id,
    new C.StartCloudRecordRequest({
      unionId: "union-alice",
      mode: "grid",
      smallWindowPosition: "float_right",
    }),
    auth(C.StartCloudRecordHeaders, token),
    runtime,
  );
  assert.equal(start.body!.code, "200");
  const again = await sdkError(() =>
    conf.startCloudRecordWithOptions(
      id,
      new C.StartCloudRecordRequest({ unionId: "union-alice" }),
      auth(C.StartCloudRecordHeaders, token),
      runtime,
    ),
  );
  assert.equal(again.code, "recordStartError");
  assert.equal(again.statusCode, 404);
  const info = await conf.queryConferenceInfoWithOptions(
    id,
    auth(C.QueryConferenceInfoHeaders, token),
    runtime,
  );
  assert.equal(info.body!.confInfo!.cloudRecordStatus, 1);
  assert.equal(info.body!.confInfo!.cloudRecordOwnerUnionId, "union-alice");

  const video = {
    unionId: "union-alice",
    mediaId: "m-1",
    regionId: "cn-hangzhou",
    startTime: 1700000000000,
    endTime: 1700000060000,
    duration: 60000,
    fileSize: 2048,
    recordType: 0,
  };
  const paragraph = {
    unionId: "union-alice",
    nickName: "Alice",
    paragraph: "hello world",
    startTime: 0,
    endTime: 900,
    status: 1,
    sentenceList: [
      {
        unionId: "union-alice",
        sentence: "hello world",
        startTime: 0,
        endTime: 900,
        wordList: [{ word: "hello", wordId: "w-1", startTime: 0, endTime: 400 }],
      },
    ],
  };
  const play = {
    mediaId: "m-1",
    regionId: "cn-hangzhou",
    playUrl: "https://cdn.example/p.m3u8",
    mp4FileUrl: "https://cdn.example/p.mp4",
    fileSize: 2048,
    duration: 60000,
    status: 0,
  };
  expectOk(
    await control(ctx.app).call("PUT", `/_vconf/v1/conferences/${id}/artifacts`, {
      cloudRecordVideos: [video],
      cloudRecordPlayInfos: [play],
      cloudRecordTexts: [paragraph],
    }),
  );

  const videos = await conf.queryCloudRecordVideoWithOptions(
    id,
    new C.QueryCloudRecordVideoRequest({ unionId: "union-alice" }),
    auth(C.QueryCloudRecordVideoHeaders, token),
    runtime,
  );
  const v = videos.body!.videoList![0];
  assert.equal(typeof v.recordId, "string");
  assert.deepEqual({ ...v.toMap(), recordId: "" }, { ...video, recordId: "" });

  const p = await conf.queryCloudRecordVideoPlayInfoWithOptions(
    id,
    new C.QueryCloudRecordVideoPlayInfoRequest({
      unionId: "union-alice",
      mediaId: "m-1",
      regionId: "cn-hangzhou",
    }),
    auth(C.QueryCloudRecordVideoPlayInfoHeaders, token),
    runtime,
  );
  assert.equal(p.body!.playUrl, play.playUrl);
  assert.equal(p.body!.mp4FileUrl, play.mp4FileUrl);
  assert.equal(p.body!.fileSize, 2048);
  assert.equal(p.body!.duration, 60000);

  const texts = await conf.queryCloudRecordTextWithOptions(
    id,
    new C.QueryCloudRecordTextRequest({
      unionId: "union-alice",
      startTime: 0,
      direction: "0",
      maxResults: 10,
    }),
    auth(C.QueryCloudRecordTextHeaders, token),
    runtime,
  );
  assert.equal(texts.body!.hasMore, false);
  const got = texts.body!.paragraphList![0];
  assert.equal(typeof got.recordId, "number");
  assert.equal(got.nextTtoken, 1);
  assert.equal(got.paragraph, "hello world");
  assert.equal(got.sentenceList![0].wordList![0].wordId, "w-1");
  assert.equal(got.sentenceList![0].wordList![0].endTime, 400);

  const stop = await conf.stopCloudRecordWithOptions(
    id,
    new C.StopCloudRecordRequest({ unionId: "union-alice" }),
    auth(C.StopCloudRecordHeaders, token),
    runtime,
  );
  assert.equal(stop.body!.code, "200");
});

test("the official SDK reads statistics after joins and leaves", async () => {
  const { conf, runtime, token, id } = await setup();
  const t0 = ctx.clock.now();
  expectOk(await control(ctx.app).join(id, "union-alice", { deviceType: "Mac" }));
  ctx.clock.advance(1000);
  expectOk(await control(ctx.app).join(id, "union-bob"));
  ctx.clock.advance(4000);
  expectOk(await control(ctx.app).leave(id, "union-bob"));
  expectOk(
    await control(ctx.app).call("PUT", `/_vconf/v1/conferences/${id}/artifacts`, {
      participants: { "union-bob": { version: "7.0.1", networkQuality: "1" } },
      metrics: {
        "union-bob": [
          { timestamp: t0 + 1000, lostRate: "0.1", audioJitterMax: "9" },
          { timestamp: t0 + 2000, lostRate: "0.2", audioJitterMax: "12" },
        ],
      },
    }),
  );

  const details = await conf.getConfDetailDataWithOptions(
    id,
    new C.GetConfDetailDataRequest({ maxResults: 10 }),
    auth(C.GetConfDetailDataHeaders, token),
    runtime,
  );
  const rows = new Map(details.body!.list!.map((r) => [r.unionId!, r]));
  assert.equal(rows.get("union-alice")!.role, "主持人");
  assert.equal(rows.get("union-alice")!.status, "在会中");
  assert.equal(rows.get("union-alice")!.deviceType, "Mac");
  assert.equal(rows.get("union-bob")!.status, "已离开");
  assert.equal(rows.get("union-bob")!.duration, 4000);
  assert.equal(rows.get("union-bob")!.version, "7.0.1");
  assert.equal(rows.get("union-bob")!.belongOrg, "true");

  const data = await conf.getConfDataByConferenceIdWithOptions(
    id,
    new C.GetConfDataByConferenceIdRequest({ realData: true }),
    auth(C.GetConfDataByConferenceIdHeaders, token),
    runtime,
  );
  assert.equal(data.body!.userCount, 2);
  assert.equal(data.body!.timeLength, 5000);
  assert.equal(data.body!.scene, "ding_talk");

  const history = await conf.getHistoryConfDataListWithOptions(
    new C.GetHistoryConfDataListRequest({ startTime: t0 - 1, endTime: t0 + 1, realData: true, title: "Med" }),
    auth(C.GetHistoryConfDataListHeaders, token),
    runtime,
  );
  assert.ok(history.body!.list!.some((c) => c.conferenceId === id && c.userCount === 2));

  const metrics = await conf.getUserMetricDataWithOptions(
    id,
    new C.GetUserMetricDataRequest({ unionId: "union-bob", beginTime: t0, endTime: t0 + 1500 }),
    auth(C.GetUserMetricDataHeaders, token),
    runtime,
  );
  assert.deepEqual(
    metrics.body!.metricDataList!.map((m) => [m.timestamp, m.lostRate]),
    [[t0 + 1000, "0.1"]],
  );
  const last = await conf.getUserLastMetricWithOptions(
    id,
    new C.GetUserLastMetricRequest({ unionIdList: ["union-bob", "union-alice"] }),
    auth(C.GetUserLastMetricHeaders, token),
    runtime,
  );
  assert.deepEqual(Object.keys(last.body!.metricMap!), ["union-bob"]);
  assert.equal((last.body!.metricMap!["union-bob"] as { audioJitterMax: string }).audioJitterMax, "12");
});
