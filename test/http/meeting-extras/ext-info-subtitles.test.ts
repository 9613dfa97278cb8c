import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { CONTROL } from "../../../src/schemas/paths.js";
import { api, CONF, expectError, expectOk, tokenFor } from "../../helpers/app.js";
import { ex, extrasOf } from "../../helpers/extras.js";
import { auditOps, lastSeq, meeting, unchangedBy, type Meeting } from "../../helpers/host-controls.js";

let m: Meeting;
afterEach(() => m.close());

test("UpdateVideoConferenceExtInfo: no body (content-length 0, no content type) succeeds and changes nothing", async () => {
  m = await meeting(["union-alice"]);
  const seq = await lastSeq(m.app, m.id);
  const res = await m.app.inject({
    method: "PUT",
    url: `${CONF}/${m.id}/extInfo`,
    headers: { "x-acs-dingtalk-access-token": m.token, "content-length": "0" },
  });
  assert.deepEqual(expectOk(res), { case: "success", code: "200" });
  assert.equal(await lastSeq(m.app, m.id), seq);
  assert.equal((await extrasOf(m.app, m.id)).extInfo, null);
});

test("UpdateVideoConferenceExtInfo: a JSON object replaces extInfo, one row when it differs; non-objects are Missingbody", async () => {
  m = await meeting(["union-alice"]);
  const x = ex(m.app, m.token);
  const seq = await lastSeq(m.app, m.id);
  expectOk(await x.extInfo(m.id, { room: "A1", tags: ["x"] }));
  expectOk(await x.extInfo(m.id, { room: "A1", tags: ["x"] }));
  expectOk(await x.extInfo(m.id, { room: "B2" }));
  assert.deepEqual((await extrasOf(m.app, m.id)).extInfo, { room: "B2" });
  assert.deepEqual(await auditOps(m.app, m.id, seq), [
    ["UpdateVideoConferenceExtInfo", m.id],
    ["UpdateVideoConferenceExtInfo", m.id],
  ]);
  for (const body of [[1, 2], "text", 5, null]) {
    const res = await m.app.inject({
      method: "PUT",
      url: `${CONF}/${m.id}/extInfo`,
      headers: { "x-acs-dingtalk-access-token": m.token, "content-type": "application/json" },
      payload: JSON.stringify(body),
    });
    expectError(res, 400, "Missingbody");
  }
  expectError(
    await x.extInfo(m.id, { big: "x".repeat(70_000) }),
    400,
    "paramsError",
    /larger than 65536 bytes/,
  );
  assert.deepEqual((await extrasOf(m.app, m.id)).extInfo, { room: "B2" });
});

test("UpdateVideoConferenceExtInfo: E-W for unknown, other-org and ended meetings", async () => {
  m = await meeting(["union-alice"]);
  const x = ex(m.app, m.token);
  expectError(await x.extInfo("0".repeat(24)), 400, "paramsError", "error:conference not found");
  const globex = ex(m.app, await tokenFor(m.app, "globex-app"));
  expectError(await globex.extInfo(m.id, { a: 1 }), 400, "permissionError");
  expectOk(await api(m.app, m.token).close(m.id, "union-alice"));
  expectError(await x.extInfo(m.id), 400, "confClosed");
});

test("SetSubtitleEvent subscribes the calling app, idempotently, per app; bad input changes nothing", async () => {
  m = await meeting(["union-alice"]);
  const x = ex(m.app, m.token);
  const seq = await lastSeq(m.app, m.id);
  assert.deepEqual(expectOk(await x.subtitles(m.id, { enable: true })), { success: true });
  expectOk(await x.subtitles(m.id, { enable: true }));
  const suite = ex(m.app, await suiteToken(m));
  expectOk(await suite.subtitles(m.id, { enable: true }));
  assert.deepEqual((await extrasOf(m.app, m.id)).subtitleApps, ["acme-app", "suite-meetbot"]);
  expectOk(await x.subtitles(m.id, { enable: false }));
  expectOk(await x.subtitles(m.id, { enable: false }));
  assert.deepEqual((await extrasOf(m.app, m.id)).subtitleApps, ["suite-meetbot"]);
  assert.deepEqual(await auditOps(m.app, m.id, seq), [
    ["SetSubtitleEvent", "acme-app"],
    ["SetSubtitleEvent", "suite-meetbot"],
    ["SetSubtitleEvent", "acme-app"],
  ]);
  await unchangedBy(m.app, m.token, m.id, async () => {
    expectError(await x.subtitles(m.id, {}), 400, "paramsError", "error:enable is missing");
    expectError(
      await x.subtitles(m.id, { enable: "true" }),
      400,
      "paramsError",
      "error:enable must be boolean",
    );
  });
  const globex = ex(m.app, await tokenFor(m.app, "globex-app"));
  expectError(await globex.subtitles(m.id, { enable: true }), 400, "permissionError");
  expectOk(await api(m.app, m.token).close(m.id, "union-alice"));
  expectError(await x.subtitles(m.id, { enable: true }), 400, "confClosed");
});

/** A token of the fixture's suite for acme. */
async function suiteToken(t: Meeting): Promise<string> {
  const res = await t.app.inject({
    method: "POST",
    url: "/v1.0/oauth2/corpAccessToken",
    payload: {
      suiteKey: "suite-meetbot",
      suiteSecret: "meetbot-secret",
      authCorpId: "dingcorp-acme",
      suiteTicket: "ticket-1",
    },
  });
  return expectOk(res).accessToken;
}

test("POST /_vconf/v1/conferences/{id}/asr: live meetings only; a bad result changes nothing", async () => {
  m = await meeting(["union-alice"]);
  const asr = (id: string, body: unknown) => m.c.call("POST", `${CONTROL}/conferences/${id}/asr`, body);
  const result = {
    result: "大家好",
    speakerUnionId: "union-alice",
    words: [{ startTime: 0, text: "大家好", endTime: 900 }],
  };
  // Nobody subscribed: nothing to push.
  assert.deepEqual(expectOk(await asr(m.id, result)), { pushed: 0 });
  expectError(await asr("0".repeat(24), result), 404, "vconf.NotFound");
  expectError(
    await asr(m.id, { speakerUnionId: "union-alice" }),
    400,
    "paramsError",
    "error:result is missing",
  );
  expectError(await asr(m.id, { ...result, bizType: "video" }), 400, "paramsError");
  expectOk(await api(m.app, m.token).close(m.id, "union-alice"));
  expectError(await asr(m.id, result), 409, "vconf.Conflict", "the meeting is not in progress");
});
