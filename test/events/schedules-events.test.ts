import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CONTROL, SCHEDULES } from "../../src/schemas/paths.js";
import { api, buildTestApp, control, expectOk, type TestContext, tokenFor } from "../helpers/app.js";
import { officialStreamClient, sleep, summary, until } from "../helpers/stream.js";

/**
 * Events of scheduled conferences (spec-more section 11): the booking calls emit none; an instance's start
 * on its first join is the meeting's `conference_created` (bizType "3", the booking's id), then the members
 * its settings add (`user_invited`) and the joiner (`user_join`), with `_target_push` twins to the app that
 * made the booking. Written through the events outbox in the join's transaction.
 */
let ctx: TestContext;
before(async () => {
  ctx = await buildTestApp({ listen: true, realClock: true });
});
after(() => ctx.close());

test("a Stream subscriber hears nothing from booking calls, and a booking's start as the meeting's start", async () => {
  const stream = await officialStreamClient(ctx.url, "acme-app", "acme-secret");
  try {
    const token = await tokenFor(ctx.app);
    const call = api(ctx.app, token);
    const start = Date.now() + 3_600_000;
    const booking = {
      creatorUnionId: "union-alice",
      title: "Planning",
      startTime: start,
      endTime: start + 3_600_000,
      scheduleConfSettingModel: { hostUnionId: "union-bob" },
    };
    const bk = expectOk(await call.call("POST", SCHEDULES, booking));
    const sid = bk.scheduleConferenceId as string;
    const creator = { creatorUnionId: "union-alice", scheduleConferenceId: sid };
    expectOk(await call.call("PUT", SCHEDULES, { ...creator, ...booking, title: "Planning 2" }));
    expectOk(
      await call.call("PUT", `${SCHEDULES}/settings`, {
        ...creator,
        scheduleConfSettingModel: { cohostUnionIds: ["union-carol"] },
      }),
    );
    expectOk(await call.call("POST", "/v1.0/conference/customShortLinks", { ...creator, coolAppCode: "c" }));
    await sleep(300);
    assert.equal(stream.received.length, 0, "booking calls emit no event");

    const joined = expectOk(
      await control(ctx.app).call(
        "POST",
        `${CONTROL}/roomCodes/${bk.roomCode}/attendees/union-dave/join`,
        {},
      ),
    );
    assert.equal(joined.started, true);
    const general = () =>
      stream.received.filter((f) => !String(f.headers.eventType).endsWith("_target_push"));
    await until(() => stream.received.length >= 6, 10_000, "the start's events and their twins");
    await sleep(200);
    const events = summary(general());
    assert.deepEqual(
      events.map(([type, scene]) => [type, scene]),
      [
        ["meeting_status_change", "conference_created"],
        ["meeting_member_status_change", "user_invited"],
        ["meeting_member_status_change", "user_join"],
      ],
    );
    const seqs = events.map((e) => e[2] as number);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
      "in statusSeqNum order",
    );
    assert.equal(seqs[0], 1);
    const twins = stream.received.filter((f) => String(f.headers.eventType).endsWith("_target_push"));
    assert.equal(twins.length, 3, "each one's twin to acme-app, which made the booking");

    const created = general()[0].body.openConfModel as Record<string, unknown>;
    assert.deepEqual(
      [created.conferenceId, created.status, created.bizType, created.scheduleConferenceId, created.title],
      [joined.conferenceId, 2, "3", sid, "Planning 2"],
    );
    const invited = general()[1].body.openMemberModels as Record<string, unknown>[];
    assert.deepEqual(
      invited.map((m) => [m.userId, m.attendStatus, m.coHost]),
      [["union-carol", 1, true]],
      "the co-host the settings add (the host, like an organizer, is not an invitation)",
    );
    const join = general()[2].body.openMemberModels as Record<string, unknown>[];
    assert.deepEqual(
      join.map((m) => [m.userId, m.attendStatus]),
      [["union-dave", 3]],
    );

    // Held again: the host closes it; the next room-code join is a new meeting's start.
    stream.received.length = 0;
    expectOk(await call.close(joined.conferenceId, "union-bob"));
    const again = expectOk(
      await control(ctx.app).call(
        "POST",
        `${CONTROL}/roomCodes/${bk.roomCode}/attendees/union-erin/join`,
        {},
      ),
    );
    await until(() => general().length >= 5, 10_000, "close, then the second start");
    await sleep(200);
    const second = general().map((f) => [
      f.body.changeScene,
      (f.body.openConfModel as { conferenceId?: string })?.conferenceId ??
        (f.body.openMemberModels as { conferenceId: string }[])[0].conferenceId,
    ]);
    assert.deepEqual(second, [
      ["user_leave", joined.conferenceId],
      ["conference_closed", joined.conferenceId],
      ["conference_created", again.conferenceId],
      ["user_invited", again.conferenceId],
      ["user_join", again.conferenceId],
    ]);
  } finally {
    stream.close();
  }
});
