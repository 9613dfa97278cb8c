import assert from "node:assert/strict";
import { test } from "node:test";
import { VconfClient } from "../../src/client/index.js";
import { ADMIN_KEY, control, expectOk, useTestApp } from "../helpers/app.js";
import { cli } from "../helpers/cli.js";
import { extrasOf } from "../helpers/extras.js";

let json: ReturnType<typeof cli>["json"];
let ok: ReturnType<typeof cli>["ok"];
let vconf: ReturnType<typeof cli>["vconf"];

const ctx = useTestApp({ per: "file", listen: true }, (c) => {
  ({ json, ok, vconf } = cli(c.url, { VCONF_APP_KEY: "acme-app" }));
});

test("vconf streams start|stop through the binary", async () => {
  const id = (await json(["conferences", "create", "--organizer", "union-alice", "--title", "S"]))
    .conferenceId;
  expectOk(await control(ctx.app).join(id, "union-alice"));
  const started = await json([
    "streams",
    "start",
    id,
    "rtmp://x/1",
    "rtmp://x/2",
    "http://x/3",
    "--by",
    "union-alice",
  ]);
  assert.deepEqual(Object.keys(started.successStreamMap), ["rtmp://x/1", "rtmp://x/2"]);
  assert.deepEqual(started.failStreamMap, { "http://x/3": "stream url must start with rtmp" });
  const text = await ok([
    "streams",
    "stop",
    id,
    started.successStreamMap["rtmp://x/1"],
    "--by",
    "union-alice",
  ]);
  assert.match(text, /stopped [0-9a-f]{24}/);
  assert.match(await ok(["streams", "stop", id, "--all", "--by", "union-alice"]), /stopped every stream/);
  assert.deepEqual(
    (await extrasOf(ctx.app, id)).streams.map((s) => s.state),
    ["stopped", "stopped"],
  );
  const bad = await vconf(["streams", "stop", id, "--by", "union-alice"], { VCONF_APP_KEY: "acme-app" });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /STREAMID/);
});

test("the typed client's extras calls", async () => {
  const admin = new VconfClient({ url: ctx.url, adminKey: ADMIN_KEY });
  const c = await admin.useApp("acme-app", "acme-secret");
  const { conferenceId: id } = await c.createVideoConference({ userId: "union-alice", confTitle: "T" });
  expectOk(await control(ctx.app).join(id, "union-bob"));
  const x = c.extras;
  assert.deepEqual(await x.updateVideoConferenceExtInfo(id), { case: "success", code: "200" });
  await x.updateVideoConferenceExtInfo(id, { a: 1 });
  assert.deepEqual((await extrasOf(ctx.app, id)).extInfo, { a: 1 });
  assert.deepEqual(await x.setSubtitleEvent(id, true), { success: true });
  assert.deepEqual(await x.updateMemberNick(id, { unionId: "union-bob", nick: "B" }), { success: true });
  const login = await x.createAutoLoginUrl({ meetingUrl: "https://vconf.local/j/1", unionId: "union-alice" });
  assert.match(login.loginInfo.loginUrl, /^https:\/\/vconf\.local\/autologin\//);
  const { confInfo } = await c.queryConferenceInfo(id);
  assert.deepEqual(
    await x.inviteMcu({ roomCode: confInfo.roomCode, mcuRoomCode: "42", unionId: "union-alice" }),
    { success: true },
  );
  const s = await x.startStreamOut(id, {
    unionId: "union-alice",
    needHostJoin: false,
    streamUrlList: ["rtmp://y/1"],
    streamName: "n",
    mode: "grid",
    smallWindowPosition: "float_right",
  });
  assert.deepEqual(await x.stopStreamOut(id, { stopAllStream: true, unionId: "union-alice" }), {
    code: "200",
  });
  assert.equal(Object.keys(s.successStreamMap).length, 1);
  assert.deepEqual(
    await x.optRecordWhiteAccount({
      bizType: "cloud_record",
      operation: 1,
      settingRangeList: [{ settingRangeId: "union-bob", settingRangeType: 3 }],
      unionId: "union-alice",
    }),
    { code: "200" },
  );
  const lists = await admin.extras.recordWhiteAccounts("dingcorp-acme");
  assert.equal(lists.cloud_record.length, 1);
});
