import assert from "node:assert/strict";
import { test } from "node:test";
import { autoRecordOwner } from "../../../src/domain/schedules/auto-record.js";
import { BASE, CONTROL, SCHEDULES } from "../../../src/schemas/paths.js";
import type { BookingRow, MemberRow } from "../../../src/store/store.js";
import { api, control, expectOk, tokenFor, useTestApp } from "../../helpers/app.js";

/** Which admitted join starts a booking's automatic cloud recording, and who owns it (spec-more §9). */
const booking = (settings: BookingRow["settings"]): BookingRow => ({
  scheduleConferenceId: "b",
  corpId: "dingcorp-acme",
  creatorId: "union-alice",
  creatorApp: "acme-app",
  title: "t",
  startTime: 0,
  endTime: 1,
  roomCode: "123456789",
  url: "",
  settings,
  cancelled: false,
  instances: [],
  customShortLinks: [],
  createdAt: 0,
});
const member = (role: "host" | "coHost" | "plain") =>
  ({ unionId: "union-x", host: role === "host", coHost: role === "coHost" }) as MemberRow;

test("recordAutoStart 1 starts on the joiner its type names; 0 or absent never", () => {
  const at = (type?: 0 | 1 | 2) =>
    (["host", "coHost", "plain"] as const).map((r) =>
      autoRecordOwner(
        booking({ moziConfOpenRecordSetting: { recordAutoStart: 1, recordAutoStartType: type } }),
        member(r),
      ),
    );
  const A = "union-alice";
  assert.deepEqual(at(0), [A, undefined, undefined]);
  assert.deepEqual(at(undefined), [A, undefined, undefined], "type 0 by default");
  assert.deepEqual(at(1), [undefined, A, undefined]);
  assert.deepEqual(at(2), [A, A, A]);
  const off = booking({ moziConfOpenRecordSetting: { recordAutoStart: 0, recordAutoStartType: 2 } });
  assert.equal(autoRecordOwner(off, member("host")), undefined);
  assert.equal(autoRecordOwner(booking({}), member("host")), undefined);
});

test("the owner is cloudRecordOwnerUnionId, else the creator (an empty owner is the creator)", () => {
  const rec = { recordAutoStart: 1 as const, recordAutoStartType: 2 as const };
  const owned = booking({
    moziConfOpenRecordSetting: rec,
    moziConfVirtualExtraSetting: { cloudRecordOwnerUnionId: "union-bob" },
  });
  assert.equal(autoRecordOwner(owned, member("plain")), "union-bob");
  const empty = booking({
    moziConfOpenRecordSetting: rec,
    moziConfVirtualExtraSetting: { cloudRecordOwnerUnionId: "" },
  });
  assert.equal(autoRecordOwner(empty, member("plain")), "union-alice");
});

const t = useTestApp();

test("a booking's automatic recording starts when its host joins, owned as set, once per meeting", async () => {
  const token = await tokenFor(t.app);
  const settings = {
    hostUnionId: "union-bob",
    moziConfOpenRecordSetting: { recordAutoStart: 1, recordAutoStartType: 0 },
    moziConfVirtualExtraSetting: { cloudRecordOwnerUnionId: "union-carol" },
  };
  const body = {
    creatorUnionId: "union-alice",
    title: "Rec",
    startTime: 1,
    endTime: 2,
    scheduleConfSettingModel: settings,
  };
  const bk = expectOk(await api(t.app, token).call("POST", SCHEDULES, body));
  const join = (who: string) =>
    control(t.app).call("POST", `${CONTROL}/roomCodes/${bk.roomCode}/attendees/${who}/join`, {});
  const { conferenceId } = expectOk(await join("union-dave"));
  const info = async () => expectOk(await api(t.app, token).info(conferenceId)).confInfo;
  assert.equal((await info()).cloudRecordStatus, 0, "not on a non-host's join");
  expectOk(await join("union-bob"));
  const on = await info();
  assert.deepEqual([on.cloudRecordStatus, on.cloudRecordOwnerUnionId], [1, "union-carol"]);
  const audit = expectOk(
    await control(t.app).call("GET", `${CONTROL}/conferences/${conferenceId}/audit`),
  ).entries;
  const rec = audit.filter((e: { operation: string }) => e.operation === "StartCloudRecord");
  assert.deepEqual(
    rec.map((e: { app: string }) => e.app),
    ["system"],
  );
  // The host stops it, leaves and comes back: no second automatic start.
  expectOk(
    await api(t.app, token).call("POST", `${BASE}/${conferenceId}/cloudRecords/stop`, {
      unionId: "union-bob",
    }),
  );
  expectOk(await control(t.app).leave(conferenceId, "union-bob"));
  expectOk(await join("union-bob"));
  assert.equal((await info()).cloudRecordStatus, 3);
});
