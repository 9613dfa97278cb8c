import assert from "node:assert/strict";
import { after, before, test } from "node:test";
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

let t: TestContext;
let id: string;
before(async () => {
  t = await buildTestApp();
  id = await createConference(t.app, await tokenFor(t.app));
  expectOk(await control(t.app).join(id, "union-alice"));
  expectOk(
    await api(t.app, await tokenFor(t.app)).call("POST", `${CONF}/${id}/cloudRecords/start`, {
      unionId: "union-alice",
    }),
  );
});
after(() => t.close());

type Method = "GET" | "POST";
/** Every media operation with a request that would succeed for acme, and the denial another org gets. */
const ops = (): [string, Method, string, unknown, number, string][] => {
  const u = `${CONF}/${id}`;
  const who = { unionId: "union-gina" };
  return [
    ["StartCloudRecord", "POST", `${u}/cloudRecords/start`, who, 400, "permissionError"],
    ["StopCloudRecord", "POST", `${u}/cloudRecords/stop`, who, 400, "permissionError"],
    [
      "QueryCloudRecordVideo",
      "GET",
      `${u}/cloudRecords/getVideos?unionId=union-gina`,
      undefined,
      404,
      "permissionError",
    ],
    [
      "QueryCloudRecordVideoPlayInfo",
      "GET",
      `${u}/cloudRecords/videos/getPlayInfos?unionId=union-gina&mediaId=m&regionId=r`,
      undefined,
      404,
      "permissionError",
    ],
    ["QueryCloudRecordText", "GET", `${u}/cloudRecords/getTexts`, undefined, 404, "permissionError"],
    ["StartMinutes", "POST", `${u}/minutes/start`, who, 400, "permissionError"],
    ["StopMinutes", "POST", `${u}/minutes/pause`, who, 400, "permissionError"],
    ["QueryMinutesText", "GET", `${u}/minutes/textInfos?direction=0`, undefined, 403, "noPermission"],
    [
      "QueryMinutesAudio",
      "GET",
      `${u}/minutes/audioInfos?unionId=union-gina`,
      undefined,
      403,
      "noPermission",
    ],
    ["QueryMinutesSummary", "POST", `${u}/minutes/summaries/query`, who, 403, "noPermission"],
    [
      "QueryMinutesMeetingResult",
      "GET",
      `${u}/minutes/meetingResult?unionId=union-gina`,
      undefined,
      403,
      "noPermission",
    ],
    [
      "AddRecordPermission",
      "POST",
      `${u}/flashMinutes/recordPermissions`,
      { bizType: "cloud_record", ownerUnionId: "union-alice", unionId: "union-gina" },
      400,
      "permissionError",
    ],
    [
      "QueryFlashMinutesSummary",
      "GET",
      `${u}/flashMinutes/summaries?bizType=cloud_record&recorderUnionId=union-gina`,
      undefined,
      403,
      "noPermission",
    ],
    [
      "QueryRecordMinutesUrl",
      "GET",
      `${u}/flashMinutes/recordUrls?bizType=cloud_record&recorderUnionId=union-gina`,
      undefined,
      403,
      "noPermission",
    ],
    [
      "GenerateFlashMinutesDocumentUrl",
      "GET",
      `${u}/flashMinutes/document/generate?bizType=cloud_record&unionId=union-gina`,
      undefined,
      403,
      "noPermission",
    ],
    ["GetConfDataByConferenceId", "GET", `${u}/infos?realData=true`, undefined, 403, "noPermission"],
    ["GetConfDetailData", "GET", `${u}/details`, undefined, 403, "noPermission"],
    [
      "GetUserMetricData",
      "GET",
      `${u}/metricDatas?unionId=union-gina&beginTime=0&endTime=9`,
      undefined,
      403,
      "noPermission",
    ],
    [
      "GetUserLastMetric",
      "POST",
      `${u}/lastMetricDatas/query`,
      { unionIdList: ["union-gina"] },
      403,
      "noPermission",
    ],
  ];
};

test("another org's token gets the documented denial on every media operation, and changes nothing", async () => {
  const other = api(t.app, await tokenFor(t.app, "globex-app"));
  const before = expectOk(await control(t.app).audit(id)).entries.length;
  for (const [name, method, url, body, status, code] of ops()) {
    const res = await other.call(method, url, body);
    assert.equal(res.statusCode, status, `${name}: ${res.body}`);
    expectError(res, status, code);
  }
  assert.equal(expectOk(await control(t.app).audit(id)).entries.length, before);
  const history = expectOk(
    await other.call(
      "GET",
      `${CONF}/histories/dataLists?startTime=0&endTime=${Number.MAX_SAFE_INTEGER}&realData=false`,
    ),
  );
  assert.deepEqual(history, { list: [] });
});

test("an app without the scope is refused by the gateway on every media operation", async () => {
  const none = api(t.app, await tokenFor(t.app, "acme-noscope"));
  for (const [name, method, url, body] of ops()) {
    const res = await none.call(method, url, body);
    assert.equal(res.statusCode, 403, `${name}: ${res.body}`);
    assert.equal(res.json().code, "Forbidden.AccessDenied.AccessTokenPermissionDenied", name);
  }
  const reader = api(t.app, await tokenFor(t.app, "acme-reader"));
  const res = await reader.call("POST", `${CONF}/${id}/cloudRecords/stop`, { unionId: "union-alice" });
  assert.equal(res.statusCode, 403);
});
