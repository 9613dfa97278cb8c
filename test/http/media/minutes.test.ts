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

describe("minutes and flash minutes", () => {
  let t: TestContext;
  let token: string;
  let id: string;
  const url = (path: string) => `${CONF}/${id}/${path}`;
  const artifacts = () => `/_vconf/v1/conferences/${id}/artifacts`;
  beforeEach(async () => {
    t = await buildTestApp();
    token = await tokenFor(t.app);
    id = await createConference(t.app, token, ["union-bob", "union-carol"]);
  });
  afterEach(() => t.close());

  it("host or co-host starts, pauses and resumes minutes; others are refused; close ends them", async () => {
    const a = api(t.app, token);
    expectOk(await a.cohosts(id, { action: "add", userList: [{ unionId: "union-bob" }] }));
    expectError(
      await a.call("POST", url("minutes/start"), { unionId: "union-carol" }),
      400,
      "permissionError",
      "permissionError:only the host or a co-host can start minutes",
    );
    expectError(
      await a.call("POST", url("minutes/start"), {}),
      400,
      "paramsError",
      "error:unionId is missing",
    );
    const body = { unionId: "union-bob", ownerUnionId: "union-alice", recordAudio: true };
    assert.deepEqual(expectOk(await a.call("POST", url("minutes/start"), body)), { code: "200" });
    expectOk(await a.call("POST", url("minutes/start"), body)); // already on: no change
    expectOk(await a.call("POST", url("minutes/pause"), { unionId: "union-alice" }));
    const state = () => control(t.app).call("GET", `/_vconf/v1/conferences/${id}/state`);
    assert.deepEqual(expectOk(await state()).minutes, {
      status: 2,
      ownerUnionId: "union-alice",
      recordAudio: true,
    });
    const rows = expectOk(await control(t.app).audit(id)).entries.filter(
      (e: { operation: string }) => e.operation === "StartMinutes" || e.operation === "StopMinutes",
    );
    assert.equal(rows.length, 2);
    expectOk(await a.call("POST", url("minutes/start"), { unionId: "union-alice" }));
    expectOk(await a.close(id, "union-alice"));
    assert.equal(expectOk(await state()).minutes.status, 3);
    expectError(await a.call("POST", url("minutes/start"), { unionId: "union-alice" }), 400, "confClosed");
  });

  it("minutes reads answer empty, then injected data; requester rules and field errors", async () => {
    const a = api(t.app, token);
    assert.deepEqual(expectOk(await a.call("GET", url("minutes/textInfos?direction=0"))), {
      hasMore: false,
      paragraphList: [],
    });
    assert.deepEqual(expectOk(await a.call("GET", url("minutes/audioInfos?unionId=union-alice"))), {
      audioList: [],
    });
    assert.deepEqual(
      expectOk(await a.call("POST", url("minutes/summaries/query"), { unionId: "union-alice" })),
      {
        summary: {},
      },
    );
    assert.deepEqual(expectOk(await a.call("GET", url("minutes/meetingResult?unionId=union-alice"))), {
      fullSummary: "",
      action: [],
    });
    const p = (paragraphId: number, startTime: number) => ({
      paragraphId,
      startTime,
      endTime: startTime + 10,
      unionId: "union-alice",
      nickName: "Alice",
      paragraph: `p${paragraphId}`,
    });
    const put = {
      minutesTexts: [p(2, 20), p(1, 10), p(3, 30)],
      minutesAudios: [
        {
          unionId: "union-alice",
          playUrl: "https://x/a.mp3",
          startTime: 1,
          endTime: 2,
          duration: 1,
          fileSize: 9,
        },
      ],
      minutesSummary: { keywords: ["plan"], paragraphSummary: "we planned" },
      minutesMeetingResult: { fullSummary: "done", action: ["ship"] },
    };
    expectOk(await control(t.app).call("PUT", artifacts(), put));
    const page = expectOk(await a.call("GET", url("minutes/textInfos?direction=1&maxResults=2")));
    assert.deepEqual(
      page.paragraphList.map((x: { paragraphId: number }) => x.paragraphId),
      [3, 2],
    );
    assert.equal(page.nextToken, "2");
    assert.equal(page.hasMore, true);
    assert.equal(typeof page.paragraphList[0].recordId, "number");
    const audio = expectOk(await a.call("GET", url("minutes/audioInfos?unionId=union-alice"))).audioList;
    assert.equal(typeof audio[0].recordId, "string");
    const summary = expectOk(
      await a.call("POST", url("minutes/summaries/query"), {
        unionId: "union-alice",
        summaryTypeList: ["keywords"],
      }),
    );
    assert.deepEqual(summary, { summary: { keywords: ["plan"] } });
    expectError(
      await a.call("POST", url("minutes/summaries/query"), {
        unionId: "union-alice",
        summaryTypeList: ["x"],
      }),
      400,
      "paramError",
      "PARAM ERROR: unknown summary type x",
    );
    assert.deepEqual(expectOk(await a.call("GET", url("minutes/meetingResult?unionId=union-alice"))), {
      fullSummary: "done",
      action: ["ship"],
    });
    expectError(
      await a.call("GET", url("minutes/textInfos")),
      400,
      "paramError",
      "PARAM ERROR: direction is missing",
    );
    expectError(
      await a.call("GET", url("minutes/audioInfos")),
      400,
      "paramError",
      "PARAM ERROR: unionId is missing",
    );
    expectError(
      await a.call("GET", url("minutes/audioInfos?unionId=union-gina")),
      403,
      "noPermission",
      "NO PERMISSION: no right to view these minutes",
    );
    expectError(await a.call("GET", url("minutes/audioInfos?unionId=nobody")), 400, "unknownUserError");
  });

  it("flash minutes: placeholders, injected entries, grants and their errors", async () => {
    const a = api(t.app, token);
    const q = (path: string, query: string) => a.call("GET", url(`flashMinutes/${path}?${query}`));
    const cr = "bizType=cloud_record&recorderUnionId=union-alice";
    assert.deepEqual(expectOk(await q("summaries", cr)), { flashMinutesSummary: { status: 0, summary: [] } });
    assert.deepEqual(expectOk(await q("recordUrls", cr)), { recordMinutesUrls: [] });
    expectError(
      await q("document/generate", "bizType=cloud_record&unionId=union-alice"),
      400,
      "paramError",
      "PARAM ERROR: no cloud_record record by union-alice",
    );
    const grant = { bizType: "cloud_record", ownerUnionId: "union-alice", unionId: "union-bob" };
    expectError(
      await a.call("POST", url("flashMinutes/recordPermissions"), grant),
      400,
      "cloudRecordNotFound",
    );
    expectError(
      await a.call("POST", url("flashMinutes/recordPermissions"), { ...grant, bizType: "minutes" }),
      400,
      "paramsError",
      "error:no minutes record for this conference",
    );
    expectOk(await control(t.app).join(id, "union-alice"));
    expectOk(await a.call("POST", url("cloudRecords/start"), { unionId: "union-alice" }));
    const urls = expectOk(await q("recordUrls", cr)).recordMinutesUrls;
    assert.match(urls[0].recordMinutesUrl, /^https:\/\/vconf\.local\/minutes\/\d{15}-cloud_record$/);
    const doc = expectOk(
      await q(
        "document/generate",
        "bizType=cloud_record&unionId=union-alice&expireTime=" + (t.clock.now() + 5),
      ),
    );
    assert.match(doc.minutesDocUrl, /\/document\?expires=\d+$/);
    expectError(
      await q("document/generate", "bizType=cloud_record&unionId=union-alice&expireTime=1"),
      400,
      "paramError",
    );
    expectError(await q("summaries", "bizType=other&recorderUnionId=union-alice"), 400, "paramError");
    expectError(
      await q("summaries", "bizType=minutes"),
      400,
      "paramError",
      "PARAM ERROR: recorderUnionId is missing",
    );
    expectError(
      await a.call("POST", url("flashMinutes/recordPermissions"), { ...grant, ownerUnionId: "union-bob" }),
      400,
      "permissionError",
      "permissionError:union-bob does not own this record",
    );
    expectError(
      await a.call("POST", url("flashMinutes/recordPermissions"), { ...grant, unionId: "nobody" }),
      400,
      "unknownUserError",
    );
    expectOk(await a.call("POST", url("flashMinutes/recordPermissions"), grant));
    expectOk(await a.call("POST", url("flashMinutes/recordPermissions"), grant));
    const state = expectOk(await control(t.app).call("GET", `/_vconf/v1/conferences/${id}/state`));
    assert.deepEqual(state.recordGrants, [grant]);
    const summary = [{ id: 1, start: 0, end: 10, headline: "Intro", summary: "hello" }];
    expectOk(
      await control(t.app).call("PUT", artifacts(), {
        flashMinutes: [
          {
            bizType: "cloud_record",
            recorderUnionId: "union-alice",
            summary,
            recordMinutesUrls: ["https://x/1"],
          },
        ],
      }),
    );
    assert.deepEqual(expectOk(await q("summaries", cr)), { flashMinutesSummary: { status: 1, summary } });
    assert.deepEqual(expectOk(await q("recordUrls", cr)), {
      recordMinutesUrls: [{ recordMinutesUrl: "https://x/1" }],
    });
    // Ended meetings keep their records shareable.
    expectOk(await a.close(id, "union-alice"));
    expectOk(
      await a.call("POST", url("flashMinutes/recordPermissions"), { ...grant, unionId: "union-carol" }),
    );
  });

  it("artifacts: validated by the SDK's types, replaced per key, deleted, audited, dropped by reset", async () => {
    const c = control(t.app);
    expectError(
      await c.call("PUT", artifacts(), { nope: [] }),
      400,
      "paramsError",
      "error:nope is not an artifact kind",
    );
    expectError(
      await c.call("PUT", artifacts(), {
        cloudRecordVideos: [
          {
            unionId: "u",
            mediaId: 1,
            regionId: "r",
            startTime: 1,
            endTime: 2,
            duration: 1,
            fileSize: 1,
            recordType: 0,
          },
        ],
      }),
      400,
      "paramsError",
      /cloudRecordVideos\[0\]\.mediaId must be a string/,
    );
    expectError(
      await c.call("PUT", artifacts(), { minutesMeetingResult: { fullSummary: "x", action: [], extra: 1 } }),
      400,
      "paramsError",
      "error:minutesMeetingResult.extra is not a known field",
    );
    expectError(
      await c.call("PUT", `/_vconf/v1/conferences/${"f".repeat(24)}/artifacts`, {}),
      404,
      "vconf.NotFound",
    );
    assert.deepEqual(expectOk(await c.call("GET", artifacts())), {});
    const result = { fullSummary: "x", action: ["a"] };
    assert.deepEqual(
      expectOk(
        await c.call("PUT", artifacts(), { minutesMeetingResult: result, minutesOwnerUnionId: "union-bob" }),
      ),
      {
        minutesMeetingResult: result,
        minutesOwnerUnionId: "union-bob",
      },
    );
    assert.deepEqual(expectOk(await c.call("PUT", artifacts(), { minutesOwnerUnionId: null })), {
      minutesMeetingResult: result,
    });
    const ops = (await c.audit(id)).json().entries.map((e: { operation: string }) => e.operation);
    assert.equal(ops.filter((o: string) => o === "vconf.PutArtifacts").length, 2);
    const snap = expectOk(await c.call("GET", "/_vconf/v1/snapshot"));
    assert.equal(snap.media.length, 1);
    expectOk(await c.call("DELETE", artifacts()));
    assert.deepEqual(expectOk(await c.call("GET", artifacts())), {});
    expectOk(await c.call("PUT", "/_vconf/v1/snapshot", snap));
    assert.deepEqual(expectOk(await c.call("GET", artifacts())), { minutesMeetingResult: result });
    expectOk(await c.call("POST", "/_vconf/v1/reset", {}));
    assert.equal(expectOk(await c.call("GET", "/_vconf/v1/snapshot")).media.length, 0);
  });
});
