import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { parseDuration } from "../../src/cli/commands/clock.js";
import { UsageError } from "../../src/cli/context.js";
import { VconfClient } from "../../src/client/index.js";
import { ADMIN_KEY, buildTestApp, type TestContext } from "../helpers/app.js";
import { cli } from "../helpers/cli.js";

let ctx: TestContext;
let url: string;
let run: ReturnType<typeof cli>;

before(async () => {
  ctx = await buildTestApp();
  await ctx.app.listen({ host: "127.0.0.1", port: 0 });
  url = `http://127.0.0.1:${(ctx.app.server.address() as { port: number }).port}`;
  run = cli(url, { VCONF_APP_KEY: "acme-app" });
});
after(() => ctx.close());

test("durations: milliseconds, or with units, combined", () => {
  assert.equal(parseDuration("90000"), 90_000);
  assert.equal(parseDuration("90s"), 90_000);
  assert.equal(parseDuration("15m"), 900_000);
  assert.equal(parseDuration("2h"), 7_200_000);
  assert.equal(parseDuration("1d"), 86_400_000);
  assert.equal(parseDuration("1h30m"), 5_400_000);
  assert.equal(parseDuration("250ms"), 250);
  for (const bad of ["", "-5", "1.5h", "2w", "h", "1h30", "1 h"]) {
    assert.throws(() => parseDuration(bad), UsageError, bad);
  }
});

test("vconf clock show/advance/freeze/unfreeze/reset", async () => {
  const start = ctx.clock.now();
  assert.match(await run.ok(["clock"]), new RegExp(`^${new Date(start).toISOString()} · system time\n$`));
  const advanced = await run.json(["clock", "advance", "2h"]);
  assert.deepEqual(
    [advanced.nowMs, advanced.offsetMs, advanced.frozen],
    [start + 7_200_000, 7_200_000, false],
  );
  assert.match(await run.ok(["clock", "freeze"]), /\(frozen\) · \+7200000 ms from system time/);
  ctx.clock.advance(1000);
  assert.equal((await run.json(["clock", "show"])).nowMs, start + 7_200_000);
  assert.equal((await run.json(["clock", "unfreeze"])).frozen, false);
  assert.equal((await run.json(["clock", "reset"])).offsetMs, 0);

  const bad = await run.vconf(["clock", "advance", "soon"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /soon is not a duration/);
  const unknown = await run.vconf(["clock", "rewind"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /unknown subcommand clock rewind/);
  assert.match(await run.ok(["help", "clock"]), /clock advance DURATION/);
});

test("the typed client's clock methods", async () => {
  const admin = new VconfClient({ url, adminKey: ADMIN_KEY });
  const now = ctx.clock.now();
  assert.equal((await admin.getClock()).nowMs, now);
  assert.equal((await admin.advanceClock(60_000)).nowMs, now + 60_000);
  assert.equal((await admin.freezeClock()).frozen, true);
  assert.equal((await admin.freezeClock(false)).frozen, false);
  assert.equal((await admin.setClock({ advanceMs: 1000, freeze: true })).nowMs, now + 61_000);
  assert.deepEqual([(await admin.resetClock()).offsetMs, (await admin.getClock()).frozen], [0, false]);
  await assert.rejects(admin.setClock({ advanceMs: -1 }), { code: "paramsError", status: 400 });
});
