/**
 * The watch stream's `events` topic: the outbox and delivery outcomes, over real HTTP, with real Stream
 * clients acknowledging (or not) on a real socket.
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { afterEach, test } from "node:test";
import { VconfClient } from "../../../src/client/index.js";
import { ADMIN_KEY, buildTestApp, createConference, type TestContext, tokenFor } from "../../helpers/app.js";
import { rawStreamClient } from "../../helpers/stream.js";
import { watch, type WatchEvent } from "../../helpers/watch.js";

let ctx: TestContext;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await ctx?.close();
});

async function start() {
  ctx = await buildTestApp({ listen: true, realClock: true });
  return { token: await tokenFor(ctx.app), admin: new VconfClient({ url: ctx.url, adminKey: ADMIN_KEY }) };
}

async function open(topics: string) {
  const w = await watch(ctx.url, topics);
  cleanups.push(w.close);
  return w;
}

const isEvent = (type: string, conferenceId: string) => (e: WatchEvent) =>
  e.type === "event" && e.data.eventType === type && e.data.conferenceId === conferenceId;
const deliveryOf = (eventId: unknown, status: string) => (e: WatchEvent) =>
  e.type === "delivery" && e.data.eventId === eventId && e.data.status === status;

test("each committed event arrives with its deliveries, then its acknowledgement, as the listing shows them", async () => {
  const { token, admin } = await start();
  const stream = await rawStreamClient(ctx.url, "acme-app", "acme-secret");
  cleanups.push(stream.close);
  const w = await open("events");
  assert.deepEqual(w.events[0].data, { topics: ["events"] });

  const id = await createConference(ctx.app, token);
  const event = (await w.next(isEvent("meeting_status_change", id), "start event")).data;
  assert.equal(event.statusSeqNum, 1);
  assert.equal(event.corpId, "dingcorp-acme");
  assert.equal((event.payload as { changeScene: string }).changeScene, "conference_created");
  assert.deepEqual(
    (event.deliveries as { subscriber: unknown; status: string }[]).map((d) => [d.subscriber, d.status]),
    [[{ kind: "stream", appKey: "acme-app", corpId: "dingcorp-acme" }, "pending"]],
  );
  const acked = (await w.next(deliveryOf(event.eventId, "delivered"), "acknowledgement")).data;
  assert.equal(acked.attempts, 1);
  assert.deepEqual(acked.subscriber, { kind: "stream", appKey: "acme-app", corpId: "dingcorp-acme" });
  assert.equal(stream.received.filter((f) => f.headers.eventId === event.eventId).length, 1);

  // The message is the listing's item: same fields, same delivery state once acknowledged.
  const listed = (await admin.listEvents({ conferenceId: id })).events.find(
    (e) => e.eventId === event.eventId,
  )!;
  const { deliveries: listedDeliveries, ...listedEvent } = listed;
  const { deliveries: _d, ...sentEvent } = event;
  assert.deepEqual(sentEvent, listedEvent);
  const { eventId: _e, ...ackState } = acked;
  assert.deepEqual(listedDeliveries, [ackState]);
});

test("a retried send says so with its error, then is delivered; a redelivery goes back to pending", async () => {
  const { token, admin } = await start();
  // LATER for the first frame: retried after the backoff, acknowledged the second time.
  const stream = await rawStreamClient(ctx.url, "acme-app", "acme-secret", (_f, n) =>
    n === 1 ? "LATER" : "SUCCESS",
  );
  cleanups.push(stream.close);
  const w = await open("events,changes");
  const id = await createConference(ctx.app, token);
  const { eventId } = (await w.next(isEvent("meeting_status_change", id))).data;
  const change = await w.next((e) => e.type === "change", "the conference change");
  assert.equal(change.data.conferenceId, id, "the change topic still comes alongside");

  const retry = (await w.next(deliveryOf(eventId, "pending"), "retry")).data;
  assert.equal(retry.attempts, 1);
  assert.equal(typeof retry.lastError, "string");
  assert.ok((retry.nextAt as number) > Date.now() - 60_000);
  const delivered = (await w.next(deliveryOf(eventId, "delivered"), "second send")).data;
  assert.equal(delivered.attempts, 2);
  assert.equal(typeof delivered.deliveredAt, "number");

  assert.deepEqual(await admin.redeliverEvent(eventId as string), { redelivered: 1 });
  const again = (await w.next(deliveryOf(eventId, "pending"), "redelivered")).data;
  assert.equal(again.attempts, 0);
  assert.equal(again.lastError, undefined);
  assert.equal((await w.next(deliveryOf(eventId, "delivered"), "redelivery acknowledged")).data.attempts, 1);
});

test("without the events topic no event or delivery messages come", async () => {
  const { token } = await start();
  const stream = await rawStreamClient(ctx.url, "acme-app", "acme-secret");
  cleanups.push(stream.close);
  const plain = await open("changes,requests");
  const withEvents = await open("events");
  const id = await createConference(ctx.app, token);
  const { eventId } = (await withEvents.next(isEvent("meeting_status_change", id))).data;
  await withEvents.next(deliveryOf(eventId, "delivered"));
  await plain.next((e) => e.type === "request" && e.data.operation === "CreateVideoConference");
  assert.deepEqual(
    plain.events.filter((e) => e.type === "event" || e.type === "delivery"),
    [],
  );
});

test("a watcher that reads nothing is dropped once its backlog passes the bound; others go on", async () => {
  await start();
  const fast = await open("events");
  // A raw watcher that stops reading what it is sent.
  const slow = connect(Number(new URL(ctx.url).port), "127.0.0.1");
  cleanups.push(() => slow.destroy());
  slow.write(
    `GET /_vconf/v1/watch?topics=events HTTP/1.1\r\nhost: x\r\nx-vconf-admin-key: ${ADMIN_KEY}\r\n\r\n`,
  );
  await new Promise<void>((resolve) => slow.once("data", () => resolve()));
  slow.pause();
  assert.equal(ctx.live.size, 2, "both watchers listen");

  const big = { filler: "x".repeat(256 * 1024) };
  const event = (i: number) => ({
    eventId: `e${i}`,
    eventType: "meeting_status_change",
    conferenceId: "c",
    corpId: "dingcorp-acme",
    statusSeqNum: i,
    bornTime: 0,
    payload: big,
    deliveries: [],
  });
  // Up to 64 MiB: past the kernel's socket buffers and the 1 MiB bound.
  let sent = 0;
  while (ctx.live.size === 2 && sent < 256) {
    ctx.live.publish({ topic: "events", kind: "event", event: event(sent++) });
    await fast.next((e) => e.type === "event" && e.data.eventId === `e${sent - 1}`);
  }
  assert.equal(ctx.live.size, 1, `the slow watcher was dropped (after ${sent} messages)`);
  // What it had been sent still arrives, then the connection ends.
  const ended = new Promise<void>((resolve) => slow.once("close", () => resolve()));
  slow.on("data", () => {});
  slow.resume();
  await ended;
  ctx.live.publish({ topic: "events", kind: "event", event: event(9999) });
  await fast.next((e) => e.type === "event" && e.data.eventId === "e9999", "the reading watcher goes on");
});
