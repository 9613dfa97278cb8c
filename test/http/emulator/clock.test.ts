import assert from "node:assert/strict";
import { test } from "node:test";
import {
  api,
  CONF,
  control,
  createConference,
  expectError,
  expectOk,
  tokenFor,
  useTestApp,
} from "../../helpers/app.js";

const ctx = useTestApp();

const CLOCK = "/_vconf/v1/clock";
const getClock = async () => expectOk(await control(ctx.app).call("GET", CLOCK));
const setClock = (body: unknown) => control(ctx.app).call("POST", CLOCK, body);

test("the clock starts on the system clock; GET shows it and needs the admin key", async () => {
  assert.deepEqual(await getClock(), {
    now: new Date(ctx.clock.now()).toISOString(),
    nowMs: ctx.clock.now(),
    frozen: false,
    offsetMs: 0,
  });
  expectError(await ctx.app.inject({ method: "GET", url: CLOCK }), 401, "vconf.AdminKeyRequired");
  expectError(
    await ctx.app.inject({ method: "POST", url: CLOCK, payload: { advanceMs: 1000 } }),
    401,
    "vconf.AdminKeyRequired",
  );
  assert.equal((await getClock()).offsetMs, 0, "a refused call changes nothing");
});

test("advancing expires tokens, also those the auth cache holds", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  expectOk(await api(ctx.app, token).info(id)); // authenticated (and cached on SQLite)
  const moved = expectOk(await setClock({ advanceMs: 7199 * 1000 }));
  assert.equal(moved.offsetMs, 7199 * 1000);
  assert.equal(moved.nowMs, ctx.clock.now() + 7199 * 1000);
  expectOk(await api(ctx.app, token).members(id));
  expectOk(await setClock({ advanceMs: 1000 }));
  expectError(await api(ctx.app, token).members(id), 400, "InvalidAuthentication");
  // A new token is issued at the emulated time and lives its two hours from there.
  const fresh = await tokenFor(ctx.app);
  assert.notEqual(fresh, token);
  expectOk(await api(ctx.app, fresh).info(id));
});

test("join and leave times, durations and the change log follow the clock", async () => {
  const token = await tokenFor(ctx.app);
  const start = (await getClock()).nowMs;
  const id = await createConference(ctx.app, token, ["union-bob"]);
  expectOk(await control(ctx.app).join(id, "union-bob"));
  expectOk(await setClock({ advanceMs: 90_000 }));
  expectOk(await control(ctx.app).leave(id, "union-bob"));
  expectOk(await setClock({ advanceMs: 30_000 }));
  expectOk(await api(ctx.app, token).close(id, "union-alice"));

  const info = expectOk(await api(ctx.app, token).info(id)).confInfo;
  assert.equal(info.startTime, start);
  assert.equal(info.endTime, start + 120_000);
  assert.equal(info.confDuration, 120_000);
  const bob = expectOk(await api(ctx.app, token).members(id)).memberModels.find(
    (m: { unionId: string }) => m.unionId === "union-bob",
  );
  assert.equal(bob.joinTime, start);
  assert.equal(bob.leaveTime, start + 90_000);
  assert.equal(bob.duration, 90_000);
  const audit = expectOk(await control(ctx.app).audit(id)).entries as { operation: string; at: number }[];
  assert.equal(audit.find((e) => e.operation === "Leave")?.at, start + 90_000);
  const journal = expectOk(
    await control(ctx.app).call("GET", "/_vconf/v1/requests?operation=CloseVideoConference"),
  );
  assert.equal(journal.entries[0].time, new Date(start + 120_000).toISOString());
});

test("freeze stops time, advance moves the frozen instant, unfreeze runs on from it, reset returns", async () => {
  const frozen = expectOk(await setClock({ freeze: true }));
  assert.equal(frozen.frozen, true);
  ctx.clock.advance(5000); // real time passes
  assert.equal((await getClock()).nowMs, frozen.nowMs, "frozen: real time does not move it");
  const moved = expectOk(await setClock({ advanceMs: 60_000 }));
  assert.equal(moved.nowMs, frozen.nowMs + 60_000);
  assert.equal(moved.frozen, true);

  const running = expectOk(await setClock({ freeze: false }));
  assert.equal(running.frozen, false);
  assert.equal(running.nowMs, moved.nowMs, "time runs on from where it stood");
  ctx.clock.advance(2000);
  assert.equal((await getClock()).nowMs, moved.nowMs + 2000);

  const reset = expectOk(await setClock({ reset: true }));
  assert.deepEqual(
    { nowMs: reset.nowMs, frozen: reset.frozen, offsetMs: reset.offsetMs },
    { nowMs: ctx.clock.now(), frozen: false, offsetMs: 0 },
  );
  // Several at once, in the order reset, freeze, advance.
  const both = expectOk(await setClock({ freeze: true, advanceMs: 1000 }));
  assert.deepEqual([both.frozen, both.nowMs], [true, ctx.clock.now() + 1000]);
});

test("a bad change is refused with paramsError and changes nothing", async () => {
  for (const body of [
    {},
    { advanceMs: -1 },
    { advanceMs: 1.5 },
    { advanceMs: "1000" },
    { advanceMs: 1e16 },
    { reset: false },
    { freeze: "yes" },
    { advanceMs: 1000, later: true },
  ]) {
    expectError(await setClock(body), 400, "paramsError");
  }
  expectError(
    await ctx.app.inject({
      method: "POST",
      url: CLOCK,
      headers: { "x-vconf-admin-key": "test-admin-key", "content-type": "application/json" },
      payload: "{",
    }),
    400,
    "Missingbody",
  );
  assert.deepEqual(await getClock(), {
    now: new Date(ctx.clock.now()).toISOString(),
    nowMs: ctx.clock.now(),
    frozen: false,
    offsetMs: 0,
  });
});

test("concurrent changes all count", async () => {
  await Promise.all(Array.from({ length: 20 }, () => setClock({ advanceMs: 1000 })));
  assert.equal((await getClock()).offsetMs, 20_000);
});

test("the rate limit counts real seconds: a frozen clock does not hold its window shut", async () => {
  await ctx.rebuild({ rateLimit: 1 });
  const token = await tokenFor(ctx.app);
  expectOk(await setClock({ freeze: true }));
  const info = () =>
    ctx.app.inject({
      method: "GET",
      url: `${CONF}/${"0".repeat(24)}`,
      headers: { "x-acs-dingtalk-access-token": token },
    });
  expectError(await info(), 404, "roomNotFound");
  expectError(await info(), 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
  ctx.clock.advance(1000); // a real second later; the emulated clock still stands
  expectError(await info(), 404, "roomNotFound");
  // Advancing the emulated clock is not a real second.
  expectError(await info(), 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
  expectOk(await setClock({ advanceMs: 5000 }));
  expectError(await info(), 403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi");
});
