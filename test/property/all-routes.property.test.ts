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
  ]) {
    assert.ok(names.includes(r), `${r} is missing from ${names.join(", ")}`);
  }
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
async function rawProblems(cases: { name: string; bytes: string; known?: string }[]) {
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

test("malformed framing as raw bytes: answered in the envelope, never a 5xx", async () => {
  assert.deepEqual(await rawProblems(RAW_CASES.filter((c) => !c.known)), []);
});

// Waiting for the harden-edge branch (issue 9 items 1, 7, 8: the control-plane gate on the matched route,
// HTTP-level errors in the envelope, empty chunked bodies). Remove `todo` once it is merged.
test(
  "HTTP-level errors, prefix spellings and SDK framings (issue 9 items 1, 7, 8)",
  { todo: "harden-edge" },
  async () => {
    assert.deepEqual(await rawProblems(RAW_CASES.filter((c) => c.known)), []);
  },
);

/** The mutations' problems, found once and split between the next two tests. */
let mutationProblems: string[] | undefined;
const notInEnvelope = /an error (that is not JSON|with keys)/;

test(`${MUTATIONS} seeded byte mutations of good requests: never a 5xx, rejections change nothing`, async () => {
  const cases = mutatedRequests(SEED, MUTATIONS).map((bytes, i) => ({
    name: `mutation ${i} ${JSON.stringify(bytes)}`,
    bytes,
    known: "mutation",
  }));
  // A mutation may leave a request the server waits on: no answer is then fine.
  mutationProblems = (await rawProblems(cases)).filter((p) => !/no answer/.test(p));
  // Until harden-edge lands, Node's parser answers some of these outside the envelope (item 7): the next
  // test reports those; a 5xx or a changed state fails here.
  assert.deepEqual(
    mutationProblems.filter((p) => !notInEnvelope.test(p)),
    [],
  );
});

test(
  "byte mutations answered by the HTTP layer are in the envelope too (issue 9 item 7)",
  { todo: "harden-edge" },
  () => {
    assert.deepEqual(
      mutationProblems?.filter((p) => notInEnvelope.test(p)),
      [],
    );
  },
);
