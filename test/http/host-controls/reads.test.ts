import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { api, createConference, expectError, expectOk, tokenFor } from "../../helpers/app.js";
import { hc, meeting, type Meeting } from "../../helpers/host-controls.js";

let m: Meeting;
afterEach(() => m.close());

test("QueryConferenceInfoBatch: request order, duplicates once, unknown and other-org ids left out", async () => {
  m = await meeting(["union-alice", "union-bob"]);
  const second = await createConference(m.app, m.token);
  const globex = await tokenFor(m.app, "globex-app");
  const theirs = expectOk(
    await api(m.app, globex).create({ userId: "union-gina", confTitle: "Globex" }),
  ).conferenceId;
  expectOk(await m.h.muteAll(m.id, { action: "mute", forceMute: true }));
  const body = expectOk(
    await m.h.batch({ conferenceIdList: [second, m.id, "0123456789abcdef01234567", theirs, second] }),
  );
  assert.deepEqual(
    body.infos.map((i: { conferenceId: string }) => i.conferenceId),
    [second, m.id],
  );
  const info = body.infos[1];
  assert.equal(info.title, "Weekly sync");
  assert.equal(info.status, 2);
  assert.equal(info.startTime, Date.UTC(2026, 0, 1));
  assert.equal(info.mediaStatus, 4);
  assert.deepEqual(info.userList, [
    { userId: "union-alice", nick: "Alice", attendStatus: 3, micStatus: 2, cameraStatus: 2 },
    { userId: "union-bob", nick: "Bob", attendStatus: 3, micStatus: 1, cameraStatus: 2 },
  ]);
  assert.equal(body.infos[0].mediaStatus, 0);
  // Globex sees its own conference only.
  const g = expectOk(await hc(m.app, globex).batch({ conferenceIdList: [m.id, theirs] }));
  assert.deepEqual(
    g.infos.map((i: { conferenceId: string }) => i.conferenceId),
    [theirs],
  );
  // An ended meeting is shown with status 1.
  expectOk(await api(m.app, m.token).close(second, "union-alice"));
  assert.equal(expectOk(await m.h.batch({ conferenceIdList: [second] })).infos[0].status, 1);
});

test("QueryConferenceInfoBatch errors: gateway, Read scope, field validation", async () => {
  m = await meeting();
  const reader = await tokenFor(m.app, "acme-reader");
  expectOk(await hc(m.app, reader).batch({ conferenceIdList: [m.id] }));
  const noscope = await tokenFor(m.app, "acme-noscope");
  const denied = expectError(
    await hc(m.app, noscope).batch({ conferenceIdList: [m.id] }),
    403,
    "Forbidden.AccessDenied.AccessTokenPermissionDenied",
  );
  assert.deepEqual(denied.accessdenieddetail, { requiredScopes: ["VideoConference.Conference.Read"] });
  expectError(await hc(m.app, "bad").batch({ conferenceIdList: [m.id] }), 400, "InvalidAuthentication");
  expectError(await m.h.batch({}), 400, "paramError", "PARAM ERROR: conferenceIdList is missing");
  expectError(
    await m.h.batch({ conferenceIdList: [] }),
    400,
    "paramError",
    "PARAM ERROR: conferenceIdList must not be empty",
  );
  expectError(await m.h.batch({ conferenceIdList: [""] }), 400, "paramError", /conferenceIdList\[0\]/);
  expectError(
    await m.h.batch({ conferenceIdList: "x" }),
    400,
    "paramError",
    /conferenceIdList must be array/,
  );
  const many = Array.from({ length: 101 }, (_, i) => `id-${i}`);
  expectError(
    await m.h.batch({ conferenceIdList: many }),
    400,
    "paramError",
    "PARAM ERROR: conferenceIdList has more than 100 ids",
  );
});

test("QueryUserOnGoingConference: meetings not ended where the user is in the meeting now", async () => {
  m = await meeting(["union-alice", "union-bob"], ["union-carol"]);
  const second = await createConference(m.app, m.token);
  const third = await createConference(m.app, m.token);
  expectOk(await m.c.join(second, "union-bob", { deviceType: "ios" }));
  expectOk(await m.c.join(third, "union-bob"));
  expectOk(await m.c.leave(third, "union-bob"));
  m.clock.advance(5000);
  const body = expectOk(await m.h.ongoing("?unionId=union-bob"));
  assert.deepEqual([...body.onGoingConfIdList].sort(), [m.id, second].sort());
  assert.deepEqual(Object.keys(body.memberModelMap).sort(), [m.id, second].sort());
  assert.deepEqual(body.memberModelMap[second], {
    unionId: "union-bob",
    conferenceId: second,
    userNick: "Bob",
    joinTime: Date.UTC(2026, 0, 1),
    duration: 0,
    attendStatus: 3,
    host: false,
    coHost: false,
    pstnJoin: false,
    deviceType: "ios",
  });
  // Closing ends it; an invited-only user has none; another org's token sees none of acme's meetings.
  expectOk(await api(m.app, m.token).close(second, "union-alice"));
  assert.deepEqual(expectOk(await m.h.ongoing("?unionId=union-bob")).onGoingConfIdList, [m.id]);
  assert.deepEqual(expectOk(await m.h.ongoing("?unionId=union-carol")), {
    onGoingConfIdList: [],
    memberModelMap: {},
  });
  const globex = await tokenFor(m.app, "globex-app");
  assert.deepEqual(expectOk(await hc(m.app, globex).ongoing("?unionId=union-bob")).onGoingConfIdList, []);
});

test("QueryUserOnGoingConference errors", async () => {
  m = await meeting();
  expectError(await m.h.ongoing(""), 400, "paramError", "PARAM ERROR: unionId is missing");
  expectError(await m.h.ongoing("?unionId="), 400, "paramError", "PARAM ERROR: unionId is missing");
  expectError(await m.h.ongoing("?unionId=union-nobody"), 400, "unknownUserError");
  const noscope = await tokenFor(m.app, "acme-noscope");
  expectError(
    await hc(m.app, noscope).ongoing("?unionId=union-bob"),
    403,
    "Forbidden.AccessDenied.AccessTokenPermissionDenied",
  );
  const res = await m.app.inject({ method: "GET", url: "/v1.0/conference/users/lists?unionId=union-bob" });
  expectError(res, 400, "AuthenticationFailed.MissingParameter");
});
