/**
 * Issue 13's events metrics: Stream connections, the delivery backlog and its age, the commit → ACK lag;
 * promtool accepts the exposition with them (test/http/metrics.test.ts checks the rest).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";
import { buildTestApp, createConference, type TestContext, tokenFor } from "../helpers/app.js";
import { rawStreamClient, sleep, until } from "../helpers/stream.js";

let ctx: TestContext;
let token: string;
before(async () => {
  ctx = await buildTestApp({ listen: true, realClock: true });
  token = await tokenFor(ctx.app);
});
after(() => ctx.close());

const scrape = async () => (await ctx.app.inject({ method: "GET", url: "/metrics" })).body;
const sample = (text: string, name: string) => {
  const m = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
  return m ? Number(m[1]) : undefined;
};

test("Stream connections, backlog and lag follow what happens, and promtool accepts them", async () => {
  const before = await scrape();
  for (const [name, type] of [
    ["vconf_stream_connections", "gauge"],
    ["vconf_event_backlog_deliveries", "gauge"],
    ["vconf_event_backlog_oldest_age_seconds", "gauge"],
    ["vconf_event_delivery_lag_seconds", "histogram"],
  ]) {
    assert.match(before, new RegExp(`^# TYPE ${name} ${type}$`, "m"), `${name} is a ${type}`);
  }
  assert.equal(sample(before, "vconf_stream_connections"), 0);
  assert.equal(sample(before, "vconf_event_delivery_lag_seconds_count"), 0);

  const c = await rawStreamClient(ctx.url, "acme-reader", "reader-secret");
  try {
    await createConference(ctx.app, token);
    await until(() => c.received.length >= 1, 10_000, "the event");
    await sleep(300); // the ACK's settlement is written after it arrives
    const live = await scrape();
    assert.equal(sample(live, "vconf_stream_connections"), 1);
    assert.ok((sample(live, "vconf_event_delivery_lag_seconds_count") ?? 0) >= 1, "the ACK was timed");
    assert.ok((sample(live, "vconf_event_delivery_lag_seconds_sum") ?? -1) >= 0);
  } finally {
    await c.close();
  }
  await until(() => ctx.events.gateway.list().length === 0, 5000, "the connection gone");

  // acme-reader now has a subscription and no connection: its events wait, and the backlog shows them.
  await createConference(ctx.app, token);
  const waiting = await scrape();
  assert.equal(sample(waiting, "vconf_stream_connections"), 0);
  assert.ok((sample(waiting, "vconf_event_backlog_deliveries") ?? 0) >= 1, "the pending delivery");
  assert.ok((sample(waiting, "vconf_event_backlog_oldest_age_seconds") ?? -1) >= 0);

  const found = spawnSync("promtool", ["--version"]);
  if (found.status !== 0) {
    if (process.env.CI) assert.fail("promtool is missing (apt-get install prometheus)");
    return;
  }
  const check = spawnSync("promtool", ["check", "metrics"], { input: waiting, encoding: "utf8" });
  assert.equal(check.status, 0, `promtool check metrics:\n${check.stdout}${check.stderr}`);
  assert.equal(check.stdout.trim() + check.stderr.trim(), "", "no lint findings");
});
