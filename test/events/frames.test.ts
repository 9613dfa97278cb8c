import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backoff } from "../../src/events/delivery.js";
import { planEvents } from "../../src/events/derive.js";
import {
  disconnectFrame,
  eventFrame,
  newMessageId,
  parseUpstream,
  pingFrame,
  unifiedAppId,
} from "../../src/events/frames.js";

describe("Stream frames", () => {
  it("an EVENT frame: every header a string, topic *, data a JSON string", () => {
    const frame = JSON.parse(
      eventFrame(
        {
          eventId: "c7c7120f2c074190a1b2ebdba0318c8a",
          eventType: "meeting_status_change",
          corpId: "dingcorp",
          bornAt: 1683533823336,
          unifiedAppId: unifiedAppId("app"),
          payload: { statusSeqNum: 1, changeScene: "conference_created" },
        },
        "m-1",
        1683533823400,
      ),
    );
    assert.equal(frame.specVersion, "1.0");
    assert.equal(frame.type, "EVENT");
    assert.deepEqual(frame.headers, {
      topic: "*",
      contentType: "application/json",
      messageId: "m-1",
      time: "1683533823400",
      eventId: "c7c7120f2c074190a1b2ebdba0318c8a",
      eventBornTime: "1683533823336",
      eventCorpId: "dingcorp",
      eventType: "meeting_status_change",
      eventUnifiedAppId: unifiedAppId("app"),
    });
    for (const v of Object.values(frame.headers)) assert.equal(typeof v, "string");
    assert.deepEqual(JSON.parse(frame.data), { statusSeqNum: 1, changeScene: "conference_created" });
  });

  it("SYSTEM ping and disconnect", () => {
    const ping = JSON.parse(pingFrame("op-1", "m-2", 5));
    assert.equal(ping.type, "SYSTEM");
    assert.equal(ping.headers.topic, "ping");
    assert.deepEqual(JSON.parse(ping.data), { opaque: "op-1" });
    const bye = JSON.parse(disconnectFrame("connection is expired", "m-3", 5));
    assert.equal(bye.headers.topic, "disconnect");
    assert.deepEqual(JSON.parse(bye.data), { reason: "connection is expired" });
  });

  it("message ids are unique; unified app ids are fixed UUIDs per key", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newMessageId(1)));
    assert.equal(ids.size, 1000);
    assert.match(unifiedAppId("a"), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(unifiedAppId("a"), unifiedAppId("a"));
    assert.notEqual(unifiedAppId("a"), unifiedAppId("b"));
  });

  it("reads ACKs by the rule: LATER iff code != 200 or status LATER", () => {
    const ack = (code: unknown, data?: string) =>
      parseUpstream(JSON.stringify({ code, headers: { messageId: "m" }, message: "OK", data }));
    assert.deepEqual(ack(200, JSON.stringify({ status: "SUCCESS" })), { messageId: "m", later: false });
    assert.equal(ack(200, JSON.stringify({ status: "LATER", message: "busy" }))?.later, true);
    assert.match(ack(200, JSON.stringify({ status: "LATER", message: "busy" }))!.detail!, /busy/);
    assert.equal(ack(500, JSON.stringify({ status: "LATER" }))?.later, true, "Go SDK: 500 + LATER");
    assert.equal(ack(500)?.later, true, "Java SDK: 500 without data");
    assert.equal(ack(200, "{}")?.later, false, "Node SDK, async handler");
    assert.equal(ack(200, JSON.stringify({ openConfModel: {} }))?.later, false, "Python echoes the data");
    assert.equal(ack(200, "not json")?.later, false);
    assert.equal(parseUpstream("not json"), undefined);
    assert.equal(parseUpstream(JSON.stringify({ code: 200, headers: {} })), undefined);
  });
});

describe("retry backoff", () => {
  it("1 s, 2 s, 4 s, … capped", () => {
    assert.deepEqual(
      [1, 2, 3, 4, 7, 8, 50].map((n) => backoff(n, 60_000)),
      [1000, 2000, 4000, 8000, 60_000, 60_000, 60_000],
    );
    assert.equal(backoff(1, 200), 200);
  });
});

describe("which changes emit which events", () => {
  const member = (target: string, before: unknown, after: unknown, operation = "Op") => ({
    conferenceId: "c1",
    operation,
    target,
    before,
    after,
    at: 1,
    app: "app",
  });
  const st = (attendStatus: number, over: Record<string, boolean> = {}) => ({
    host: false,
    coHost: false,
    attendStatus,
    ...over,
  });

  it("create with invitees: conference_created, then one user_invited for all (not the organizer)", () => {
    const plan = planEvents(
      [
        member("alice", null, st(2, { host: true })),
        member("bob", null, st(1)),
        member("carol", null, st(1)),
      ],
      ["c1"],
    );
    assert.deepEqual(
      plan.map((p) => [p.eventType, p.changeScene, p.unionIds]),
      [
        ["meeting_status_change", "conference_created", []],
        ["meeting_member_status_change", "user_invited", ["bob", "carol"]],
      ],
    );
  });

  it("join, leave, kick, re-invite; mute alone emits nothing", () => {
    const scenes = (before: unknown, after: unknown) =>
      planEvents([member("bob", before, after)], []).map((p) => p.changeScene);
    assert.deepEqual(scenes(st(1), st(3)), ["user_join"]);
    assert.deepEqual(scenes(st(3), st(6)), ["user_leave"]);
    assert.deepEqual(scenes(st(3), st(5)), ["user_kicked"]);
    assert.deepEqual(scenes(st(6), st(1)), ["user_invited"]);
    assert.deepEqual(scenes(st(1), st(2)), []);
    assert.deepEqual(scenes({ ...st(3), micStatus: 2 }, { ...st(3), micStatus: 1 }), []);
  });

  it("role changes: co-host added (a new member is also invited), removed, host transferred", () => {
    const plan = (changes: ReturnType<typeof member>[]) =>
      planEvents(changes, []).map((p) => [p.eventType, p.changeScene, p.unionIds]);
    assert.deepEqual(plan([member("bob", null, st(1, { coHost: true }))]), [
      ["meeting_member_status_change", "user_invited", ["bob"]],
      ["vconf_meeting_member_role_change", "cohost_added", ["bob"]],
    ]);
    assert.deepEqual(plan([member("bob", st(3, { coHost: true }), st(3))]), [
      ["vconf_meeting_member_role_change", "cohost_removed", ["bob"]],
    ]);
    assert.deepEqual(
      plan([
        member("alice", st(3, { host: true }), st(6, { host: true })),
        member("alice", st(6, { host: true }), st(6)),
        member("bob", st(3, { coHost: true }), st(3, { host: true })),
      ]),
      [
        ["meeting_member_status_change", "user_leave", ["alice"]],
        ["vconf_meeting_member_role_change", "host_changed", ["alice", "bob"]],
      ],
    );
  });

  it("close: members still in the meeting leave, then conference_closed; settings changes emit nothing", () => {
    const plan = planEvents(
      [
        member("bob", st(3), st(6)),
        { ...member("alice", { status: 2 }, { status: 1 }), operation: "CloseVideoConference" },
        member("c1", { locked: false }, { locked: true }),
      ],
      [],
    );
    assert.deepEqual(
      plan.map((p) => p.changeScene),
      ["user_leave", "conference_closed"],
    );
    assert.deepEqual(planEvents([member("c1", { locked: false }, { locked: true })], []), []);
  });
});
