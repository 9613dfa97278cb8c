import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";
import { Gauge } from "prom-client";
import { Metrics } from "../../src/http/metrics.js";
import {
  api,
  buildTestApp,
  control,
  createConference,
  expectOk,
  tokenFor,
  type TestContext,
} from "../helpers/app.js";

let ctx: TestContext;
before(async () => {
  ctx = await buildTestApp();
});
after(() => ctx.close());

const onSqlite = (process.env.VCONF_TEST_STORE ?? "sqlite") === "sqlite";

/** `promtool` from Debian's `prometheus` package (.ci/run installs it); CI must not skip this test. */
function promtool(): string | undefined {
  const found = spawnSync("promtool", ["--version"], { encoding: "utf8" });
  if (found.error) {
    if (process.env.CI) assert.fail("promtool is missing (apt-get install prometheus)");
    return undefined;
  }
  return "promtool";
}

/** Parses the exposition's sample lines into `name{labels}` → value (promtool checks the syntax). */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

async function scrape() {
  const res = await ctx.app.inject({ method: "GET", url: "/metrics" });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers["content-type"] as string, /^text\/plain; version=0\.0\.4/);
  return res.body;
}

test("/metrics is Prometheus text that promtool accepts, with correctly typed families", async (t) => {
  const token = await tokenFor(ctx.app);
  const conf = await createConference(ctx.app, token, ["union-bob"]);
  expectOk(await api(ctx.app, token).cohosts(conf, { action: "add", userList: [{ unionId: "union-bob" }] }));
  const refused = await api(ctx.app, token).cohosts(conf, {
    action: "add",
    userList: [{ unionId: "union-nobody" }],
  });
  assert.equal(refused.statusCode, 400);
  await control(ctx.app).call("GET", "/_vconf/v1/orgs");
  const text = await scrape();

  const tool = promtool();
  if (!tool) t.diagnostic("promtool not installed: the syntax and naming check is skipped outside CI");
  else {
    const check = spawnSync(tool, ["check", "metrics"], { input: text, encoding: "utf8" });
    assert.equal(check.status, 0, `promtool check metrics:\n${check.stdout}${check.stderr}`);
    assert.equal(check.stdout.trim() + check.stderr.trim(), "", "no lint findings");
  }

  for (const [name, type] of [
    ["vconf_requests_total", "counter"],
    ["vconf_request_duration_seconds", "histogram"],
    ["vconf_store_commit_duration_seconds", "histogram"],
    ["vconf_store_fsync_duration_seconds", "histogram"],
    ["vconf_store_commit_transactions", "histogram"],
    ["vconf_auth_cache_lookups_total", "counter"],
    ["vconf_journal_entries", "gauge"],
    ["vconf_process_resident_memory_bytes", "gauge"],
    ["vconf_process_cpu_seconds_total", "counter"],
    ["vconf_nodejs_eventloop_lag_p99_seconds", "gauge"],
    ["vconf_nodejs_active_resources", "gauge"],
  ]) {
    assert.match(text, new RegExp(`^# TYPE ${name} ${type}$`, "m"), `${name} is a ${type}`);
  }
  assert.doesNotMatch(text, /vconf_request_seconds_sum/, "the old latency sum typed as a counter is gone");

  const s = samples(text);
  assert.equal(s.get('vconf_requests_total{operation="Cohosts",status="200"}'), 1);
  assert.equal(s.get('vconf_requests_total{operation="Cohosts",status="400"}'), 1);
  assert.equal(s.get('vconf_requests_total{operation="vconf.ListOrgs",status="200"}'), 1);
  assert.equal(s.get('vconf_request_duration_seconds_count{operation="Cohosts"}'), 2);
  assert.equal(s.get('vconf_request_duration_seconds_bucket{le="+Inf",operation="Cohosts"}'), 2);
  const commits = s.get("vconf_store_commit_duration_seconds_count") ?? 0;
  assert.ok(commits >= 2, `the token and the co-host writes committed: ${commits}`);
  assert.ok((s.get("vconf_store_commit_transactions_sum") ?? 0) >= commits, "each commit carries ≥ 1");
  const journal = await control(ctx.app).call("GET", "/_vconf/v1/requests");
  assert.equal(s.get("vconf_journal_entries"), journal.json().entries.length);
  if (onSqlite) {
    assert.ok((s.get("vconf_store_fsync_duration_seconds_count") ?? 0) >= 1, "the WAL was fsync'd");
    // The create and both co-host calls authenticated through the cache: the first lookup misses.
    assert.ok((s.get('vconf_auth_cache_lookups_total{result="miss"}') ?? 0) >= 1);
    assert.ok((s.get('vconf_auth_cache_lookups_total{result="hit"}') ?? 0) >= 2);
  }
});

test("other parts register their own families in the app's registry; /metrics renders them", async () => {
  const metrics = new Metrics();
  const backlog = new Gauge({
    name: "vconf_test_backlog",
    help: "a family registered from outside the HTTP layer",
    registers: [metrics.registry],
  });
  backlog.set(3);
  const other = await buildTestApp({ metrics });
  try {
    const text = (await other.app.inject({ method: "GET", url: "/metrics" })).body;
    assert.match(text, /^# TYPE vconf_test_backlog gauge$/m);
    assert.match(text, /^vconf_test_backlog 3$/m);
    assert.match(text, /^# TYPE vconf_requests_total counter$/m);
  } finally {
    await other.close();
  }
});
