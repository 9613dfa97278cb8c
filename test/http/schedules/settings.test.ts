import assert from "node:assert/strict";
import { test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { CONTROL, SCHEDULES } from "../../../src/schemas/paths.js";
import { api, control, expectError, expectOk, tokenFor, useTestApp, snapshotOf } from "../../helpers/app.js";

/** QueryScheduleConfSettings and UpdateScheduleConfSettings (spec-more section 1), applied at start (§9). */
const t = useTestApp();
const START = Date.UTC(2026, 0, 2, 9);

async function book(token: string, settings?: Record<string, unknown>) {
  const body = {
    creatorUnionId: "union-alice",
    title: "Review",
    startTime: START,
    endTime: START + 3_600_000,
    ...(settings ? { scheduleConfSettingModel: settings } : {}),
  };
  return expectOk(await api(t.app, token).call("POST", SCHEDULES, body));
}
const getSettings = (token: string, id: string) =>
  api(t.app, token).call("GET", `${SCHEDULES}/settings?scheduleConferenceId=${encodeURIComponent(id)}`);
const putSettings = (token: string, body: Record<string, unknown>) =>
  api(t.app, token).call("PUT", `${SCHEDULES}/settings`, body);
const joinByCode = (code: string, who: string) =>
  control(t.app).call("POST", `${CONTROL}/roomCodes/${code}/attendees/${who}/join`, {});
const snapshot = async () => JSON.stringify(await snapshotOf(t.app));
const audit = async (id: string) =>
  expectOk(await control(t.app).call("GET", `${CONTROL}/scheduleConferences/${id}/audit`)).entries as {
    operation: string;
    before: unknown;
    after: unknown;
  }[];

/** Asserts the refusal and that the whole state is as it was. */
async function refused(
  send: () => Promise<LightMyRequestResponse>,
  status: number,
  code: string,
  msg?: string,
) {
  const before = await snapshot();
  expectError(await send(), status, code, msg);
  assert.equal(await snapshot(), before, `${code} changed the state`);
}

test("QueryScheduleConfSettings answers every field, with defaults where never set", async () => {
  const token = await tokenFor(t.app);
  const bk = await book(token);
  assert.deepEqual(expectOk(await getSettings(token, bk.scheduleConferenceId)), {
    scheduleConfSettingModel: {
      hostUnionId: "union-alice",
      cohostUnionIds: [],
      confAllowedCorpId: "",
      lockRoom: 0,
      screenShareForbidden: 0,
      muteOnJoin: 0,
      moziConfVirtualExtraSetting: {
        waitingRoom: 0,
        joinBeforeHost: 1,
        enableChat: 0,
        lockNick: 0,
        lockMediaStatusMicMute: 0,
        enableWebAnonymousJoin: false,
        moziConfExtensionAppSettings: [],
      },
    },
  });
});

test("UpdateScheduleConfSettings merges (objects field by field, arrays whole); the next start applies it", async () => {
  const token = await tokenFor(t.app);
  const bk = await book(token, {
    cohostUnionIds: ["union-bob", "union-carol"],
    moziConfVirtualExtraSetting: { enableChat: 1, waitingRoom: 1, stray: "dropped" },
    moziConfOpenRecordSetting: { recordAutoStart: 0, mode: "speaker" },
  });
  const id = bk.scheduleConferenceId;
  const update = {
    creatorUnionId: "union-alice",
    scheduleConferenceId: id,
    scheduleConfSettingModel: {
      hostUnionId: "union-bob",
      cohostUnionIds: ["union-dave"],
      lockRoom: 1,
      moziConfVirtualExtraSetting: {
        waitingRoom: 2,
        lockMediaStatusMicMute: 1,
        moziConfExtensionAppSettings: [{ coolAppCode: "cool-1", autoOpenMode: 1, extensionAppBizData: "{}" }],
      },
    },
  };
  assert.deepEqual(expectOk(await putSettings(token, update)), { success: true });
  const model = expectOk(await getSettings(token, id)).scheduleConfSettingModel;
  assert.equal(model.hostUnionId, "union-bob");
  assert.deepEqual(model.cohostUnionIds, ["union-dave"]);
  assert.equal(model.lockRoom, 1);
  assert.deepEqual(model.moziConfVirtualExtraSetting, {
    waitingRoom: 0,
    joinBeforeHost: 1,
    enableChat: 1,
    lockNick: 0,
    lockMediaStatusMicMute: 1,
    enableWebAnonymousJoin: false,
    moziConfExtensionAppSettings: [
      { clientId: "acme-app", coolAppCode: "cool-1", autoOpenMode: "1", extensionAppBizData: "{}" },
    ],
  });
  const stored = expectOk(await control(t.app).call("GET", `${CONTROL}/scheduleConferences/${id}`)).settings;
  assert.deepEqual(stored.moziConfOpenRecordSetting, { recordAutoStart: 0, mode: "speaker" });
  assert.equal(stored.moziConfVirtualExtraSetting.stray, undefined);
  const rows = await audit(id);
  assert.deepEqual(
    rows.map((r) => r.operation),
    ["CreateScheduleConference", "UpdateScheduleConfSettings"],
  );
  assert.deepEqual(Object.keys(rows[1].after as object).sort(), [
    "cohostUnionIds",
    "hostUnionId",
    "lockRoom",
    "moziConfVirtualExtraSetting",
  ]);
  // {} and an absent model change nothing and write no row.
  for (const scheduleConfSettingModel of [{}, undefined, { moziConfVirtualExtraSetting: {} }]) {
    expectOk(await putSettings(token, { ...update, scheduleConfSettingModel }));
  }
  assert.equal((await audit(id)).length, 2);

  // The start applies the merged settings: host, co-host, lock, forceMute, extension apps in confInfo.
  const joined = expectOk(await joinByCode(bk.roomCode, "union-erin"));
  const info = expectOk(await api(t.app, token).info(joined.conferenceId)).confInfo;
  assert.deepEqual(info.extensionAppSettings, [
    { appCode: "cool-1", autoOpenMode: 1, extensionAppBizData: "{}" },
  ]);
  const members = expectOk(await api(t.app, token).members(joined.conferenceId)).memberModels;
  const by = new Map(members.map((m: { unionId: string }) => [m.unionId, m]));
  assert.equal((by.get("union-bob") as { host: boolean }).host, true);
  assert.equal((by.get("union-dave") as { coHost: boolean }).coHost, true);
  assert.equal(by.has("union-carol"), false);
  const inspect = expectOk(await control(t.app).call("GET", `${CONTROL}/conferences/${joined.conferenceId}`));
  assert.equal(inspect.conference.locked, true);
  assert.equal(inspect.conference.forceMute, true);

  // A live instance keeps what it started with.
  const later = {
    ...update.scheduleConfSettingModel,
    lockRoom: 0,
    moziConfVirtualExtraSetting: { moziConfExtensionAppSettings: [] },
  };
  expectOk(await putSettings(token, { ...update, scheduleConfSettingModel: later }));
  const again = expectOk(await api(t.app, token).info(joined.conferenceId)).confInfo;
  assert.deepEqual(again.extensionAppSettings, info.extensionAppSettings);
});

test("UpdateScheduleConfSettings refuses, in the documented codes, and changes nothing", async () => {
  const token = await tokenFor(t.app);
  const other = await tokenFor(t.app, "globex-app");
  const bk = await book(token);
  const id = bk.scheduleConferenceId;
  const ok = { creatorUnionId: "union-alice", scheduleConferenceId: id };
  const apps = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ coolAppCode: `app-${i}`, autoOpenMode: 0 }));
  const cases: [Record<string, unknown>, number, string, string?][] = [
    [
      { creatorUnionId: "union-alice" },
      400,
      "scheduleConferenceIdError",
      "scheduleConferenceIdError: scheduleConferenceId is missing",
    ],
    [
      { ...ok, scheduleConferenceId: "nope" },
      400,
      "scheduleConferenceIdError",
      "scheduleConferenceIdError: scheduleConferenceId not found",
    ],
    [{ scheduleConferenceId: id }, 400, "creatorUidError", "creatorUidError: creatorUnionId is missing"],
    [
      { ...ok, creatorUnionId: "union-gina" },
      400,
      "userNotInOrg",
      "userNotInOrg: creatorUnionId is not a user of this organization",
    ],
    [{ ...ok, creatorUnionId: "union-nobody" }, 400, "userNotInOrg"],
    [
      { ...ok, creatorUnionId: "union-bob" },
      400,
      "creatorUidError",
      "creatorUidError: only the creator can change this schedule conference",
    ],
    [{ ...ok, scheduleConfSettingModel: { lockRoom: 3 } }, 400, "paramError"],
    [{ ...ok, scheduleConfSettingModel: { muteOnJoin: 1.5 } }, 400, "paramError"],
    [
      { ...ok, scheduleConfSettingModel: { cohostUnionIds: ["union-alice"] } },
      400,
      "paramError",
      "PARAM ERROR: the host cannot be a co-host",
    ],
    [
      { ...ok, scheduleConfSettingModel: { hostUnionId: "union-bob", cohostUnionIds: ["union-bob"] } },
      400,
      "paramError",
    ],
    [
      { ...ok, scheduleConfSettingModel: { hostUnionId: "union-gina" } },
      400,
      "paramError",
      "PARAM ERROR: hostUnionId is not a user of this organization",
    ],
    [
      { ...ok, scheduleConfSettingModel: { cohostUnionIds: ["union-zed"] } },
      400,
      "paramError",
      "PARAM ERROR: cohostUnionIds: unknown user union-zed",
    ],
    [
      {
        ...ok,
        scheduleConfSettingModel: { moziConfVirtualExtraSetting: { cloudRecordOwnerUnionId: "union-gina" } },
      },
      400,
      "paramError",
    ],
    [
      {
        ...ok,
        scheduleConfSettingModel: { moziConfVirtualExtraSetting: { moziConfExtensionAppSettings: apps(11) } },
      },
      400,
      "extensionAppSettingError",
      "extensionAppSettingCountError: at most 10 extension apps",
    ],
  ];
  for (const [body, status, code, msg] of cases)
    await refused(() => putSettings(token, body), status, code, msg);
  await refused(() => putSettings(other, { ...ok, creatorUnionId: "union-gina" }), 403, "noPermission");
  expectOk(
    await putSettings(token, {
      ...ok,
      scheduleConfSettingModel: { moziConfVirtualExtraSetting: { moziConfExtensionAppSettings: apps(10) } },
    }),
  );
  expectOk(await api(t.app, token).call("POST", `${SCHEDULES}/cancel`, ok));
  await refused(() => putSettings(token, ok), 400, "resourceCancel");
});

test("QueryScheduleConfSettings refuses a missing, unknown, other org's or cancelled booking", async () => {
  const token = await tokenFor(t.app);
  const other = await tokenFor(t.app, "globex-app");
  const bk = await book(token);
  expectError(
    await api(t.app, token).call("GET", `${SCHEDULES}/settings`),
    400,
    "scheduleConferenceIdError",
    "scheduleConferenceIdError: scheduleConferenceId is missing",
  );
  expectError(await getSettings(token, "nope"), 400, "scheduleConferenceIdError");
  expectError(await getSettings(other, bk.scheduleConferenceId), 403, "noPermission");
  const reader = await tokenFor(t.app, "acme-reader");
  expectOk(await getSettings(reader, bk.scheduleConferenceId));
  expectError(
    await putSettings(reader, {
      creatorUnionId: "union-alice",
      scheduleConferenceId: bk.scheduleConferenceId,
    }),
    403,
    "Forbidden.AccessDenied.AccessTokenPermissionDenied",
  );
  const cancel = { creatorUnionId: "union-alice", scheduleConferenceId: bk.scheduleConferenceId };
  expectOk(await api(t.app, token).call("POST", `${SCHEDULES}/cancel`, cancel));
  expectError(await getSettings(token, bk.scheduleConferenceId), 400, "resourceCancel");
});
