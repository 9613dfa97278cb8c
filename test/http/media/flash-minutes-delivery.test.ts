/**
 * `flash_minutes_open_event` (spec more §11) reaches a subscriber: DingTalk's own Stream client, connected
 * as the app that created the meeting, receives the general event and its `_directed` twin for an
 * injected summary and injected videos; recording, minutes and grants emit nothing, nor does an unchanged
 * or refused artifacts PUT. The events are written in the PUT's transaction (the outbox lists them).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  api,
  buildTestApp,
  CONF,
  control,
  createConference,
  expectError,
  expectOk,
  type TestContext,
  tokenFor,
} from "../../helpers/app.js";
import { officialStreamClient, sleep, until } from "../../helpers/stream.js";

let ctx: TestContext;
before(async () => {
  ctx = await buildTestApp({ listen: true, realClock: true });
});
after(() => ctx.close());

const VIDEO = {
  unionId: "union-alice",
  mediaId: "m1",
  regionId: "cn-hangzhou",
  startTime: 0,
  endTime: 60000,
  duration: 60000,
  fileSize: 1024,
  recordType: 0,
};

const flashOf = (received: { headers: Record<string, string>; body: Record<string, unknown> }[]) =>
  received
    .filter((r) => r.headers.eventType.startsWith("flash_minutes_open_event"))
    .map((r) => [r.headers.eventType, r.body.bizType, r.body.minutesEventType, r.body.minutesTaskId] as const)
    .sort((a, b) => (a.join() < b.join() ? -1 : 1));

test("an injected summary and videos reach the creating app's Stream client, with the directed twins", async () => {
  const stream = await officialStreamClient(ctx.url, "acme-app", "acme-secret");
  try {
    const token = await tokenFor(ctx.app);
    const id = await createConference(ctx.app, token, ["union-bob"]);
    const c = control(ctx.app);
    const a = api(ctx.app, token);
    expectOk(await c.join(id, "union-alice"));
    expectOk(await a.call("POST", `${CONF}/${id}/cloudRecords/start`, { unionId: "union-alice" }));
    expectOk(await a.call("POST", `${CONF}/${id}/minutes/start`, { unionId: "union-alice" }));
    expectOk(await a.call("POST", `${CONF}/${id}/minutes/pause`, { unionId: "union-alice" }));
    expectOk(await a.call("POST", `${CONF}/${id}/cloudRecords/stop`, { unionId: "union-alice" }));
    const artifacts = `/_vconf/v1/conferences/${id}/artifacts`;
    expectOk(
      await c.call("PUT", artifacts, {
        minutesSummary: { paragraphSummary: "Shipped." },
        cloudRecordVideos: [VIDEO],
      }),
    );
    const { recordId } = expectOk(await c.call("GET", `/_vconf/v1/conferences/${id}/state`)).cloudRecord;
    await until(() => flashOf(stream.received).length >= 4, 10_000, "four flash-minutes events");

    // Nothing more: an unchanged PUT, a refused one, a grant.
    expectOk(await c.call("PUT", artifacts, { minutesSummary: { paragraphSummary: "Shipped." } }));
    expectError(
      await c.call("PUT", artifacts, { cloudRecordVideos: [{ ...VIDEO, fileSize: "1" }] }),
      400,
      "paramsError",
    );
    expectOk(
      await a.call("POST", `${CONF}/${id}/flashMinutes/recordPermissions`, {
        bizType: "cloud_record",
        ownerUnionId: "union-alice",
        unionId: "union-bob",
      }),
    );
    await sleep(300);
    assert.deepEqual(flashOf(stream.received), [
      ["flash_minutes_open_event", "cloud_record", "video_generated", `${recordId}-cloud_record`],
      ["flash_minutes_open_event", "minutes", "summary_generated", `${recordId}-minutes`],
      ["flash_minutes_open_event_directed", "cloud_record", "video_generated", `${recordId}-cloud_record`],
      ["flash_minutes_open_event_directed", "minutes", "summary_generated", `${recordId}-minutes`],
    ]);
    const one = stream.received.find((r) => r.headers.eventType === "flash_minutes_open_event")!;
    assert.deepEqual(one.body.openConfModel, { conferenceId: id, scheduleConferenceId: "" });
    // In the meeting's one statusSeqNum sequence (spec more §11), after the create, invite and join.
    assert.ok((one.body.statusSeqNum as number) > 3, JSON.stringify(one.body));
    // Recording, minutes and the grant wrote change rows but no events: only the create, invite and join.
    const types = stream.received
      .filter(
        (r) => !r.headers.eventType.endsWith("_target_push") && !r.headers.eventType.endsWith("_directed"),
      )
      .map((r) => `${r.headers.eventType} ${r.body.changeScene ?? r.body.minutesEventType}`);
    assert.deepEqual(
      types.sort(),
      [
        "flash_minutes_open_event summary_generated",
        "flash_minutes_open_event video_generated",
        "meeting_member_status_change user_invited",
        "meeting_member_status_change user_join",
        "meeting_status_change conference_created",
      ].sort(),
    );

    const { events } = expectOk(await c.call("GET", `/_vconf/v1/events?conferenceId=${id}&limit=100`));
    const inOutbox = events.filter((e: { eventType: string }) => e.eventType.startsWith("flash_minutes"));
    assert.equal(inOutbox.length, 4);
  } finally {
    stream.close();
  }
});
