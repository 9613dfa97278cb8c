import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BASE, CONTROL, SCHEDULES } from "../../src/schemas/paths.js";
import {
  buildTestApp,
  api,
  control,
  createConference,
  expectOk,
  type TestContext,
  tokenFor,
} from "../helpers/app.js";
import { ex } from "../helpers/extras.js";
import { officialStreamClient, rawStreamClient, sleep, until } from "../helpers/stream.js";

let ctx: TestContext;
before(async () => {
  ctx = await buildTestApp({ listen: true, realClock: true });
});
after(() => ctx.close());

test("the asr control call reaches, through the outbox, only the apps SetSubtitleEvent subscribed", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  expectOk(await control(ctx.app).join(id, "union-alice"));
  const app = await officialStreamClient(ctx.url, "acme-app", "acme-secret");
  const reader = await rawStreamClient(ctx.url, "acme-reader", "reader-secret");
  try {
    const asr = (body: unknown) => control(ctx.app).call("POST", `${CONTROL}/conferences/${id}/asr`, body);
    const line = {
      result: "大家好",
      speakerUnionId: "union-alice",
      words: [{ startTime: 0, text: "大家好", endTime: 900 }],
      index: 3,
      beginTime: 1200,
    };
    // Both are Stream subscribers, but nobody turned subtitles on yet.
    assert.deepEqual(expectOk(await asr(line)), { pushed: 0 });
    expectOk(await ex(ctx.app, token).subtitles(id, { enable: true }));
    // The general event and its _directed twin (acme-app created the meeting), to acme-app only.
    assert.deepEqual(expectOk(await asr(line)), { pushed: 2 });
    const isAsr = (t: string) => t.startsWith("meeting_asr_result_event");
    await until(
      () => app.received.filter((r) => isAsr(r.headers.eventType)).length === 2,
      10_000,
      "asr events",
    );
    const got = app.received.filter((r) => isAsr(r.headers.eventType));
    assert.deepEqual(got.map((r) => r.headers.eventType).sort(), [
      "meeting_asr_result_event",
      "meeting_asr_result_event_directed",
    ]);
    const body = got[0].body as {
      openConfModel: unknown;
      bizType: string;
      payload: { time: number };
      header: { name: string };
      statusSeqNum?: number;
    };
    assert.deepEqual(body.openConfModel, { conferenceId: id, scheduleConferenceId: "" });
    assert.equal(body.bizType, "minutes");
    assert.deepEqual(body.payload, {
      result: "大家好",
      speakerUnionId: "union-alice",
      words: [{ startTime: 0, text: "大家好", endTime: 900 }],
      index: 3,
      time: body.payload.time,
      beginTime: 1200,
    });
    assert.equal(typeof body.payload.time, "number");
    assert.equal(body.header.name, "TranscriptionResultChanged");
    assert.equal(body.statusSeqNum, undefined, "a subtitle line takes no statusSeqNum");
    // Unsubscribed: nothing more is pushed.
    expectOk(await ex(ctx.app, token).subtitles(id, { enable: false }));
    assert.deepEqual(expectOk(await asr(line)), { pushed: 0 });
    await sleep(200);
    assert.equal(app.received.filter((r) => isAsr(r.headers.eventType)).length, 2);
    assert.equal(reader.received.filter((r) => isAsr(r.headers.eventType)).length, 0);
  } finally {
    app.close();
    await reader.close();
  }
});

test("a booking's recording meeting: the asr event names its booking and the meeting's recordId", async () => {
  const token = await tokenFor(ctx.app);
  const a = api(ctx.app, token);
  const booking = expectOk(
    await a.call("POST", SCHEDULES, {
      creatorUnionId: "union-alice",
      title: "Standup",
      startTime: 1,
      endTime: 2,
    }),
  ) as { scheduleConferenceId: string; roomCode: string };
  const join = (who: string) =>
    control(ctx.app).call("POST", `${CONTROL}/roomCodes/${booking.roomCode}/attendees/${who}/join`, {});
  const { conferenceId: id } = expectOk(await join("union-alice")) as { conferenceId: string };
  const app = await officialStreamClient(ctx.url, "acme-app", "acme-secret");
  try {
    expectOk(await ex(ctx.app, token).subtitles(id, { enable: true }));
    const asr = () =>
      control(ctx.app).call("POST", `${CONTROL}/conferences/${id}/asr`, {
        result: "早",
        speakerUnionId: "union-alice",
      });
    const asrEvents = () => app.received.filter((r) => r.headers.eventType === "meeting_asr_result_event");
    expectOk(await asr());
    await until(() => asrEvents().length === 1, 10_000, "the first asr event");
    // Before any recording or minutes the meeting has no recordId yet.
    const first = asrEvents()[0].body as { recordId: string; openConfModel: unknown };
    assert.equal(first.recordId, "");
    assert.deepEqual(first.openConfModel, {
      conferenceId: id,
      scheduleConferenceId: booking.scheduleConferenceId,
    });
    expectOk(await a.call("POST", `${BASE}/${id}/cloudRecords/start`, { unionId: "union-alice" }));
    const state = expectOk(await control(ctx.app).call("GET", `${CONTROL}/conferences/${id}/state`)) as {
      cloudRecord: { recordId: string };
    };
    const recordId = state.cloudRecord.recordId;
    assert.match(recordId, /^[1-9]\d{14}$/);
    expectOk(await asr());
    await until(() => asrEvents().length === 2, 10_000, "the second asr event");
    assert.equal((asrEvents()[1].body as { recordId: string }).recordId, recordId);
  } finally {
    app.close();
  }
});
