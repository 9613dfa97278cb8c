import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import {
  api,
  buildTestApp,
  control,
  createConference,
  expectError,
  expectOk,
  type TestContext,
  tokenFor,
} from "../helpers/app.js";
import { rawStreamClient, type Received, sleep, until } from "../helpers/stream.js";

let ctx: TestContext;
let token: string;

before(async () => {
  ctx = await buildTestApp({ listen: true, realClock: true });
  token = await tokenFor(ctx.app);
});
after(() => ctx.close());

const general = (frames: Received[]) => frames.filter((f) => !f.headers.eventType.endsWith("_target_push"));
const outbox = async (conferenceId: string) =>
  expectOk(await control(ctx.app).call("GET", `/_vconf/v1/events?conferenceId=${conferenceId}`)).events as {
    eventId: string;
    eventType: string;
    deliveries: {
      subscriber: { kind: string; appKey?: string; suiteKey?: string };
      status: string;
      attempts: number;
    }[];
  }[];

describe("redelivery: same eventId, new messageId", () => {
  beforeEach(async () => {
    // Each test starts with no Stream subscription left over (pending deliveries would reach the next one).
    for (const key of ["acme-app", "acme-reader", "globex-app"])
      expectOk(await control(ctx.app).call("DELETE", `/_vconf/v1/apps/${key}/events`));
  });

  test("an ACK with LATER", async () => {
    const c = await rawStreamClient(ctx.url, "acme-app", "acme-secret", (_f, n) =>
      n === 1 ? "LATER" : "SUCCESS",
    );
    try {
      await createConference(ctx.app, token);
      await until(() => c.received.length >= 3, 10_000, "the event again after LATER");
      const first = c.received[0];
      const again = c.received.slice(1).find((f) => f.headers.eventId === first.headers.eventId);
      assert.ok(again, "redelivered");
      assert.notEqual(again.headers.messageId, first.headers.messageId);
      assert.equal(again.data, first.data);
    } finally {
      await c.close();
    }
  });

  test("no ACK within the ACK timeout", async () => {
    const c = await rawStreamClient(ctx.url, "acme-app", "acme-secret", (f, n) =>
      n <= 2 ? "none" : "SUCCESS",
    );
    try {
      const id = await createConference(ctx.app, token);
      await until(() => c.received.length >= 4, 10_000, "both events twice");
      const counts = new Map<string, number>();
      for (const f of c.received) counts.set(f.headers.eventId, (counts.get(f.headers.eventId) ?? 0) + 1);
      assert.deepEqual([...counts.values()], [2, 2]);
      await sleep(400); // the ACKs are recorded in a batch
      const events = await outbox(id);
      for (const e of events)
        assert.deepEqual(
          e.deliveries.map((d) => [d.status, d.attempts]),
          [["delivered", 2]],
        );
    } finally {
      await c.close();
    }
  });

  test("a connection dropped before its ACK: the next connection gets the event", async () => {
    const first = await rawStreamClient(ctx.url, "acme-app", "acme-secret", () => "none");
    const id = await createConference(ctx.app, token);
    await until(() => first.received.length >= 2, 10_000, "the events");
    const eventIds = first.received.map((f) => f.headers.eventId).sort();
    await first.close();
    const second = await rawStreamClient(ctx.url, "acme-app", "acme-secret");
    try {
      await until(() => second.received.length >= 2, 10_000, "the events on the new connection");
      assert.deepEqual(second.received.map((f) => f.headers.eventId).sort(), eventIds);
      await sleep(400); // the ACKs are recorded in a batch
      for (const e of await outbox(id)) assert.equal(e.deliveries[0].status, "delivered");
    } finally {
      await second.close();
    }
  });

  test("events wait while the subscriber has no connection", async () => {
    const c = await rawStreamClient(ctx.url, "acme-app", "acme-secret");
    await c.close();
    await createConference(ctx.app, token);
    await new Promise((r) => setTimeout(r, 400));
    const again = await rawStreamClient(ctx.url, "acme-app", "acme-secret");
    try {
      await until(() => again.received.length >= 2, 10_000, "the waiting events");
    } finally {
      await again.close();
    }
  });
});

describe("who receives", () => {
  beforeEach(async () => {
    for (const key of ["acme-app", "acme-reader", "acme-noscope", "globex-app"])
      expectOk(await control(ctx.app).call("DELETE", `/_vconf/v1/apps/${key}/events`));
    expectOk(await control(ctx.app).call("DELETE", `/_vconf/v1/suites/suite-meetbot/events`));
  });

  test("two connections of one app each get a disjoint share", async () => {
    const a = await rawStreamClient(ctx.url, "acme-app", "acme-secret");
    const b = await rawStreamClient(ctx.url, "acme-app", "acme-secret");
    try {
      const id = await createConference(ctx.app, token, ["union-bob"]);
      for (let i = 0; i < 10; i++) {
        expectOk(await control(ctx.app).join(id, "union-bob"));
        expectOk(await control(ctx.app).leave(id, "union-bob"));
      }
      const total = 2 * (2 + 20); // created, invited, 20 joins/leaves; each with its twin
      await until(() => a.received.length + b.received.length >= total, 10_000, `${total} events`);
      await new Promise((r) => setTimeout(r, 200));
      const ida = new Set(a.received.map((f) => f.headers.eventId));
      const idb = new Set(b.received.map((f) => f.headers.eventId));
      assert.equal(ida.size + idb.size, total, "each event once");
      assert.ok(ida.size > 0 && idb.size > 0, `both got some: ${ida.size} / ${idb.size}`);
      for (const e of ida) assert.ok(!idb.has(e), "disjoint");
    } finally {
      await a.close();
      await b.close();
    }
  });

  test("another org's app, an app without a conference scope: nothing; a reader and a suite: everything", async () => {
    const globex = await rawStreamClient(ctx.url, "globex-app", "globex-secret");
    const noscope = await rawStreamClient(ctx.url, "acme-noscope", "noscope-secret");
    const reader = await rawStreamClient(ctx.url, "acme-reader", "reader-secret");
    const suite = await rawStreamClient(ctx.url, "suite-meetbot", "meetbot-secret");
    try {
      const id = await createConference(ctx.app, token);
      expectOk(await control(ctx.app).join(id, "union-alice"));
      await until(() => reader.received.length >= 2 && suite.received.length >= 2, 10_000, "2 events each");
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(globex.received.length, 0);
      assert.equal(noscope.received.length, 0);
      // Not the creator: no _target_push twins.
      assert.deepEqual(
        reader.received.map((f) => f.headers.eventType),
        ["meeting_status_change", "meeting_member_status_change"],
      );
      assert.equal(suite.received.length, 2);
      assert.equal(suite.received[0].headers.eventCorpId, "dingcorp-acme");
      assert.notEqual(
        suite.received[0].headers.eventUnifiedAppId,
        reader.received[0].headers.eventUnifiedAppId,
      );
    } finally {
      for (const c of [globex, noscope, reader, suite]) await c.close();
    }
  });

  test("rejected and idempotent requests emit nothing", async () => {
    const c = await rawStreamClient(ctx.url, "acme-reader", "reader-secret");
    try {
      const id = await createConference(ctx.app, token, ["union-bob"]);
      await until(() => c.received.length >= 2, 10_000, "created + invited");
      const before = (await outbox(id)).length;
      const call = api(ctx.app, token);
      expectError(
        await call.cohosts(id, { action: "add", userList: [{ unionId: "union-nobody" }] }),
        400,
        "unknownUserError",
      );
      expectOk(await call.cohosts(id, { action: "add", userList: [{ unionId: "union-bob" }] }));
      const afterAdd = (await outbox(id)).length;
      assert.equal(afterAdd, before + 1, "the co-host add: one role-change event");
      expectOk(await call.cohosts(id, { action: "add", userList: [{ unionId: "union-bob" }] })); // already one
      expectOk(await call.cohosts(id, { action: "remove", userList: [{ unionId: "union-carol" }] })); // not one
      expectOk(await control(ctx.app).join(id, "union-bob"));
      expectOk(await control(ctx.app).join(id, "union-bob")); // already in
      expectError(await control(ctx.app).leave(id, "union-carol"), 400, "paramsError");
      assert.equal((await outbox(id)).length, afterAdd + 2, "only the first join (and its twin)");
    } finally {
      await c.close();
    }
  });

  test("the role-change extension, opted into: co-host added / removed events", async () => {
    expectOk(
      await control(ctx.app).call("PUT", "/_vconf/v1/apps/acme-reader/events", {
        extensions: ["member_role_change"],
      }),
    );
    const c = await rawStreamClient(ctx.url, "acme-reader", "reader-secret");
    try {
      const id = await createConference(ctx.app, token, ["union-bob"]);
      const call = api(ctx.app, token);
      expectOk(await call.cohosts(id, { action: "add", userList: [{ unionId: "union-bob" }] }));
      expectOk(await call.cohosts(id, { action: "remove", userList: [{ unionId: "union-bob" }] }));
      await until(() => c.received.length >= 4, 10_000, "4 events");
      const roles = general(c.received).filter(
        (f) => f.headers.eventType === "vconf_meeting_member_role_change",
      );
      assert.deepEqual(
        roles.map((f) => [
          f.body.changeScene,
          f.body.statusSeqNum,
          (f.body.openMemberModels as { coHost: boolean }[])[0].coHost,
        ]),
        [
          ["cohost_added", 3, true],
          ["cohost_removed", 4, false],
        ],
      );
    } finally {
      await c.close();
    }
  });
});
