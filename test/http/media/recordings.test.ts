import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  api,
  buildTestApp,
  CONF,
  control,
  createConference,
  expectError,
  expectOk,
  type TestContext,
  tokenFor,
} from "../../helpers/app.js";
import { ensureRecordId, loadMedia } from "../../../src/domain/recordings/media.js";

const VIDEO = {
  unionId: "union-alice",
  mediaId: "media-1",
  regionId: "cn-hangzhou",
  startTime: 1000,
  endTime: 61000,
  duration: 60000,
  fileSize: 1048576,
  recordType: 0,
};
const PLAY = {
  mediaId: "media-1",
  regionId: "cn-hangzhou",
  playUrl: "https://example.test/play.m3u8",
  mp4FileUrl: "https://example.test/v.mp4",
  fileSize: 1048576,
  duration: 60000,
  status: 0,
};
const para = (startTime: number, paragraph: string) => ({
  unionId: "union-alice",
  nickName: "Alice",
  paragraph,
  startTime,
  endTime: startTime + 500,
  status: 0,
  sentenceList: [
    {
      unionId: "union-alice",
      sentence: paragraph,
      startTime,
      endTime: startTime + 500,
      wordList: [{ word: paragraph, wordId: "w1", startTime, endTime: startTime + 500 }],
    },
  ],
});

describe("cloud recording", () => {
  let t: TestContext;
  let token: string;
  let id: string;
  const rec = (path: string, q = "") => `${CONF}/${id}/cloudRecords/${path}${q}`;
  beforeEach(async () => {
    t = await buildTestApp();
    token = await tokenFor(t.app);
    id = await createConference(t.app, token, ["union-bob"]);
    expectOk(await control(t.app).join(id, "union-alice"));
  });
  afterEach(() => t.close());

  it("a meeting keeps its newest 1000 recording sessions: a start beyond drops the oldest", async () => {
    const old = Array.from({ length: 1000 }, (_, i) => ({ startTime: i, endTime: i + 1 }));
    await t.deps.store.transaction(async (tx) => {
      const media = await loadMedia(tx, id, true);
      const cloudRecord = {
        ...media.state.cloudRecord,
        status: 3,
        ownerUnionId: "union-alice",
        sessions: old,
      };
      await tx.putMedia({ ...media, state: { ...ensureRecordId(media.state), cloudRecord } });
    });
    const a = api(t.app, token);
    expectOk(await a.call("POST", rec("start"), { unionId: "union-alice" }));
    const state = expectOk(await control(t.app).call("GET", `/_vconf/v1/conferences/${id}/state`));
    assert.equal(state.cloudRecord.sessions.length, 1000);
    assert.deepEqual(state.cloudRecord.sessions[0], { startTime: 1, endTime: 2 });
    assert.deepEqual(state.cloudRecord.sessions[999], { startTime: t.deps.clock.now() });
  });

  it("the host starts and stops; confInfo and the state show it; the audit has rows", async () => {
    const a = api(t.app, token);
    assert.equal(expectOk(await a.info(id)).confInfo.cloudRecordStatus, 0);
    const body = { unionId: "union-alice", mode: "grid", smallWindowPosition: "float_right" };
    assert.deepEqual(expectOk(await a.call("POST", rec("start"), body)), { code: "200" });
    const info = expectOk(await a.info(id)).confInfo;
    assert.equal(info.cloudRecordStatus, 1);
    assert.equal(info.cloudRecordOwnerUnionId, "union-alice");
    expectError(await a.call("POST", rec("start"), body), 404, "recordStartError", /already on/);
    t.clock.advance(5000);
    assert.deepEqual(expectOk(await a.call("POST", rec("stop"), { unionId: "union-alice" })), {
      code: "200",
    });
    expectError(await a.call("POST", rec("stop"), { unionId: "union-alice" }), 400, "recordStopError");
    const state = expectOk(await control(t.app).call("GET", `/_vconf/v1/conferences/${id}/state`));
    assert.equal(state.cloudRecord.status, 3);
    assert.equal(state.cloudRecord.mode, "grid");
    assert.match(state.cloudRecord.recordId, /^[1-9]\d{14}$/);
    assert.equal(state.cloudRecord.sessions.length, 1);
    assert.equal(state.cloudRecord.sessions[0].endTime - state.cloudRecord.sessions[0].startTime, 5000);
    const ops = expectOk(await control(t.app).audit(id)).entries.map(
      (e: { operation: string }) => e.operation,
    );
    assert.ok(ops.includes("StartCloudRecord") && ops.includes("StopCloudRecord"));
    // Recorded, nothing injected: empty, well-typed answers.
    assert.deepEqual(expectOk(await a.call("GET", rec("getVideos", "?unionId=union-alice"))), {
      videoList: [],
    });
    assert.deepEqual(expectOk(await a.call("GET", rec("getTexts"))), { hasMore: false, paragraphList: [] });
  });

  it("refuses non-hosts, unknown users, missing ids, other orgs and ended meetings, changing nothing", async () => {
    const a = api(t.app, token);
    expectError(
      await a.call("POST", rec("start"), { unionId: "union-bob" }),
      404,
      "recordStartPermissionError",
    );
    expectError(await a.call("POST", rec("start"), {}), 400, "paramsError", "error:unionId is missing");
    expectError(await a.call("POST", rec("start"), { unionId: "nobody" }), 400, "unknownUserError");
    expectError(
      await a.call("POST", rec("stop"), { unionId: "union-bob" }),
      400,
      "recordStopPermissionError",
    );
    expectError(
      await a.call("POST", `${CONF}/${"0".repeat(24)}/cloudRecords/start`, { unionId: "union-alice" }),
      400,
      "paramsError",
      "error:conference not found",
    );
    const other = api(t.app, await tokenFor(t.app, "globex-app"));
    expectError(await other.call("POST", rec("start"), { unionId: "union-alice" }), 400, "permissionError");
    expectError(await other.call("GET", rec("getVideos", "?unionId=union-gina")), 404, "permissionError");
    expectError(await other.call("GET", rec("getTexts")), 404, "permissionError");
    assert.equal(expectOk(await a.info(id)).confInfo.cloudRecordStatus, 0);
    // Never recorded: cloudRecordNotFound.
    expectError(await a.call("GET", rec("getVideos", "?unionId=union-alice")), 400, "cloudRecordNotFound");
    expectError(await a.call("GET", rec("getTexts")), 400, "cloudRecordNotFound");
    expect(await a.call("GET", rec("videos/getPlayInfos", "?unionId=union-alice&mediaId=m&regionId=r")));
    expectOk(await a.close(id, "union-alice"));
    expectError(await a.call("POST", rec("start"), { unionId: "union-alice" }), 400, "roomClosed");
    expectError(await a.call("POST", rec("stop"), { unionId: "union-alice" }), 400, "roomClosed");
    function expect(res: Parameters<typeof expectError>[0]) {
      expectError(res, 400, "cloudRecordNotFound");
    }
  });

  it("closing the meeting ends a running recording", async () => {
    const a = api(t.app, token);
    expectOk(await a.call("POST", rec("start"), { unionId: "union-alice" }));
    expectOk(await a.close(id, "union-alice"));
    assert.equal(expectOk(await a.info(id)).confInfo.cloudRecordStatus, 3);
  });

  it("serves injected videos, play infos and texts with their types; pages texts by nextTtoken", async () => {
    const a = api(t.app, token);
    const texts = [para(3000, "three"), para(1000, "one"), para(2000, "two")];
    const put = { cloudRecordVideos: [VIDEO], cloudRecordPlayInfos: [PLAY], cloudRecordTexts: texts };
    expectOk(await control(t.app).call("PUT", `/_vconf/v1/conferences/${id}/artifacts`, put));
    const videos = expectOk(await a.call("GET", rec("getVideos", "?unionId=union-bob"))).videoList;
    assert.equal(videos.length, 1);
    assert.match(videos[0].recordId, /^\d{15}$/);
    assert.deepEqual({ ...videos[0], recordId: undefined }, { ...VIDEO, recordId: undefined });
    const play = expectOk(
      await a.call(
        "GET",
        rec("videos/getPlayInfos", "?unionId=union-alice&mediaId=media-1&regionId=cn-hangzhou"),
      ),
    );
    const { mediaId: _m, regionId: _r, ...rest } = PLAY;
    assert.deepEqual(play, rest);
    expectError(
      await a.call("GET", rec("videos/getPlayInfos", "?unionId=union-alice&mediaId=media-1&regionId=other")),
      400,
      "cloudRecordNotFound",
    );
    const first = expectOk(await a.call("GET", rec("getTexts", "?maxResults=2")));
    assert.equal(first.hasMore, true);
    assert.deepEqual(
      first.paragraphList.map((p: { paragraph: string; nextTtoken: number }) => [p.paragraph, p.nextTtoken]),
      [
        ["one", 1],
        ["two", 2],
      ],
    );
    assert.equal(typeof first.paragraphList[0].recordId, "number");
    const second = expectOk(await a.call("GET", rec("getTexts", "?maxResults=2&nextToken=2")));
    assert.deepEqual(
      second.paragraphList.map((p: { paragraph: string }) => p.paragraph),
      ["three"],
    );
    assert.equal(second.hasMore, false);
    const desc = expectOk(await a.call("GET", rec("getTexts", "?direction=1&startTime=2000")));
    assert.deepEqual(
      desc.paragraphList.map((p: { paragraph: string }) => p.paragraph),
      ["three", "two"],
    );
    expectError(await a.call("GET", rec("getTexts", "?direction=2")), 400, "paramsError");
    expectError(await a.call("GET", rec("getTexts", "?maxResults=2001")), 400, "paramsError");
    expectError(await a.call("GET", rec("getVideos")), 400, "paramsError", "error:unionId is missing");
    expectError(await a.call("GET", rec("getVideos", "?unionId=union-gina")), 404, "permissionError");
    expectError(await a.call("GET", rec("getVideos", "?unionId=nobody")), 400, "unknownUserError");
  });
});
