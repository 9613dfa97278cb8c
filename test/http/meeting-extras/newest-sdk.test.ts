import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { CONTROL } from "../../../src/schemas/paths.js";
import { api, CONF, control, expectError, expectOk, tokenFor } from "../../helpers/app.js";
import { ex, extrasOf } from "../../helpers/extras.js";
import { auditOps, lastSeq, meeting, unchangedBy, type Meeting } from "../../helpers/host-controls.js";
import { exchange, expectRawEnvelope, only, rawRequest } from "../../helpers/raw-http.js";

/**
 * The four operations only the newest SDKs (Java, Python, Go 2.2.6x) have, over raw HTTP framed as those
 * SDKs frame them: JSON bodies with Content-Length, and OptRecordWhiteAccount as a body-less POST sent
 * chunked with zero bytes and no content type (the Java SDK's okhttp).
 */

let m: Meeting;
afterEach(() => m.close());

const sdkHeaders = (token: string, action: string) => ({
  "x-acs-dingtalk-access-token": token,
  "x-acs-action": action,
  "x-acs-version": "conference_1.0",
  "User-Agent": "AlibabaCloud (Linux; amd64) Java/17 TeaDSL/1",
  Accept: "application/json",
});

/** A POST with a JSON body and Content-Length, as the SDKs send one. */
async function jsonPost(port: number, path: string, token: string, action: string, body: unknown) {
  const text = JSON.stringify(body);
  const req = rawRequest(
    "POST",
    path,
    {
      ...sdkHeaders(token, action),
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": String(Buffer.byteLength(text)),
    },
    text,
  );
  return only(await exchange(port, req));
}

/** OptRecordWhiteAccount as okhttp frames it: chunked, zero bytes, no content type. */
async function whiteAccountPost(port: number, token: string, requestBody: unknown, chunked = true) {
  const q = encodeURIComponent(JSON.stringify(requestBody));
  const framing: Record<string, string> = chunked
    ? { "Transfer-Encoding": "chunked" }
    : { "Content-Length": "0" };
  const req = rawRequest(
    "POST",
    `${CONF}/enterpriseSetting/record/whiteAccount?requestBody=${q}`,
    { ...sdkHeaders(token, "OptRecordWhiteAccount"), ...framing },
    chunked ? "0\r\n\r\n" : "",
  );
  return only(await exchange(port, req));
}

const listen = async () => {
  m = await meeting(["union-alice", "union-bob"]);
  await m.app.listen({ host: "127.0.0.1", port: 0 });
  return (m.app.server.address() as { port: number }).port;
};

test("UpdateMemberNick: sets the member's in-meeting nick; same nick again writes nothing", async () => {
  const port = await listen();
  const path = `${CONF}/${m.id}/members/updateNick`;
  const seq = await lastSeq(m.app, m.id);
  const r = await jsonPost(port, path, m.token, "UpdateMemberNick", {
    nick: " 新昵称 ",
    unionId: "union-bob",
  });
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(JSON.parse(r.body), { success: true });
  assert.equal((await m.h.members(m.id)).get("union-bob")!.userNick, "新昵称");
  await jsonPost(port, path, m.token, "UpdateMemberNick", { nick: "新昵称", unionId: "union-bob" });
  assert.deepEqual(await auditOps(m.app, m.id, seq), [["UpdateMemberNick", "union-bob"]]);

  const x = ex(m.app, m.token);
  await unchangedBy(m.app, m.token, m.id, async () => {
    expectError(
      await x.nick(m.id, { nick: "  ", unionId: "union-bob" }),
      400,
      "paramsError",
      "error:nick is missing",
    );
    expectError(await x.nick(m.id, { unionId: "union-bob" }), 400, "paramsError", "error:nick is missing");
    expectError(await x.nick(m.id, { nick: "N" }), 400, "paramsError", "error:unionId is missing");
    expectError(await x.nick(m.id, { nick: "N", unionId: "union-nobody" }), 400, "unknownUserError");
    expectError(
      await x.nick(m.id, { nick: "N", unionId: "union-erin" }),
      400,
      "paramsError",
      "error:union-erin is not a member of the meeting",
    );
    expectError(await x.nick(m.id, { nick: "x".repeat(257), unionId: "union-bob" }), 400, "paramsError");
  });
  const globex = ex(m.app, await tokenFor(m.app, "globex-app"));
  expectError(await globex.nick(m.id, { nick: "N", unionId: "union-bob" }), 400, "permissionError");
  expectOk(await api(m.app, m.token).close(m.id, "union-alice"));
  expectError(await x.nick(m.id, { nick: "N", unionId: "union-bob" }), 400, "confClosed");
});

test("CreateAutoLoginUrl: a fresh placeholder login link per call for a user of the org", async () => {
  const port = await listen();
  const path = `${CONF}/createAutoLoginUrl`;
  const meetingUrl = "https://vconf.local/j/123456789";
  const r = await jsonPost(port, path, m.token, "CreateAutoLoginUrl", { meetingUrl, unionId: "union-alice" });
  assert.equal(r.status, 200, r.body);
  const body = JSON.parse(r.body);
  assert.equal(body.success, true);
  const url = new URL(body.loginInfo.loginUrl);
  assert.match(url.pathname, /^\/autologin\/[0-9a-f]{32}$/);
  assert.equal(url.searchParams.get("redirect"), meetingUrl);
  const again = JSON.parse(
    (await jsonPost(port, path, m.token, "CreateAutoLoginUrl", { meetingUrl, unionId: "union-alice" })).body,
  );
  assert.notEqual(again.loginInfo.loginUrl, body.loginInfo.loginUrl);

  const x = ex(m.app, m.token);
  expectError(
    await x.autoLogin({ unionId: "union-alice" }),
    400,
    "paramsError",
    "error:meetingUrl is missing",
  );
  expectError(await x.autoLogin({ meetingUrl }), 400, "paramsError", "error:unionId is missing");
  expectError(
    await x.autoLogin({ meetingUrl: "ftp://x/y", unionId: "union-alice" }),
    400,
    "paramsError",
    "error:meetingUrl must be an http or https URL",
  );
  expectError(await x.autoLogin({ meetingUrl, unionId: "union-nobody" }), 400, "unknownUserError");
  expectError(
    await x.autoLogin({ meetingUrl, unionId: "union-gina" }),
    400,
    "permissionError",
    "permissionError:user is not in this organization",
  );
  const reader = ex(m.app, await tokenFor(m.app, "acme-reader"));
  expectError(
    await reader.autoLogin({ meetingUrl, unionId: "union-alice" }),
    403,
    "Forbidden.AccessDenied.AccessTokenPermissionDenied",
  );
});

test("InviteMcu: the host or a co-host invites an MCU by the meeting's room code, once", async () => {
  const port = await listen();
  const info = expectOk(await api(m.app, m.token).info(m.id)).confInfo;
  const roomCode = info.roomCode as string;
  const spaced = `${roomCode.slice(0, 3)} ${roomCode.slice(3, 6)} ${roomCode.slice(6)}`;
  const seq = await lastSeq(m.app, m.id);
  const body = { mcuRoomCode: "123456", roomCode: spaced, unionId: "union-alice" };
  const r = await jsonPost(port, `${CONF}/mcus/invite`, m.token, "InviteMcu", body);
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(JSON.parse(r.body), { success: true });
  await jsonPost(port, `${CONF}/mcus/invite`, m.token, "InviteMcu", body);
  assert.deepEqual(
    (await extrasOf(m.app, m.id)).mcus.map((x) => [x.mcuRoomCode, x.invitedBy]),
    [["123456", "union-alice"]],
  );
  assert.deepEqual(await auditOps(m.app, m.id, seq), [["InviteMcu", "mcu:123456"]]);

  const x = ex(m.app, m.token);
  await unchangedBy(m.app, m.token, m.id, async () => {
    expectError(
      await x.mcu({ ...body, mcuRoomCode: "12ab" }),
      400,
      "paramsError",
      "error:mcuRoomCode must be digits",
    );
    expectError(
      await x.mcu({ ...body, mcuRoomCode: roomCode }),
      400,
      "paramsError",
      "error:a meeting cannot invite itself",
    );
    expectError(
      await x.mcu({ ...body, roomCode: "999999999" }),
      400,
      "paramsError",
      "error:roomCode not found",
    );
    expectError(await x.mcu({ ...body, mcuRoomCode: "7", unionId: "union-bob" }), 400, "permissionError");
    expectError(await x.mcu({ ...body, mcuRoomCode: "7", unionId: "union-nobody" }), 400, "unknownUserError");
    expectError(
      await x.mcu({ roomCode, unionId: "union-alice" }),
      400,
      "paramsError",
      "error:mcuRoomCode is missing",
    );
  });
  const globex = ex(m.app, await tokenFor(m.app, "globex-app"));
  expectError(await globex.mcu({ ...body, mcuRoomCode: "7" }), 400, "permissionError");
  expectOk(await api(m.app, m.token).close(m.id, "union-alice"));
  expectError(await x.mcu({ ...body, mcuRoomCode: "7" }), 400, "confClosed");
});

test("OptRecordWhiteAccount: a body-less chunked POST adds to and removes from the org's white list", async () => {
  const port = await listen();
  const list = async () =>
    expectOk(await control(m.app).call("GET", `${CONTROL}/orgs/dingcorp-acme/recordWhiteAccounts`));
  const add = {
    bizType: "cloud_record",
    operation: 1,
    settingRangeList: [
      { settingRangeId: "union-bob", settingRangeType: 3 },
      { settingRangeId: "dept-7", settingRangeType: 2 },
      { settingRangeId: "dingcorp-acme", settingRangeType: 1 },
    ],
    unionId: "union-alice",
  };
  const r = await whiteAccountPost(port, m.token, add);
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(JSON.parse(r.body), { code: "200" });
  // Content-Length: 0 (another client's framing) and a repeat: the same list.
  assert.equal((await whiteAccountPost(port, m.token, add, false)).status, 200);
  const held = await list();
  assert.deepEqual(
    held.cloud_record.map((w: { settingRangeType: number; settingRangeId: string }) => [
      w.settingRangeType,
      w.settingRangeId,
    ]),
    [
      [1, "dingcorp-acme"],
      [2, "dept-7"],
      [3, "union-bob"],
    ],
  );
  assert.deepEqual(held.local_record, []);
  const remove = {
    ...add,
    operation: 2,
    settingRangeList: [{ settingRangeId: "dept-7", settingRangeType: 2 }],
  };
  assert.equal((await whiteAccountPost(port, m.token, remove)).status, 200);
  assert.equal((await list()).cloud_record.length, 2);

  const refused: [unknown, number, string, string?][] = [
    [
      { ...add, bizType: "video" },
      400,
      "paramsError",
      "error:requestBody.bizType must be one of cloud_record, local_record",
    ],
    [
      { ...add, operation: 3 },
      400,
      "paramsError",
      "error:requestBody.operation must be 1 (add) or 2 (remove)",
    ],
    [{ ...add, unionId: undefined }, 400, "paramsError", "error:requestBody.unionId is missing"],
    [{ ...add, unionId: "union-nobody" }, 400, "unknownUserError"],
    [
      { ...add, unionId: "union-gina" },
      400,
      "permissionError",
      "permissionError:user is not in this organization",
    ],
    [{ ...add, settingRangeList: [{ settingRangeId: "x", settingRangeType: 4 }] }, 400, "paramsError"],
    [
      { ...add, settingRangeList: [{ settingRangeId: "union-gina", settingRangeType: 3 }] },
      400,
      "paramsError",
    ],
    [
      { ...add, settingRangeList: [{ settingRangeId: "dingcorp-globex", settingRangeType: 1 }] },
      400,
      "paramsError",
    ],
  ];
  for (const [doc, status, code, message] of refused) {
    const res = await whiteAccountPost(port, m.token, doc);
    const env = expectRawEnvelope(res, status, code);
    if (message) assert.equal(env.message, message);
  }
  const x = ex(m.app, m.token);
  expectError(await x.whiteList(), 400, "paramsError", "error:requestBody is missing");
  expectError(await x.whiteList("{not json"), 400, "paramsError", "error:requestBody is not a JSON object");
  assert.equal((await list()).cloud_record.length, 2);
  // Another org's app works on its own org's list only.
  const globex = await tokenFor(m.app, "globex-app");
  expectRawEnvelope(await whiteAccountPost(port, globex, add), 400, "permissionError");
  assert.equal((await list()).cloud_record.length, 2);
  // A real (non-empty) body that is not JSON is still Missingbody.
  const bad = rawRequest(
    "POST",
    `${CONF}/enterpriseSetting/record/whiteAccount?requestBody=%7B%7D`,
    { ...sdkHeaders(m.token, "OptRecordWhiteAccount"), "Transfer-Encoding": "chunked" },
    "3\r\nabc\r\n0\r\n\r\n",
  );
  expectRawEnvelope(only(await exchange(port, bad)), 400, "Missingbody");
});
