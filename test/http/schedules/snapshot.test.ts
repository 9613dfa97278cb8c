import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTROL, SCHEDULES } from "../../../src/schemas/paths.js";
import type { Snapshot } from "../../../src/schemas/emulator/snapshot.js";
import { api, control, expectError, expectOk, tokenFor, useTestApp, snapshotOf } from "../../helpers/app.js";

/** Snapshots carry bookings (spec-more section 9); an import checks their references like every row's. */
const t = useTestApp();
const START = Date.UTC(2026, 0, 2, 9);

const snapshot = async (): Promise<Snapshot> => await snapshotOf(t.app);
const putSnapshot = (doc: unknown) => control(t.app).call("PUT", `${CONTROL}/snapshot`, doc);
const joinByCode = (code: string, who: string) =>
  control(t.app).call("POST", `${CONTROL}/roomCodes/${code}/attendees/${who}/join`, {});

/** Bookings in every state: pending with settings, held twice (one ended, one live), cancelled. */
async function bookings() {
  const token = await tokenFor(t.app);
  const book = async (settings: Record<string, unknown> = {}) =>
    expectOk(
      await api(t.app, token).call("POST", SCHEDULES, {
        creatorUnionId: "union-alice",
        title: "Weekly",
        startTime: START,
        endTime: START + 1,
        scheduleConfSettingModel: settings,
      }),
    );
  await book({
    hostUnionId: "union-bob",
    cohostUnionIds: ["union-carol"],
    moziConfVirtualExtraSetting: { moziConfExtensionAppSettings: [{ coolAppCode: "app1", autoOpenMode: 1 }] },
  });
  const held = await book();
  const first = expectOk(await joinByCode(held.roomCode, "union-alice"));
  t.clock.advance(60_000);
  expectOk(await api(t.app, token).close(first.conferenceId, "union-alice"));
  expectOk(await joinByCode(held.roomCode, "union-bob"));
  const cancelled = await book();
  const body = { scheduleConferenceId: cancelled.scheduleConferenceId, creatorUnionId: "union-alice" };
  expectOk(await api(t.app, token).call("POST", `${SCHEDULES}/cancel`, body));
}

test("a snapshot with bookings in every state imports back unchanged", async () => {
  await bookings();
  const doc = await snapshot();
  assert.equal(doc.bookings!.length, 3);
  assert.ok(doc.changes.some((c) => c.conferenceId === doc.bookings![0].scheduleConferenceId));
  expectOk(await control(t.app).call("POST", `${CONTROL}/reset`, {}));
  expectOk(await putSnapshot(doc));
  assert.deepEqual(await snapshot(), doc);
});

test("an import whose bookings point at nothing or disagree with their instances is refused, unchanged", async () => {
  await bookings();
  const doc = await snapshot();
  const before = JSON.stringify(doc);
  const bks = doc.bookings!;
  const held = bks.find((b) => b.instances.length === 2)!;
  const heldAt = bks.indexOf(held);
  const edit = (f: (d: Snapshot) => void) => {
    const d = structuredClone(doc);
    f(d);
    return d;
  };
  const cases: [Snapshot, RegExp][] = [
    [
      edit((d) => (d.bookings![0].corpId = "dingcorp-nowhere")),
      /bookings\[0\]\.corpId dingcorp-nowhere is not an org/,
    ],
    [
      edit((d) => d.bookings!.push(structuredClone(d.bookings![0]))),
      /bookings\[3\] repeats the scheduleConferenceId/,
    ],
    [
      edit((d) => (d.bookings![1].roomCode = d.bookings![0].roomCode)),
      /bookings\[1\] repeats the roomCode of bookings\[0\]/,
    ],
    [
      edit((d) => (d.bookings![0].instances = ["0123456789abcdef01234567"])),
      /bookings\[0\]\.instances\[0\] 0123456789abcdef01234567 is not a conference/,
    ],
    [edit((d) => (d.bookings![0].instances = [])), /bookings\[0\]\.instances is empty/],
    [
      edit((d) => d.bookings![heldAt].instances.reverse()),
      new RegExp(`bookings\\[${heldAt}\\]\\.instances\\[0\\] \\w+ is not ended`),
    ],
    [edit((d) => (d.bookings![0].settings = { lockRoom: 7 } as never)), /bookings\[0\]\.settings\.lockRoom/],
    [edit((d) => (d.bookings![0].settings = { stray: true } as never)), /bookings\[0\]\.settings/],
    [
      edit((d) => (d.bookings![0].customShortLinks = [{ link: 1 }] as never)),
      /bookings\[0\]\.customShortLinks\[0\]/,
    ],
    [
      edit((d) => d.bookings!.splice(0, 1)),
      /conferences\[\d+\]\.scheduleConferenceId \S+ does not list this conference/,
    ],
    [
      edit((d) => {
        const c = d.conferences.find((x) => x.status === 0)!;
        d.bookings = d.bookings!.filter((b) => b.scheduleConferenceId !== c.scheduleConferenceId);
        c.scheduleConferenceId = "";
      }),
      /conferences\[\d+\]\.status 0 but only a booking's instance is ever pending/,
    ],
    [
      edit((d) => (d.bookings = [])),
      /changes\[\d+\]\.conferenceId \S+ is not a conference or schedule conference/,
    ],
  ];
  for (const [bad, message] of cases) {
    expectError(await putSnapshot(bad), 400, "paramsError", message);
    assert.equal(JSON.stringify(await snapshot()), before, `state changed by ${message}`);
  }
});
