/**
 * `npm run fuzz [-- --requests N] [--seed S] [--mutations M]`: the property test's fuzz
 * (test/property/all-routes.property.test.ts) for longer, by hand. Random requests to every route over
 * real HTTP on a fresh in-process server (SQLite, or VCONF_TEST_STORE=postgres), then raw-socket framings
 * and seeded byte mutations. Prints requests, routes, 5xx, non-envelope answers and state changes on
 * rejection; exits 1 if any of those is not 0.
 */
import { buildTestApp } from "../test/helpers/app.js";
import { mutatedRequests, RAW_CASES, rawProblem, sendRaw } from "../test/helpers/fuzz/raw.js";
import { fuzz, prepareTarget, type FuzzStats } from "../test/helpers/fuzz/run.js";

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  const n = i >= 0 ? Number(args[i + 1]) : dflt;
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number`);
  return n;
};
const REQUESTS = opt("--requests", 10_000);
const SEED = opt("--seed", Date.now() % 1_000_000);
const MUTATIONS = opt("--mutations", Math.ceil(REQUESTS / 20));

const line = (s: FuzzStats, ms: number) => {
  const visited = [...s.routes.values()].filter((r) => r.requests > 0).length;
  const ok = [...s.routes.values()].filter((r) => r.ok > 0).length;
  return (
    `requests ${s.requests}  routes ${visited}/${s.routes.size} (${ok} with successes)  ` +
    `5xx ${s.fiveXX}  non-envelope ${s.nonEnvelope}  state changes ${s.stateChanges}  ` +
    `${Math.round((s.requests / ms) * 1000)} req/s  rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`
  );
};

const ctx = await buildTestApp();
try {
  const target = await prepareTarget(ctx.app);
  console.log(
    `fuzz: seed ${SEED}, ${REQUESTS} requests over ${target.routes.length} routes, store ${ctx.deps.store.kind}`,
  );
  const t0 = Date.now();
  const stats = await fuzz(target, {
    seed: SEED,
    requests: REQUESTS,
    onProgress: (s) => console.log(line(s, Date.now() - t0)),
  });
  console.log(line(stats, Date.now() - t0));
  for (const f of stats.failures) console.log(`  ${f.slice(0, 500)}`);

  const { port } = target;
  let raw = 0;
  const rawFailures: string[] = [];
  const cases = [
    ...RAW_CASES,
    ...mutatedRequests(SEED, MUTATIONS).map((bytes, i) => ({ name: `mutation ${i}`, bytes })),
  ];
  for (const c of cases) {
    const problem = rawProblem(await sendRaw(port, c.bytes), c);
    if (!problem || (c.name.startsWith("mutation") && problem === "no answer")) continue;
    raw++;
    rawFailures.push(`${c.name}: ${problem} ${JSON.stringify(c.bytes.slice(0, 120))}`);
  }
  console.log(`raw: ${cases.length} requests, ${raw} problems (5xx, non-envelope or no answer)`);
  for (const f of rawFailures.slice(0, 20)) console.log(`  ${f}`);
  process.exitCode = stats.fiveXX + stats.nonEnvelope + stats.stateChanges + raw > 0 ? 1 : 0;
} finally {
  await ctx.close();
}
