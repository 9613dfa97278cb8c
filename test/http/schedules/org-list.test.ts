import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTROL, SCHEDULES } from "../../../src/schemas/paths.js";
import { api, control, expectError, expectOk, tokenFor, useTestApp } from "../../helpers/app.js";

/** QueryOrgConferenceList (spec-more section 2): the token's org's meetings in progress, oldest first. */
const t = useTestApp();
const ORG_LIST = "/v1.0/conference/orgConferences";
const list = (token: string, q = "") => api(t.app, token).call("GET", `${ORG_LIST}${q}`);

test("QueryOrgConferenceList lists live instant and scheduled meetings of the org only, oldest first, paged", async () => {
  const token = await tokenFor(t.app);
  const other = await tokenFor(t.app, "globex-app");
  const create = async (tok: string, userId: string, confTitle: string) => {
    const id = expectOk(await api(t.app, tok).create({ userId, confTitle })).conferenceId as string;
    t.clock.advance(1_000);
    return id;
  };
  const a = await create(token, "union-alice", "First");
  const ended = await create(token, "union-alice", "Ended");
  expectOk(await api(t.app, token).close(ended, "union-alice"));
  await create(other, "union-gina", "Globex");
  const booking = {
    creatorUnionId: "union-bob",
    title: "Booked",
    startTime: t.clock.now() - 60_000,
    endTime: t.clock.now() + 60_000,
  };
  const live = expectOk(await api(t.app, token).call("POST", SCHEDULES, booking));
  expectOk(await api(t.app, token).call("POST", SCHEDULES, { ...booking, title: "Still pending" }));
  const started = expectOk(
    await control(t.app).call("POST", `${CONTROL}/roomCodes/${live.roomCode}/attendees/union-bob/join`, {}),
  );
  t.clock.advance(1_000);
  const b = await create(token, "union-carol", "Last");

  const all = expectOk(await list(token));
  assert.equal(all.totalCount, 3);
  assert.equal(all.hasMore, false);
  assert.equal(all.nextToken, undefined);
  const startedAt = expectOk(await api(t.app, token).info(started.conferenceId)).confInfo.startTime;
  assert.deepEqual(all.onGoingConfList[1], {
    conferenceId: started.conferenceId,
    title: "Booked",
    roomCode: live.roomCode,
    creatorId: "union-bob",
    creatorNick: "Bob",
    bizType: "3",
    status: 2,
    startTime: startedAt,
  });
  assert.deepEqual(
    all.onGoingConfList.map((c: { conferenceId: string; bizType: string }) => [c.conferenceId, c.bizType]),
    [
      [a, "0"],
      [started.conferenceId, "3"],
      [b, "0"],
    ],
  );
  const first = expectOk(await list(token, "?maxResults=2"));
  assert.deepEqual(
    [first.onGoingConfList.length, first.hasMore, first.nextToken, first.totalCount],
    [2, true, "2", 3],
  );
  const rest = expectOk(await list(token, `?maxResults=2&nextToken=${first.nextToken}`));
  assert.deepEqual(
    rest.onGoingConfList.map((c: { conferenceId: string }) => c.conferenceId),
    [b],
  );
  assert.equal(rest.hasMore, false);
  const globex = expectOk(await list(other));
  assert.deepEqual([globex.totalCount, globex.onGoingConfList[0].title], [1, "Globex"]);
});

test("QueryOrgConferenceList: bad paging is paramError; a token without the read scope is refused", async () => {
  const token = await tokenFor(t.app);
  for (const q of ["?maxResults=0", "?maxResults=101", "?maxResults=x", "?nextToken=-1", "?nextToken=1.5"]) {
    expectError(await list(token, q), 400, "paramError");
  }
  assert.deepEqual(expectOk(await list(token)), { onGoingConfList: [], hasMore: false, totalCount: 0 });
  expectError(
    await list(await tokenFor(t.app, "acme-noscope")),
    403,
    "Forbidden.AccessDenied.AccessTokenPermissionDenied",
  );
});
