import assert from "node:assert/strict";
import { test } from "node:test";
import { BASE, CONTROL, SCHEDULES } from "../../../src/schemas/paths.js";
import { api, control, expectError, expectOk, tokenFor, useTestApp } from "../../helpers/app.js";

const t = useTestApp();
const START = Date.UTC(2026, 0, 2, 9);
const byCode = (token: string, code: string, q = "") =>
  api(t.app, token).call("GET", `/v1.0/conference/roomCodes/${code}/infos${q}`);
const history = (token: string, id: string, q = "") =>
  api(t.app, token).call("GET", `${BASE}/scheduleConferences/${id}${q}`);

async function booking(token: string) {
  const body = { creatorUnionId: "union-alice", title: "Retro", startTime: START, endTime: START + 1 };
  return expectOk(await api(t.app, token).call("POST", SCHEDULES, body));
}
const joinByCode = (code: string, who: string) =>
  control(t.app).call("POST", `${CONTROL}/roomCodes/${code}/attendees/${who}/join`, {});

test("QueryScheduleConferenceInfo shows the latest instance; QueryConferenceInfoByRoomCode all of them", async () => {
  const token = await tokenFor(t.app);
  const bk = await booking(token);
  const pending = expectOk(await history(token, bk.scheduleConferenceId));
  assert.equal(pending.totalCount, 1);
  assert.equal(pending.nextToken, "");
  assert.equal(pending.conferenceList[0].status, 0);
  assert.equal(pending.conferenceList[0].startTime, START);
  const first = expectOk(await joinByCode(bk.roomCode, "union-alice"));
  t.clock.advance(60_000);
  expectOk(await api(t.app, token).close(first.conferenceId, "union-alice"));
  const second = expectOk(await joinByCode(bk.roomCode, "union-alice"));
  const latest = expectOk(await history(token, bk.scheduleConferenceId)).conferenceList;
  assert.deepEqual(
    latest.map((c: { conferenceId: string; status: number }) => [c.conferenceId, c.status]),
    [[second.conferenceId, 2]],
  );
  const all = expectOk(await byCode(token, bk.roomCode));
  assert.equal(all.totalCount, 2);
  assert.equal(all.hasMore, false);
  assert.equal(all.nextToken, undefined);
  assert.deepEqual(
    all.conferenceList.map((c: { conferenceId: string }) => c.conferenceId),
    [first.conferenceId, second.conferenceId],
  );
  const [ended] = all.conferenceList;
  assert.equal(ended.bizType, "3");
  assert.equal(ended.scheduleConferenceId, bk.scheduleConferenceId);
  assert.equal(ended.creatorNick, "Alice");
  assert.equal(ended.confDuration, 60_000);
  const paged = expectOk(await byCode(token, bk.roomCode, "?maxResults=1"));
  assert.deepEqual([paged.hasMore, paged.nextToken, paged.conferenceList.length], [true, "1", 1]);
});

test("the lists' errors: missing, unknown, another org's, bad paging", async () => {
  const token = await tokenFor(t.app);
  const other = await tokenFor(t.app, "globex-app");
  const bk = await booking(token);
  expectError(await history(other, bk.scheduleConferenceId), 400, "invalidScheduleConferenceId");
  expectError(await history(token, "nope"), 400, "invalidScheduleConferenceId");
  expectError(await history(token, ""), 400, "paramsError", "error:scheduleConferenceId is missing");
  expectError(await history(token, bk.scheduleConferenceId, "?maxResults=0"), 400, "paramsError");
  expectError(await byCode(other, bk.roomCode), 403, "noPermission");
  expectError(await byCode(token, "999999999"), 400, "invalidRoomCode");
  expectError(await byCode(token, ""), 400, "missingRoomCode");
  expectError(await byCode(token, bk.roomCode, "?nextToken=x"), 400, "paramError");
  // A booking's code before its first join lists its pending instance; an instant meeting's code works too.
  assert.equal(expectOk(await byCode(token, bk.roomCode)).conferenceList[0].status, 0);
  const instant = expectOk(await api(t.app, token).create({ userId: "union-alice", confTitle: "Now" }));
  const listed = expectOk(await byCode(token, instant.roomCode)).conferenceList;
  assert.deepEqual([listed[0].bizType, listed[0].scheduleConferenceId], ["0", ""]);
});
