import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { CONTROL } from "../../../src/schemas/paths.js";
import { expectError, expectOk, tokenFor } from "../../helpers/app.js";
import { ex, extrasOf, startBody } from "../../helpers/extras.js";
import { meeting, type Meeting } from "../../helpers/host-controls.js";

let m: Meeting;
afterEach(() => m.close());

const whiteAdd = (corpId: string, unionId: string) => ({
  bizType: "local_record",
  operation: 1,
  settingRangeList: [{ settingRangeId: corpId, settingRangeType: 1 }],
  unionId,
});

test("snapshots carry streams, extInfo, subtitle apps, MCUs and white lists; reset drops them (all or one org's)", async () => {
  m = await meeting(["union-alice"]);
  const x = ex(m.app, m.token);
  expectOk(await x.start(m.id, startBody(["rtmp://a/1"])));
  expectOk(await x.extInfo(m.id, { k: "v" }));
  expectOk(await x.subtitles(m.id, { enable: true }));
  expectOk(await x.whiteList(whiteAdd("dingcorp-acme", "union-alice")));
  const globex = ex(m.app, await tokenFor(m.app, "globex-app"));
  expectOk(await globex.whiteList(whiteAdd("dingcorp-globex", "union-gina")));

  const snap = expectOk(await m.c.call("GET", `${CONTROL}/snapshot`));
  assert.equal(snap.extras.length, 1);
  assert.equal(snap.recordWhiteAccounts.length, 2);
  // Round trip: the same document back in, the same state out.
  expectOk(await m.c.call("PUT", `${CONTROL}/snapshot`, snap));
  assert.deepEqual(expectOk(await m.c.call("GET", `${CONTROL}/snapshot`)), snap);
  // Rows that point at nothing or carry values vconf never writes are refused, changing nothing.
  const bad = {
    ...snap,
    extras: [{ ...snap.extras[0], conferenceId: "f".repeat(24) }, snap.extras[0], snap.extras[0]],
    recordWhiteAccounts: [{ ...snap.recordWhiteAccounts[0], corpId: "dingnobody", settingRangeType: 9 }],
  };
  const res = expectError(await m.c.call("PUT", `${CONTROL}/snapshot`, bad), 400, "paramsError");
  assert.match(res.message, /extras\[0\]\.conferenceId f{24} is not a conference/);
  assert.match(res.message, /extras\[2\] repeats the conferenceId/);
  assert.match(res.message, /recordWhiteAccounts\[0\]\.corpId dingnobody is not an org/);
  assert.match(res.message, /recordWhiteAccounts\[0\]\.settingRangeType 9 is not one of 1, 2, 3/);
  assert.deepEqual(expectOk(await m.c.call("GET", `${CONTROL}/snapshot`)), snap);
  // A snapshot from before these tables (no keys) still imports.
  const { extras: _e, recordWhiteAccounts: _w, ...older } = snap;
  expectOk(await m.c.call("PUT", `${CONTROL}/snapshot`, older));
  assert.deepEqual((await extrasOf(m.app, m.id)).streams, []);
  expectOk(await m.c.call("PUT", `${CONTROL}/snapshot`, snap));

  expectOk(await m.c.call("POST", `${CONTROL}/reset`, { corpId: "dingcorp-globex" }));
  const lists = (corp: string) => m.c.call("GET", `${CONTROL}/orgs/${corp}/recordWhiteAccounts`);
  assert.deepEqual(expectOk(await lists("dingcorp-globex")).local_record, []);
  assert.equal(expectOk(await lists("dingcorp-acme")).local_record.length, 1);
  expectOk(await m.c.call("POST", `${CONTROL}/reset`, {}));
  const after = expectOk(await m.c.call("GET", `${CONTROL}/snapshot`));
  assert.deepEqual([after.extras, after.recordWhiteAccounts], [[], []]);
  expectError(await lists("dingnobody"), 404, "vconf.NotFound");
});

test("a scheduled instance that has not started (status 0) refuses every write of these operations", async () => {
  m = await meeting([]);
  await m.deps.store.transaction(async (tx) => {
    const conf = (await tx.getConference(m.id, true))!;
    await tx.updateConference({ ...conf, status: 0 });
  });
  const x = ex(m.app, m.token);
  const { confInfo } = expectOk(
    await m.app.inject({
      method: "GET",
      url: `/v1.0/conference/videoConferences/${m.id}`,
      headers: { "x-acs-dingtalk-access-token": m.token },
    }),
  );
  const refusals = [
    await x.extInfo(m.id, { a: 1 }),
    await x.subtitles(m.id, { enable: true }),
    await x.start(m.id, startBody(["rtmp://a"])),
    await x.stop(m.id, { stopAllStream: true, unionId: "union-alice" }),
    await x.nick(m.id, { nick: "N", unionId: "union-alice" }),
    await x.mcu({ roomCode: confInfo.roomCode, mcuRoomCode: "1", unionId: "union-alice" }),
  ];
  for (const res of refusals) expectError(res, 400, "paramsError", "error:the meeting has not started");
  assert.deepEqual(expectOk(await m.c.call("GET", `${CONTROL}/snapshot`)).extras, []);
});

test("the control plane's conference state shows the streams, subtitle apps, extInfo and MCUs beside the media", async () => {
  m = await meeting(["union-alice"]);
  const x = ex(m.app, m.token);
  const state = async () => expectOk(await m.c.call("GET", `${CONTROL}/conferences/${m.id}/state`));
  const before = await state();
  assert.deepEqual([before.streams, before.subtitleApps, before.extInfo], [[], [], null]);
  expectOk(await x.start(m.id, startBody(["rtmp://a/1"])));
  expectOk(await x.extInfo(m.id, { k: "v" }));
  expectOk(await x.subtitles(m.id, { enable: true }));
  const after = await state();
  assert.deepEqual(
    after.streams.map((s: { url: string; state: string }) => [s.url, s.state]),
    [["rtmp://a/1", "pushing"]],
  );
  assert.equal(after.subtitleApps.length, 1);
  assert.deepEqual(after.extInfo, { k: "v" });
  assert.deepEqual(after.cloudRecord, before.cloudRecord);
});
