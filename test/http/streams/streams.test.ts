import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { api, control, createConference, expectError, expectOk, tokenFor } from "../../helpers/app.js";
import { ex, extrasOf, startBody } from "../../helpers/extras.js";
import { auditOps, lastSeq, meeting, unchangedBy, type Meeting } from "../../helpers/host-controls.js";

let m: Meeting;
afterEach(() => m.close());

test("StartStreamOut: rtmp URLs push with new 24-hex ids, others and repeats fail with their reason", async () => {
  m = await meeting(["union-alice"]);
  const x = ex(m.app, m.token);
  const seq = await lastSeq(m.app, m.id);
  const body = expectOk(
    await x.start(m.id, startBody(["rtmp://a/live", "http://b/live", "rtmp://a/live", "rtmps://c/x"])),
  );
  assert.deepEqual(Object.keys(body.successStreamMap).sort(), ["rtmp://a/live", "rtmps://c/x"]);
  for (const id of Object.values(body.successStreamMap)) assert.match(id as string, /^[0-9a-f]{24}$/);
  assert.deepEqual(body.failStreamMap, {
    "http://b/live": "stream url must start with rtmp",
  });
  // The same URL again while it pushes fails; both maps are always sent.
  const again = expectOk(await x.start(m.id, startBody(["rtmp://a/live"])));
  assert.deepEqual(again, {
    successStreamMap: {},
    failStreamMap: { "rtmp://a/live": "stream url is already pushing" },
  });
  const streams = (await extrasOf(m.app, m.id)).streams;
  assert.deepEqual(
    streams.map((s) => [s.url, s.state]),
    [
      ["rtmp://a/live", "pushing"],
      ["rtmps://c/x", "pushing"],
    ],
  );
  assert.deepEqual(
    await auditOps(m.app, m.id, seq),
    streams.map((s) => ["StartStreamOut", s.streamId]),
  );
});

test("StartStreamOut with needHostJoin waits until the host joins; a co-host may push", async () => {
  m = await meeting(["union-bob"]);
  expectOk(await api(m.app, m.token).cohosts(m.id, { action: "add", userList: [{ unionId: "union-bob" }] }));
  const x = ex(m.app, m.token);
  const res = expectOk(
    await x.start(m.id, startBody(["rtmp://a/1"], { unionId: "union-bob", needHostJoin: true })),
  );
  const id = res.successStreamMap["rtmp://a/1"];
  assert.equal((await extrasOf(m.app, m.id)).streams[0].state, "waiting");
  expectOk(await m.c.join(m.id, "union-alice"));
  const [s] = (await extrasOf(m.app, m.id)).streams;
  assert.deepEqual([s.streamId, s.state], [id, "pushing"]);
});

test("StopStreamOut: one stream, then all; stopping again changes nothing; close ends the rest", async () => {
  m = await meeting(["union-alice"]);
  const x = ex(m.app, m.token);
  const ids = expectOk(await x.start(m.id, startBody(["rtmp://a/1", "rtmp://a/2", "rtmp://a/3"])))
    .successStreamMap as Record<string, string>;
  assert.deepEqual(
    expectOk(
      await x.stop(m.id, { streamId: ids["rtmp://a/1"], stopAllStream: false, unionId: "union-alice" }),
    ),
    { code: "200" },
  );
  const seq = await lastSeq(m.app, m.id);
  expectOk(await x.stop(m.id, { streamId: ids["rtmp://a/1"], stopAllStream: false, unionId: "union-alice" }));
  assert.equal(await lastSeq(m.app, m.id), seq);
  // A stopped URL may push again, under a new id.
  const again = expectOk(await x.start(m.id, startBody(["rtmp://a/1"]))).successStreamMap["rtmp://a/1"];
  assert.notEqual(again, ids["rtmp://a/1"]);
  expectOk(await x.stop(m.id, { streamId: again, stopAllStream: false, unionId: "union-alice" }));
  expectOk(await x.stop(m.id, { stopAllStream: true, streamId: "ignored", unionId: "union-alice" }));
  const states = (await extrasOf(m.app, m.id)).streams.map((s) => s.state);
  assert.deepEqual(states, ["stopped", "stopped", "stopped", "stopped"]);

  expectOk(await x.start(m.id, startBody(["rtmp://a/9"])));
  const before = await lastSeq(m.app, m.id);
  expectOk(await api(m.app, m.token).close(m.id, "union-alice"));
  const last = (await extrasOf(m.app, m.id)).streams.at(-1)!;
  assert.equal(last.state, "stopped");
  assert.equal(typeof last.stoppedAt, "number");
  assert.ok(
    (await auditOps(m.app, m.id, before)).some(
      ([op, target]) => op === "CloseVideoConference" && target === last.streamId,
    ),
  );
  // Ended: E-W's confClosed on both.
  expectError(await x.start(m.id, startBody(["rtmp://a/10"])), 400, "confClosed");
  expectError(await x.stop(m.id, { stopAllStream: true, unionId: "union-alice" }), 400, "confClosed");
});

test("stream calls refuse bad input and non-moderators, changing nothing", async () => {
  m = await meeting(["union-alice", "union-bob"]);
  const x = ex(m.app, m.token);
  const cases: [unknown, number, string, RegExp | string][] = [
    [startBody([]), 400, "paramsError", "error:streamUrlList must not be empty"],
    [startBody(Array.from({ length: 11 }, (_, i) => `rtmp://a/${i}`)), 400, "paramsError", /at most 10/],
    [
      { ...startBody(["rtmp://a"]), streamName: undefined },
      400,
      "paramsError",
      "error:streamName is missing",
    ],
    [
      startBody(["rtmp://a"], { needHostJoin: "yes" }),
      400,
      "paramsError",
      "error:needHostJoin must be boolean",
    ],
    [startBody(["rtmp://a"], { unionId: "union-nobody" }), 400, "unknownUserError", "unknownUserError"],
    [
      startBody(["rtmp://a"], { unionId: "union-bob" }),
      400,
      "permissionError",
      "permissionError:only the host or a co-host can push streams",
    ],
  ];
  for (const [body, status, code, message] of cases)
    await unchangedBy(m.app, m.token, m.id, async () => {
      expectError(await x.start(m.id, body), status, code, message);
    });
  await unchangedBy(m.app, m.token, m.id, async () => {
    expectError(
      await x.stop(m.id, { streamId: "0".repeat(24), stopAllStream: false, unionId: "union-alice" }),
      400,
      "paramsError",
      "error:stream not found",
    );
    expectError(await x.stop(m.id, { stopAllStream: false, unionId: "union-alice" }), 400, "paramsError");
    expectError(
      await x.stop(m.id, { streamId: "x", unionId: "union-alice" }),
      400,
      "paramsError",
      "error:stopAllStream is missing",
    );
    expectError(await x.stop(m.id, { stopAllStream: true, unionId: "union-bob" }), 400, "permissionError");
  });
  assert.deepEqual((await extrasOf(m.app, m.id)).streams, []);
  // Unknown and missing conference ids: E-W.
  expectError(
    await x.start("0".repeat(24), startBody(["rtmp://a"])),
    400,
    "paramsError",
    "error:conference not found",
  );
});

test("another org's app gets permissionError on both stream calls", async () => {
  m = await meeting(["union-alice"]);
  const globex = ex(m.app, await tokenFor(m.app, "globex-app"));
  expectError(await globex.start(m.id, startBody(["rtmp://a"])), 400, "permissionError");
  expectError(
    await globex.stop(m.id, { stopAllStream: true, unionId: "union-alice" }),
    400,
    "permissionError",
  );
  // And a read-only app lacks the write scope.
  const reader = ex(m.app, await tokenFor(m.app, "acme-reader"));
  expectError(
    await reader.start(m.id, startBody(["rtmp://a"])),
    403,
    "Forbidden.AccessDenied.AccessTokenPermissionDenied",
  );
  void control;
  void createConference;
});
