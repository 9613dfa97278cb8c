import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import WebSocket from "ws";
import { VconfClient } from "../../src/client/index.js";
import {
  ADMIN_KEY,
  buildTestApp,
  control,
  createConference,
  expectError,
  expectOk,
  type TestContext,
  tokenFor,
} from "../helpers/app.js";
import { cli } from "../helpers/cli.js";
import { rawStreamClient, sleep, until } from "../helpers/stream.js";

let ctx: TestContext;
let token: string;
let client: VconfClient;

before(async () => {
  ctx = await buildTestApp({ listen: true, realClock: true });
  token = await tokenFor(ctx.app);
  client = new VconfClient({ url: ctx.url, adminKey: ADMIN_KEY });
});
after(() => ctx.close());
beforeEach(async () => {
  expectOk(await control(ctx.app).call("DELETE", "/_vconf/v1/faults"));
  for (const key of ["acme-app", "acme-reader"]) await client.deleteEventSubscriptions(key);
});

const open = (body: unknown) =>
  ctx.app.inject({ method: "POST", url: "/v1.0/gateway/connections/open", payload: body as object });

test("the gateway: bad credentials, missing fields; a ticket opens one socket, within its path", async () => {
  expectError(await open({ clientId: "acme-app", clientSecret: "wrong" }), 400, "invalidClientIdOrSecret");
  expectError(await open({ clientId: "nobody", clientSecret: "x" }), 400, "invalidClientIdOrSecret");
  expectError(await open({ clientSecret: "x" }), 400, "MissingclientId");
  const opened = await client.openConnection({ clientId: "acme-reader", clientSecret: "reader-secret" });
  assert.equal(opened.endpoint, `ws://127.0.0.1:${ctx.port}/connect`);
  assert.match(opened.ticket, /^[0-9a-f-]{36}$/);
  const status = (url: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(url);
      ws.on("open", () => {
        ws.terminate();
        resolve(101);
      });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("error", () => {});
    });
  assert.equal(await status(`ws://127.0.0.1:${ctx.port}/connect?ticket=unknown`), 401);
  assert.equal(await status(`ws://127.0.0.1:${ctx.port}/elsewhere?ticket=${opened.ticket}`), 404);
  assert.equal(await status(`${opened.endpoint}?ticket=${opened.ticket}`), 101);
  assert.equal(await status(`${opened.endpoint}?ticket=${opened.ticket}`), 401, "a ticket is good once");
});

test("the outbox listing, its filters, and the long poll", async () => {
  const id = await createConference(ctx.app, token, ["union-bob"]);
  const all = await client.listEvents({ conferenceId: id });
  assert.deepEqual(
    all.events.map((e) => [e.eventType, e.statusSeqNum]),
    [
      ["meeting_status_change", 1],
      ["meeting_status_change_target_push", 1],
      ["meeting_member_status_change", 2],
      ["meeting_member_status_change_target_push", 2],
    ],
  );
  assert.deepEqual(all.events[0].deliveries, [], "nobody subscribed");
  assert.equal(all.events[0].corpId, "dingcorp-acme");
  const members = await client.listEvents({ conferenceId: id, eventType: "meeting_member_status_change" });
  assert.equal(members.events.length, 1);
  const newest = await client.listEvents({ conferenceId: id, limit: "1", newest: "true" });
  assert.equal(newest.events[0].eventType, "meeting_member_status_change_target_push");
  expectError(await control(ctx.app).call("GET", "/_vconf/v1/events?limit=x"), 400, "paramsError");
  expectError(await control(ctx.app).call("GET", "/_vconf/v1/events?after=nope"), 404, "vconf.NotFound");

  const last = newest.events[0].eventId;
  const waiting = client.listEvents({ after: last, waitMs: "10000" });
  await sleep(100);
  expectOk(await control(ctx.app).join(id, "union-bob"));
  const next = await waiting;
  assert.ok(next.events.length >= 1);
  assert.equal((next.events[0].payload as { changeScene: string }).changeScene, "user_join");
  const empty = await client.listEvents({ after: next.events.at(-1)!.eventId, waitMs: "50" });
  assert.deepEqual(empty.events, []);
});

test("redeliver sends a delivered event again with its eventId; unknown ids are 404", async () => {
  const c = await rawStreamClient(ctx.url, "acme-reader", "reader-secret");
  try {
    const id = await createConference(ctx.app, token);
    await until(() => c.received.length >= 1, 10_000, "the event");
    await sleep(300);
    const [event] = (await client.listEvents({ conferenceId: id, eventType: "meeting_status_change" }))
      .events;
    assert.equal(event.deliveries[0].status, "delivered");
    assert.deepEqual(await client.redeliverEvent(event.eventId), { redelivered: 1 });
    await until(() => c.received.length >= 2, 10_000, "the redelivery");
    assert.equal(c.received[1].headers.eventId, event.eventId);
    assert.notEqual(c.received[1].headers.messageId, c.received[0].headers.messageId);
    expectError(
      await control(ctx.app).call("POST", "/_vconf/v1/events/nope/redeliver"),
      404,
      "vconf.NotFound",
    );
  } finally {
    await c.close();
  }
});

test("connections are listed; a disconnect sends SYSTEM disconnect and routes nothing new there", async () => {
  const c = await rawStreamClient(ctx.url, "acme-reader", "reader-secret");
  try {
    const { connections } = await client.streamConnections();
    assert.equal(connections.length, 1);
    assert.equal(connections[0].clientId, "acme-reader");
    assert.equal(connections[0].ua, "vconf-test/1");
    assert.equal(connections[0].instance, ctx.events.instance);
    await client.disconnectStream(connections[0].id, "test");
    await until(() => c.system.some((f) => f.headers.topic === "disconnect"), 5000, "SYSTEM disconnect");
    assert.deepEqual(JSON.parse(c.system.find((f) => f.headers.topic === "disconnect")!.data), {
      reason: "test",
    });
    const id = await createConference(ctx.app, token);
    await sleep(300);
    assert.equal(c.received.length, 0, "nothing new after the disconnect");
    const again = await rawStreamClient(ctx.url, "acme-reader", "reader-secret");
    await until(() => again.received.length >= 1, 10_000, "the event on the new connection");
    assert.equal((again.received[0].body.openConfModel as { conferenceId: string }).conferenceId, id);
    await again.close();
    expectError(
      await control(ctx.app).call("POST", "/_vconf/v1/stream/connections/nope/disconnect"),
      404,
      "vconf.NotFound",
    );
  } finally {
    await c.close();
  }
});

test("delivery faults: a dropped push is sent again; a delayed one arrives later", async () => {
  const set = await client.setFaults({
    faults: [{ delivery: "stream", drop: true, count: 1, appKey: "acme-reader" }],
  });
  assert.equal(set.faults.length, 1);
  expectError(
    await control(ctx.app).call("PUT", "/_vconf/v1/faults", { faults: [{ delivery: "stream" }] }),
    400,
    "paramsError",
  );
  const c = await rawStreamClient(ctx.url, "acme-reader", "reader-secret");
  try {
    const t0 = Date.now();
    await createConference(ctx.app, token);
    await until(() => c.received.length >= 1, 10_000, "the event after the drop");
    assert.ok(Date.now() - t0 >= 250, "only after the ACK timeout (300 ms)");
    assert.equal((await client.getFaults()).faults[0].fired, 1);
  } finally {
    await c.close();
  }
});

test("event documents: validation, GET shows them, DELETE drops the Stream subscription too", async () => {
  expectError(
    await control(ctx.app).call("PUT", "/_vconf/v1/apps/acme-reader/events", { extensions: ["nope"] }),
    400,
    "paramsError",
  );
  expectError(
    await control(ctx.app).call("PUT", "/_vconf/v1/apps/acme-reader/events", {
      http: { url: "http://127.0.0.1:1/cb", token: "tok-123456", aesKey: "short" },
    }),
    400,
    "paramsError",
  );
  expectError(await control(ctx.app).call("GET", "/_vconf/v1/apps/nope/events"), 404, "vconf.NotFound");
  const doc = await client.putEventSubscriptions("acme-reader", { extensions: ["member_role_change"] });
  assert.deepEqual(doc, { stream: false, extensions: ["member_role_change"] });
  const c = await rawStreamClient(ctx.url, "acme-reader", "reader-secret");
  await c.close();
  assert.equal((await client.getEventSubscriptions("acme-reader")).stream, true);
  await client.deleteEventSubscriptions("acme-reader");
  assert.deepEqual(await client.getEventSubscriptions("acme-reader"), { stream: false });
});

test("snapshots carry the outbox; reset drops it", async () => {
  const id = await createConference(ctx.app, token);
  const snap = await client.exportSnapshot();
  const events = snap.events as { eventId: string; conferenceId: string }[];
  assert.ok(events.some((e) => e.conferenceId === id));
  assert.ok(Array.isArray(snap.eventSeqs) && Array.isArray(snap.eventDeliveries));
  await client.reset();
  assert.deepEqual((await client.listEvents({ conferenceId: id })).events, []);
  await client.importSnapshot(snap);
  assert.equal((await client.listEvents({ conferenceId: id })).events.length, 2);
  token = await tokenFor(ctx.app);
});

test("the CLI: events tail prints new events live, list and stream connections", async () => {
  const run = cli(ctx.url);
  const tail = run.vconf(["events", "tail", "--lines", "0", "--count", "2", "--json"]);
  let exited = false;
  void tail.then(() => (exited = true));
  // Until the tail has its cursor nothing it prints can be told apart: keep making meetings until it
  // has printed two new events (one meeting's event and its twin, written in one transaction).
  const made: string[] = [];
  for (let i = 0; i < 60 && !exited; i++) {
    made.push(await createConference(ctx.app, token));
    await sleep(500);
  }
  const r = await tail;
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.ok(made.includes(lines[0].conferenceId));
  assert.deepEqual(
    lines.map((e) => [e.conferenceId, e.eventType]),
    [
      [lines[0].conferenceId, "meeting_status_change"],
      [lines[0].conferenceId, "meeting_status_change_target_push"],
    ],
  );
  const listed = await run.ok(["events", "list", "--conference", made[0]]);
  assert.match(listed, /conference_created/);
  assert.match(await run.ok(["stream", "connections"]), /no connections/);
});
