/**
 * Media rows in snapshots (spec more §10): they round-trip, and an import checks them as it checks every
 * other table (harden-input's reference checks): of a known conference, once per conference, statuses and
 * recordId as the domain writes them, session times in range, grants of a known kind, valid artifacts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  api,
  freshApps,
  CONF,
  control,
  createConference,
  expectError,
  expectOk,
  tokenFor,
  snapshotOf,
} from "../../helpers/app.js";
import type { Snapshot } from "../../../src/schemas/emulator/snapshot.js";

const fresh = freshApps();

/** A meeting that recorded once, has injected videos and a record grant. */
async function withMedia() {
  const ctx = await fresh();
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, ["union-bob"]);
  const c = control(ctx.app);
  expectOk(await c.join(id, "union-alice"));
  const a = api(ctx.app, token);
  expectOk(await a.call("POST", `${CONF}/${id}/cloudRecords/start`, { unionId: "union-alice" }));
  ctx.clock.advance(60_000);
  expectOk(await a.call("POST", `${CONF}/${id}/cloudRecords/stop`, { unionId: "union-alice" }));
  expectOk(
    await c.call("PUT", `/_vconf/v1/conferences/${id}/artifacts`, {
      cloudRecordVideos: [
        {
          unionId: "union-alice",
          mediaId: "m1",
          regionId: "cn-hangzhou",
          startTime: 0,
          endTime: 60000,
          duration: 60000,
          fileSize: 1024,
          recordType: 0,
        },
      ],
    }),
  );
  expectOk(
    await a.call("POST", `${CONF}/${id}/flashMinutes/recordPermissions`, {
      bizType: "cloud_record",
      ownerUnionId: "union-alice",
      unionId: "union-bob",
    }),
  );
  const doc: Snapshot = expectOk(await c.call("GET", "/_vconf/v1/snapshot"));
  return { ctx, id, doc };
}

test("media rows round-trip through a snapshot into an empty store", async () => {
  const { doc, id } = await withMedia();
  assert.equal(doc.media?.length, 1);
  assert.equal(doc.media![0].state.cloudRecord.sessions.length, 1);
  const other = await fresh();
  expectOk(await control(other.app).call("PUT", "/_vconf/v1/snapshot", doc));
  assert.deepEqual(await snapshotOf(other.app), doc);
  const state = expectOk(await control(other.app).call("GET", `/_vconf/v1/conferences/${id}/state`));
  assert.equal(state.recordGrants[0].unionId, "union-bob");
});

test("a snapshot with bad media rows is refused with every problem named, and changes nothing", async () => {
  const { ctx, doc } = await withMedia();
  type Row = NonNullable<Snapshot["media"]>[number];
  const row = (d: Snapshot) => d.media![0];
  const withRow = (d: Snapshot, f: (r: Row) => Row) => ({ ...d, media: [f(row(d))] });
  const variants: [string, (d: Snapshot) => unknown, RegExp][] = [
    [
      "media of no conference",
      (d) => withRow(d, (r) => ({ ...r, conferenceId: "gone" })),
      /^error:media\[0\]\.conferenceId gone is not a conference$/,
    ],
    [
      "two rows for one conference",
      (d) => ({ ...d, media: [row(d), row(d)] }),
      /^error:media\[1\] repeats the conferenceId of media\[0\]$/,
    ],
    [
      "recordId not 15 digits",
      (d) => withRow(d, (r) => ({ ...r, state: { ...r.state, recordId: "0123" } })),
      /^error:media\[0\]\.state\.recordId 0123 is not 15 digits$/,
    ],
    [
      "statuses out of range",
      (d) =>
        withRow(d, (r) => ({
          ...r,
          state: {
            ...r.state,
            cloudRecord: { ...r.state.cloudRecord, status: 4 },
            minutes: { ...r.state.minutes, status: -1 },
          },
        })),
      /cloudRecord\.status 4 is not one of 0, 1, 2, 3; media\[0\]\.state\.minutes\.status -1 is not one of/,
    ],
    [
      "session ending before it starts",
      (d) =>
        withRow(d, (r) => ({
          ...r,
          state: {
            ...r.state,
            cloudRecord: { ...r.state.cloudRecord, sessions: [{ startTime: 10, endTime: 5 }] },
          },
        })),
      /media\[0\]\.state\.cloudRecord\.sessions\[0\]\.endTime 5 is before its startTime/,
    ],
    [
      "grant of an unknown kind",
      (d) =>
        withRow(d, (r) => ({
          ...r,
          state: { ...r.state, recordGrants: [{ ...r.state.recordGrants[0], bizType: "video" }] },
        })),
      /media\[0\]\.state\.recordGrants\[0\]\.bizType video is not cloud_record or minutes/,
    ],
    [
      "artifacts the PUT would refuse",
      (d) =>
        withRow(d, (r) => {
          const [video] = r.artifacts.cloudRecordVideos as object[];
          return { ...r, artifacts: { cloudRecordVideos: [{ ...video, mediaId: 1 }] } };
        }),
      /^error:media\[0\]\.artifacts fail the artifacts check: cloudRecordVideos\[0\]\.mediaId must be a string$/,
    ],
    [
      "more sessions than a meeting keeps",
      (d) =>
        withRow(d, (r) => ({
          ...r,
          state: {
            ...r.state,
            cloudRecord: {
              ...r.state.cloudRecord,
              sessions: Array.from({ length: 1001 }, () => ({ startTime: 1 })),
            },
          },
        })),
      /sessions/,
    ],
  ];
  for (const [what, change, message] of variants) {
    const res = await control(ctx.app).call("PUT", "/_vconf/v1/snapshot", change(structuredClone(doc)));
    assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
    expectError(res, 400, "paramsError", message);
  }
  assert.deepEqual(await snapshotOf(ctx.app), doc);
});
