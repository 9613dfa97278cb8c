import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTROL, SCHEDULES } from "../../../src/schemas/paths.js";
import { api, control, expectError, expectOk, tokenFor, useTestApp, snapshotOf } from "../../helpers/app.js";

const t = useTestApp();
const START = Date.UTC(2026, 0, 2, 9);
const END = START + 3_600_000;

async function book(token: string, over: Record<string, unknown> = {}) {
  const body = { creatorUnionId: "union-alice", title: "Planning", startTime: START, endTime: END, ...over };
  return api(t.app, token).call("POST", SCHEDULES, body);
}
const joinByCode = (code: string, unionId: string) =>
  control(t.app).call("POST", `${CONTROL}/roomCodes/${code}/attendees/${unionId}/join`, {});
const query = (token: string, id: string, who = "union-bob") =>
  api(t.app, token).call("GET", `${SCHEDULES}/${id}/infos?requestUnionId=${who}`);

test("CreateScheduleConference books a meeting with a pending instance; QueryScheduleConference shows it", async () => {
  const token = await tokenFor(t.app);
  const res = expectOk(await book(token, { title: "x".repeat(60) }));
  assert.match(
    res.scheduleConferenceId,
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.match(res.roomCode, /^\d{9}$/);
  assert.equal(res.url, `https://vconf.local/j/${res.roomCode}`);
  assert.deepEqual(res.phones, []);
  assert.equal(typeof res.requestId, "string");
  const info = expectOk(await query(token, res.scheduleConferenceId));
  assert.deepEqual(
    { ...info, requestId: undefined },
    {
      scheduleConferenceId: res.scheduleConferenceId,
      title: "x".repeat(50),
      roomCode: res.roomCode,
      url: res.url,
      startTime: START,
      endTime: END,
      phones: [],
      requestId: undefined,
    },
  );
});

test("CreateScheduleConference refuses bad input and changes nothing", async () => {
  const token = await tokenFor(t.app);
  const cases: [Record<string, unknown>, string][] = [
    [{ title: " " }, "error:title is missing"],
    [{ title: "y".repeat(257) }, "error:title is longer than 256 characters"],
    [{ endTime: START }, "error:endTime must be later than startTime"],
    [{ creatorUnionId: "union-gina" }, "error:creatorUnionId is not a user of this organization"],
    [{ creatorUnionId: "union-nobody" }, "error:creatorUnionId is not a user of this organization"],
    [{ scheduleConfSettingModel: { cohostUnionIds: ["union-alice"] } }, "error:the host cannot be a co-host"],
    [
      { scheduleConfSettingModel: { hostUnionId: "union-gina" } },
      "error:hostUnionId is not a user of this organization",
    ],
    [
      { scheduleConfSettingModel: { cohostUnionIds: ["union-zed"] } },
      "error:cohostUnionIds: unknown user union-zed",
    ],
  ];
  for (const [over, message] of cases) expectError(await book(token, over), 400, "paramsError", message);
  expectError(await book(token, { scheduleConfSettingModel: { muteOnJoin: 3 } }), 400, "paramsError");
  const snap = await snapshotOf(t.app);
  assert.deepEqual(snap.bookings, []);
  assert.deepEqual(snap.conferences, []);
});

test("the pending instance reads as status 0 and refuses every write until the first join starts it", async () => {
  const token = await tokenFor(t.app);
  const bk = expectOk(
    await book(token, {
      scheduleConfSettingModel: { hostUnionId: "union-bob", cohostUnionIds: ["union-carol"], lockRoom: 1 },
    }),
  );
  const detail = await snapshotOf(t.app);
  const id = detail.conferences[0].conferenceId as string;
  const before = expectOk(await api(t.app, token).info(id)).confInfo;
  assert.equal(before.status, 0);
  assert.equal(before.bizType, "3");
  assert.equal(before.scheduleConferenceId, bk.scheduleConferenceId);
  assert.equal(before.startTime, START);
  expectError(
    await api(t.app, token).cohosts(id, { action: "add", userList: [{ unionId: "union-dave" }] }),
    400,
    "paramsError",
    "error:the meeting has not started",
  );
  expectError(
    await api(t.app, token).close(id, "union-alice"),
    400,
    "paramsError",
    "error:the meeting has not started",
  );
  assert.equal(expectOk(await api(t.app, token).members(id)).totalCount, 0);

  t.clock.advance(5_000);
  const joined = expectOk(await joinByCode(bk.roomCode.replace(/(\d{3})/g, "$1 "), "union-dave"));
  assert.deepEqual(joined, { joined: true, conferenceId: id, started: true });
  const after = expectOk(await api(t.app, token).info(id)).confInfo;
  assert.equal(after.status, 2);
  assert.equal(after.startTime, t.clock.now());
  const members = expectOk(await api(t.app, token).members(id)).memberModels;
  const by = new Map(members.map((m: { unionId: string }) => [m.unionId, m]));
  assert.equal((by.get("union-bob") as { host: boolean }).host, true);
  assert.equal((by.get("union-carol") as { coHost: boolean }).coHost, true);
  assert.equal((by.get("union-dave") as { attendStatus: number }).attendStatus, 3);
  // lockRoom: locked right after the starter was admitted.
  expectError(
    await joinByCode(bk.roomCode, "union-erin"),
    403,
    "joinRefused",
    "joinRefused:the meeting is locked",
  );
});

test("held again: after close a room-code join starts a new instance; cancel stops new starts", async () => {
  const token = await tokenFor(t.app);
  const bk = expectOk(await book(token));
  const first = expectOk(await joinByCode(bk.roomCode, "union-alice"));
  expectOk(await api(t.app, token).close(first.conferenceId, "union-alice"));
  const second = expectOk(await joinByCode(bk.roomCode, "union-bob"));
  assert.equal(second.started, true);
  assert.notEqual(second.conferenceId, first.conferenceId);
  expectOk(await api(t.app, token).close(second.conferenceId, "union-alice"));
  const cancel = { scheduleConferenceId: bk.scheduleConferenceId, creatorUnionId: "union-alice" };
  expectOk(await api(t.app, token).call("POST", `${SCHEDULES}/cancel`, cancel));
  expectError(
    await joinByCode(bk.roomCode, "union-bob"),
    403,
    "joinRefused",
    "joinRefused:the schedule conference has been cancelled",
  );
  expectError(await api(t.app, token).call("POST", `${SCHEDULES}/cancel`, cancel), 400, "resourceCancel");
  expectError(await query(token, bk.scheduleConferenceId), 400, "resourceCancel");
  expectError(await joinByCode("000000000", "union-bob"), 404, "vconf.NotFound");
});

test("joinBeforeHost 0 refuses others until the host starts it", async () => {
  const token = await tokenFor(t.app);
  const settings = { moziConfVirtualExtraSetting: { joinBeforeHost: 0 } };
  const bk = expectOk(await book(token, { scheduleConfSettingModel: settings }));
  expectError(
    await joinByCode(bk.roomCode, "union-bob"),
    403,
    "joinRefused",
    "joinRefused:the host has not joined yet",
  );
  expectOk(await joinByCode(bk.roomCode, "union-alice"));
  assert.equal(expectOk(await joinByCode(bk.roomCode, "union-bob")).started, false);
});

test("UpdateScheduleConference: creator only; a pending instance follows; cancelled → resourceCancel", async () => {
  const token = await tokenFor(t.app);
  const bk = expectOk(await book(token));
  const body = {
    scheduleConferenceId: bk.scheduleConferenceId,
    creatorUnionId: "union-alice",
    title: "Renamed",
    startTime: START + 60_000,
    endTime: END,
  };
  expectError(
    await api(t.app, token).call("PUT", SCHEDULES, { ...body, creatorUnionId: "union-bob" }),
    400,
    "permissionError",
    "permissionError:only the creator can update this schedule conference",
  );
  expectError(
    await api(t.app, token).call("PUT", SCHEDULES, { ...body, scheduleConferenceId: "nope" }),
    400,
    "paramsError",
    "error:scheduleConferenceId not found",
  );
  expectOk(await api(t.app, token).call("PUT", SCHEDULES, body));
  const info = expectOk(await query(token, bk.scheduleConferenceId));
  assert.equal(info.title, "Renamed");
  assert.equal(info.startTime, START + 60_000);
  const snap = await snapshotOf(t.app);
  assert.equal(snap.conferences[0].title, "Renamed");
  const audit = expectOk(
    await control(t.app).call("GET", `${CONTROL}/scheduleConferences/${bk.scheduleConferenceId}/audit`),
  ).entries;
  assert.deepEqual(
    audit.map((e: { operation: string }) => e.operation),
    ["CreateScheduleConference", "UpdateScheduleConference"],
  );
  expectOk(
    await api(t.app, token).call("POST", `${SCHEDULES}/cancel`, {
      scheduleConferenceId: bk.scheduleConferenceId,
      creatorUnionId: "union-alice",
    }),
  );
  expectError(await api(t.app, token).call("PUT", SCHEDULES, body), 400, "resourceCancel");
});

test("isolation: another org's token learns nothing about a booking", async () => {
  const token = await tokenFor(t.app);
  const other = await tokenFor(t.app, "globex-app");
  const bk = expectOk(await book(token));
  const id = bk.scheduleConferenceId;
  expectError(
    await query(other, id, "union-gina"),
    400,
    "paramsError",
    "error:scheduleConferenceId not found",
  );
  expectError(
    await query(token, id, "union-gina"),
    400,
    "permissionError",
    "permissionError:no right to view this schedule conference",
  );
  const cancel = { scheduleConferenceId: id, creatorUnionId: "union-gina" };
  expectError(
    await api(t.app, other).call("POST", `${SCHEDULES}/cancel`, cancel),
    400,
    "paramsError",
    "error:scheduleConferenceId not found",
  );
  const update = { ...cancel, title: "x", startTime: START, endTime: END };
  expectError(
    await api(t.app, other).call("PUT", SCHEDULES, update),
    400,
    "paramsError",
    "error:scheduleConferenceId not found",
  );
  expectError(await query(token, id, ""), 400, "paramsError", "error:requestUnionId is missing");
  expectError(
    await api(t.app, token).call("GET", `${SCHEDULES}//infos?requestUnionId=union-bob`),
    400,
    "paramsError",
    "error:scheduleConferenceId is missing",
  );
  expectOk(await query(token, id));
});
