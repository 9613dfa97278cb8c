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

describe("statistics", () => {
  let t: TestContext;
  let a: ReturnType<typeof api>;
  let id: string;
  beforeEach(async () => {
    t = await buildTestApp();
    a = api(t.app, await tokenFor(t.app));
    id = await createConference(t.app, await tokenFor(t.app), ["union-bob"]);
  });
  afterEach(() => t.close());

  it("history lists the org's meetings in the span, filtered and paged; field errors", async () => {
    const t0 = t.clock.now();
    t.clock.advance(1000);
    const second = await createConference(t.app, await tokenFor(t.app));
    const span = `startTime=${t0}&endTime=${t0 + 1000}&realData=true`;
    const all = expectOk(await a.call("GET", `${CONF}/histories/dataLists?${span}`));
    assert.deepEqual(
      all.list.map((c: { conferenceId: string }) => c.conferenceId),
      [id, second],
    );
    assert.deepEqual(all.list[0], {
      conferenceId: id,
      title: "Weekly sync",
      creatorId: "union-alice",
      creatorNick: "Alice",
      freeType: "0",
      scene: "ding_talk",
      startTime: t0,
      timeLength: 1000,
      userCount: 0,
    });
    const page = expectOk(await a.call("GET", `${CONF}/histories/dataLists?${span}&maxResults=1`));
    assert.equal(page.nextToken, "1");
    const last = expectOk(
      await a.call("GET", `${CONF}/histories/dataLists?${span}&maxResults=1&nextToken=1`),
    );
    assert.equal(last.nextToken, undefined);
    assert.equal(last.list[0].conferenceId, second);
    const none = expectOk(await a.call("GET", `${CONF}/histories/dataLists?${span}&creatorNike=Bob`));
    assert.deepEqual(none, { list: [] });
    const hist = (q: string) => a.call("GET", `${CONF}/histories/dataLists?${q}`);
    expectError(
      await hist("endTime=1&realData=true"),
      400,
      "paramError",
      "PARAM ERROR: startTime is missing",
    );
    expectError(
      await hist("startTime=5&endTime=1&realData=true"),
      400,
      "paramError",
      /endTime is before startTime/,
    );
    expectError(await hist("startTime=1&endTime=5"), 400, "paramError", "PARAM ERROR: realData is missing");
    expectError(await hist("startTime=1&endTime=5&realData=yes"), 400, "paramError");
    expectError(await hist("startTime=x&endTime=5&realData=true"), 400, "paramError");
  });

  it("conference data, details and metrics: errors and empty answers", async () => {
    expectError(
      await a.call("GET", `${CONF}/${id}/infos`),
      400,
      "paramError",
      "PARAM ERROR: realData is missing",
    );
    expectError(await a.call("GET", `${CONF}/${"0".repeat(24)}/infos?realData=true`), 404, "roomNotFound");
    assert.deepEqual(expectOk(await a.call("GET", `${CONF}/${id}/details`)), { list: [] });
    expectError(await a.call("GET", `${CONF}/${id}/details?maxResults=0`), 400, "paramError");
    const m = (q: string) => a.call("GET", `${CONF}/${id}/metricDatas?${q}`);
    assert.deepEqual(expectOk(await m("unionId=union-bob&beginTime=0&endTime=9")), { metricDataList: [] });
    expectError(await m("unionId=nobody&beginTime=0&endTime=9"), 400, "unknownUserError");
    expectError(await m("beginTime=0&endTime=9"), 400, "paramError", "PARAM ERROR: unionId is missing");
    expectError(
      await m("unionId=union-bob&endTime=9"),
      400,
      "paramError",
      "PARAM ERROR: beginTime is missing",
    );
    const last = (body: unknown) => a.call("POST", `${CONF}/${id}/lastMetricDatas/query`, body);
    assert.deepEqual(expectOk(await last({ unionIdList: ["union-bob"] })), { metricMap: {} });
    expectError(await last({ unionIdList: [] }), 400, "paramError");
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expectError(await last({ unionIdList: many }), 400, "paramError", /more than 100/);
    expectOk(await control(t.app).join(id, "union-alice"));
    expectOk(await control(t.app).join(id, "union-bob"));
    expectOk(await a.call("POST", `${CONF}/${id}/members/kick`, { userList: [{ unionId: "union-bob" }] }));
    const rows = expectOk(await a.call("GET", `${CONF}/${id}/details?nick=Bob`)).list;
    assert.equal(rows.length, 1);
    assert.equal(rows[0].status, "被移出");
    assert.equal(rows[0].sessionId, `${id}-union-bob`);
    assert.equal(rows[0].networkQuality, "-1");
  });

  it("empty path ids reach their endpoint and get its missing-id answer", async () => {
    expectError(await a.call("GET", `${CONF}//infos?realData=true`), 400, "missingRoomId");
    expectError(await a.call("GET", `${CONF}//details`), 400, "missingRoomId");
    expectError(
      await a.call("POST", `${CONF}//cloudRecords/start`, { unionId: "union-alice" }),
      400,
      "paramsError",
      "error:conferenceId is missing",
    );
    expectError(
      await a.call("GET", `${CONF}//cloudRecords/getVideos?unionId=union-alice`),
      400,
      "paramsError",
      "error:conferenceId is missing",
    );
    expectError(
      await a.call("POST", `${CONF}//minutes/start`, { unionId: "union-alice" }),
      400,
      "paramsError",
      "error:conferenceId is missing",
    );
    expectError(await a.call("GET", `${CONF}//minutes/textInfos`), 400, "missingRoomId");
    expectError(await a.call("GET", `${CONF}//flashMinutes/summaries`), 400, "missingRoomId");
  });
});
