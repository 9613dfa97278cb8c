/**
 * Issue 9 item 11: random requests to every route the app has (read from its route table, so a new route
 * is covered without listing it) over real HTTP, and malformed requests as raw bytes: no 5xx, every error
 * in DingTalk's envelope, and no rejected request changes the state (the snapshot before and after).
 * Fixed seed, bounded size; `npm run fuzz -- --requests 100000` runs the same for longer.
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { ADMIN_KEY, buildTestApp, type TestContext } from "../helpers/app.js";
import { mutatedRequests, RAW_CASES, rawProblem, sendRaw } from "../helpers/fuzz/raw.js";
import { routeName } from "../helpers/fuzz/routes.js";
import { fuzz, prepareTarget, type FuzzTarget } from "../helpers/fuzz/run.js";

const SEED = Number(process.env.VCONF_FUZZ_SEED ?? 20260901);
const REQUESTS = Number(process.env.VCONF_FUZZ_REQUESTS ?? 1500);
const MUTATIONS = Number(process.env.VCONF_FUZZ_MUTATIONS ?? 150);

let ctx: TestContext;
let target: FuzzTarget;
before(async () => {
  ctx = await buildTestApp();
  target = await prepareTarget(ctx.app);
});
after(() => ctx.close());

const snapshot = async () =>
  (
    await ctx.app.inject({
      method: "GET",
      url: "/_vconf/v1/snapshot",
      headers: { "x-vconf-admin-key": ADMIN_KEY },
    })
  ).body;

test("the route table is read from the app: DingTalk and control-plane routes alike", () => {
  const names = target.routes.map(routeName);
  for (const r of [
    "POST /v1.0/conference/videoConferences/:conferenceId/coHosts/set",
    "DELETE /v1.0/conference/videoConferences/:conferenceId",
    "POST /v1.0/oauth2/:corpId/token",
    "PUT /_vconf/v1/snapshot",
    "POST /_vconf/v1/conferences/:conferenceId/attendees/:unionId/join",
    "DELETE /_vconf/v1/suites/:suiteKey/authorizations/:corpId",
    // events: the Stream gateway, the legacy oapi calls, the control plane
    "POST /v1.0/gateway/connections/open",
    "GET /gettoken",
    "POST /call_back/register_call_back",
    "POST /call_back/update_call_back",
    "GET /call_back/get_call_back",
    "GET /call_back/delete_call_back",
    "GET /call_back/get_call_back_failed_result",
    "GET /_vconf/v1/events",
    "POST /_vconf/v1/events/:eventId/redeliver",
    "GET /_vconf/v1/stream/connections",
    "POST /_vconf/v1/stream/connections/:id/disconnect",
    "PUT /_vconf/v1/apps/:appKey/events",
  ]) {
    assert.ok(names.includes(r), `${r} is missing from ${names.join(", ")}`);
  }
  // Endless streams have their own tests: the SSE watch feed is left out, and the Stream WebSocket is
  // an upgrade handler on the server (events/gateway.ts), not a route (a plain GET /connect is a 404).
  assert.ok(!names.some((n) => n.endsWith(" /connect") || n.includes("/watch")), names.join(", "));
  assert.ok(names.length >= 53, `only ${names.length} routes`);
});

test(`${REQUESTS} random requests over every route: no 5xx, every error an envelope, rejections change nothing`, async () => {
  const stats = await fuzz(target, { seed: SEED, requests: REQUESTS });
  const unvisited = [...stats.routes].filter(([, r]) => r.requests === 0).map(([n]) => n);
  assert.deepEqual(unvisited, [], "every route gets requests");
  const succeeded = [...stats.routes].filter(([, r]) => r.ok > 0).length;
  // Not vacuous: many routes see successes (and so real state changes), not only refusals.
  assert.ok(
    succeeded > stats.routes.size / 2,
    `only ${succeeded} of ${stats.routes.size} routes ever succeeded`,
  );
  assert.deepEqual(
    { fiveXX: stats.fiveXX, nonEnvelope: stats.nonEnvelope, stateChanges: stats.stateChanges },
    { fiveXX: 0, nonEnvelope: 0, stateChanges: 0 },
    stats.failures.join("\n"),
  );
});

const port = () => (ctx.app.server.address() as AddressInfo).port;

/** Sends each case as raw bytes; returns the problems found (answer form, or a changed state). */
async function rawProblems(cases: { name: string; bytes: string; item?: string }[]) {
  const problems: string[] = [];
  for (const c of cases) {
    const before = await snapshot();
    const answer = await sendRaw(port(), c.bytes);
    const problem = rawProblem(answer, c);
    if (problem) problems.push(`${c.name}: ${problem}`);
    if ((answer.status === 0 || answer.status >= 400) && (await snapshot()) !== before) {
      problems.push(`${c.name}: a rejected request changed the state`);
    }
  }
  return problems;
}

test("malformed framing, prefix spellings and SDK framings as raw bytes: in the envelope, never a 5xx", async () => {
  assert.deepEqual(await rawProblems(RAW_CASES), []);
});

test(`${MUTATIONS} seeded byte mutations of good requests: no 5xx, errors in the envelope, rejections change nothing`, async () => {
  const cases = mutatedRequests(SEED, MUTATIONS).map((bytes, i) => ({
    name: `mutation ${i} ${JSON.stringify(bytes)}`,
    bytes,
  }));
  // A mutation may leave a request the server still waits on: no answer is then fine.
  assert.deepEqual(
    (await rawProblems(cases)).filter((p) => !/: no answer$/.test(p)),
    [],
  );
});
