import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CONTROL } from "../../src/schemas/paths.js";
import {
  buildTestApp,
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
