/**
 * `npm run bench [-- --scale] [--seconds N] [--only <name part>] [--profile]` (--profile: the servers write V8 CPU profiles, see
 * bench/top.ts): the ceiling and vconf's main calls measured in one run,
 * server and wrk as separate processes on separate CPUs; writes the table to docs/benchmarks.md.
 * See docs/benchmarks.md for what each row does.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { BASE } from "../src/schemas/paths.js";
import { openStore } from "../src/store/open.js";
import { SqliteStore } from "../src/store/sqlite/index.js";
import type { Store } from "../src/store/store.js";
import {
  ensureWrk,
  freePort,
  pin,
  ROOT,
  cpuSeconds,
  rss,
  startServer,
  wrk,
  wrkAsync,
  type Server,
  type WrkResult,
} from "./proc.js";
import { writeSection } from "./report.js";
import { startPostgres } from "./postgres.js";
import { loadAll } from "./setup.js";
import { scale } from "./scale.js";
import {
  cohostRequests,
  createRequests,
  distinctCohostRequests,
  membersRequests,
  tokenRequests,
} from "./workloads.js";
import { httpSubscriber, LISTENER, putEvents, streamSubscriber, type LagResult } from "./events.js";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SECONDS = opt("--seconds", 10);
const WARMUP = opt("--warmup", 2);
const CONNECTIONS = opt("--connections", 50);
/** The event-lag row's changes per second (the issue's goal is at 1,000). */
const LAG_RATE = opt("--lag-rate", 1000);
const TOKENS = 16;
const WORK = join(ROOT, ".bench", new Date().toISOString().replace(/[:.]/g, "-"));

interface Row extends WrkResult {
  name: string;
  rssMb: number;
  /** The server's longest event-loop delay during the measured seconds (bench/loop-delay.js). */
  loopMaxMs?: number;
  /** The server's CPU time (user + system) per request: less disturbed by other load than req/s. */
  cpuUs?: number;
  note?: string;
  /** What the row's ratio is to: the POST ceiling (mean of both runs; default) or the page ceiling. */
  ceiling?: "page";
}

const serverArgs = (dataDir: string, port: number, logLevel = "info") => [
  process.execPath,
  // --node-flags "…": node options for every vconf server of the run (e.g. GC settings to compare).
  ...(args.includes("--node-flags") ? args[args.indexOf("--node-flags") + 1].split(" ").filter(Boolean) : []),
  ...(flag("--profile") ? ["--cpu-prof", `--cpu-prof-dir=${join(WORK, "profiles")}`] : []),
  // --trace-gc: each collection the server runs is printed into its log (<work dir>/<label>.log).
  ...(flag("--trace-gc") ? ["--trace-gc"] : []),
  "--import",
  "./bench/loop-delay.js",
  "bin/vconf.js",
  "serve",
  "--port",
  String(port),
  "--data-dir",
  dataDir,
  "--log-level",
  logLevel,
];
const LOOP_FILE = () => join(WORK, "loop-delay.json");
const SERVER_ENV = {
  VCONF_MAX_COHOSTS: "500",
  VCONF_ADMIN_KEY: "bench-admin-key",
  BENCH_LOOP_DELAY_FILE: LOOP_FILE(),
};

const ONLY = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
/** Each row this many times (one warm-up); the table shows the run with the median req/s. */
const REPEAT = opt("--repeat", 1);
/** `--server DIR`: run the server of another checkout (built), e.g. main, with this bench's rows and data. */
const SERVER_ROOT = args.includes("--server") ? args[args.indexOf("--server") + 1] : ROOT;

const skipped = (name: string, note: string): Row => ({
  name,
  rps: NaN,
  p50Ms: NaN,
  p99Ms: NaN,
  errors: 0,
  requests: 0,
  rssMb: NaN,
  note,
});

/** Runs one row against a running server; `vconf` servers also report their event-loop delay. */
async function measure(
  name: string,
  s: Server,
  requests: string,
  o: { always?: boolean; vconf?: boolean; repeat?: number } = {},
) {
  if (ONLY && !o.always && !name.includes(ONLY)) return skipped(name, "skipped (--only)");
  const pid = s.proc.pid!;
  process.stdout.write(`bench: ${name}… `);
  if (WARMUP > 0) wrk(s.url, requests, WARMUP, CONNECTIONS);
  const runs: Row[] = [];
  for (let i = 0; i < (o.repeat ?? REPEAT); i++) {
    if (o.vconf) await loopDelay(pid); // starts the server's count over
    const cpu0 = cpuSeconds(pid);
    const r = wrk(s.url, requests, SECONDS, CONNECTIONS);
    const cpuUs = ((cpuSeconds(pid) - cpu0) * 1e6) / r.requests;
    const loop = o.vconf ? await loopDelay(pid) : undefined;
    runs.push({ name, ...r, rssMb: rss(pid).now / 2 ** 20, loopMaxMs: loop?.maxMs, cpuUs });
  }
  const row = runs.sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)];
  console.log(
    `${runs.map((r) => Math.round(r.rps)).join(" / ")} req/s, p50 ${row.p50Ms.toFixed(2)} ms, p99 ${row.p99Ms.toFixed(2)} ms, errors ${row.errors}, CPU ${runs.map((r) => r.cpuUs!.toFixed(1)).join(" / ")} µs/req` +
      (row.loopMaxMs === undefined ? "" : `, loop max ${row.loopMaxMs} ms`),
  );
  return row;
}

/** The event-loop delay the server measured since the last call (bench/loop-delay.js). */
async function loopDelay(pid: number): Promise<{ maxMs: number; p99Ms: number } | undefined> {
  const file = LOOP_FILE();
  rmSync(file, { force: true });
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 50 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 20));
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

/** A bare node:http server: the co-host POST answered `{"success":true}`, or `replyFile`'s bytes to any request. */
async function ceiling(label: string, requests: string, replyFile?: string) {
  const port = await freePort();
  const s = await startServer(
    [process.execPath, "bench/ceiling.js", String(port), ...(replyFile ? [replyFile] : [])],
    {},
    port,
    join(WORK, "ceiling.log"),
  );
  try {
    return await measure(label, s, requests, { always: true });
  } finally {
    await s.stop();
  }
}

async function vconf(label: string, dataDir: string, env: Record<string, string>, logLevel = "info") {
  const port = await freePort();
  const args = serverArgs(dataDir, port, logLevel);
  args[args.indexOf("bin/vconf.js")] = join(SERVER_ROOT, "bin/vconf.js");
  args[args.indexOf("./bench/loop-delay.js")] = join(ROOT, "bench/loop-delay.js");
  return startServer(args, { ...SERVER_ENV, ...env }, port, join(WORK, `${label}.log`));
}

const f = (n: string) => join(WORK, `${n}.txt`);

/** The SQLite rows; also saves one members page as the server sent it (the page ceiling serves it). */
async function sqliteRows(dataDir: string, data: Loaded, pageFile: string) {
  const s = await vconf("sqlite", dataDir, {});
  const t = data.tokens;
  const rows: Row[] = [];
  try {
    const page = await fetch(`${s.url}${BASE}/${data.bigIds[0]}/members?maxResults=500`, {
      headers: { "x-acs-dingtalk-access-token": t[0] },
    });
    writeFileSync(pageFile, Buffer.from(await page.arrayBuffer()));
    const v = { vconf: true };
    rows.push(
      await measure(
        "set co-hosts (sqlite, fsync'd)",
        s,
        cohostRequests(f("cohosts"), data.conferenceIds, t),
        v,
      ),
    );
    const busy = data.conferenceIds.slice(0, 50);
    rows.push(
      await measure(
        "set co-hosts, 2 users per call over 50 busy conferences (sqlite)",
        s,
        distinctCohostRequests(f("cohosts2"), busy, t, 2),
        v,
      ),
    );
    rows.push({
      ...(await measure(
        "members list, 500 members (one page)",
        s,
        membersRequests(f("members"), data.bigIds, t),
        v,
      )),
      ceiling: "page",
    });
    rows.push(await measure("access token (GetAccessToken)", s, tokenRequests(f("token")), v));
    rows.push(await measure("create conference (2 invitees)", s, createRequests(f("create"), t), v));
    return rows;
  } finally {
    await s.stop();
  }
}

async function logOffRow(dataDir: string, data: Loaded) {
  const name = "set co-hosts (sqlite, fsync'd), request log off (--log-level warn)";
  if (ONLY && !name.includes(ONLY)) return skipped(name, "skipped (--only)");
  const s = await vconf("sqlite-log-off", dataDir, {}, "warn");
  try {
    return await measure(name, s, cohostRequests(f("cohosts"), data.conferenceIds, data.tokens), {
      vconf: true,
    });
  } finally {
    await s.stop();
  }
}

async function postgresRows(dataDir: string): Promise<Row[]> {
  const name = "set co-hosts (postgres, its own durability: synchronous_commit on)";
  if (ONLY && !name.includes(ONLY)) return [skipped(name, "skipped (--only)")];
  const pg = startPostgres();
  if (typeof pg === "string") return [skipped(name, pg)];
  try {
    const store = await openStore({ store: "postgres", databaseUrl: pg.url, dataDir });
    const data = await load(store, 1000);
    await store.close();
    const s = await vconf("postgres", dataDir, { VCONF_STORE: "postgres", VCONF_DATABASE_URL: pg.url });
    try {
      const requests = cohostRequests(f("pg-cohosts"), data.conferenceIds, data.tokens);
      const row = await measure(name, s, requests, { vconf: true });
      return [{ ...row, note: pg.source }, await twoInstances(s, dataDir, pg.url, requests)];
    } finally {
      await s.stop();
    }
  } finally {
    pg.stop();
  }
}

/**
 * A second vconf instance on the same database beside `first`; half the connections to each, at once.
 * req/s is the sum; p50/p99 the worse instance's; CPU per request both servers' (PostgreSQL's not counted).
 */
async function twoInstances(first: Server, dataDir: string, url: string, requests: string): Promise<Row> {
  const name = "set co-hosts (postgres), two vconf instances on one database";
  const second = await vconf("postgres-2", dataDir, { VCONF_STORE: "postgres", VCONF_DATABASE_URL: url });
  try {
    process.stdout.write(`bench: ${name}… `);
    const servers = [first, second];
    const half = Math.max(1, Math.floor(CONNECTIONS / 2));
    if (WARMUP > 0) await Promise.all(servers.map((s) => wrkAsync(s.url, requests, WARMUP, half)));
    const runs: Row[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const cpu0 = servers.map((s) => cpuSeconds(s.proc.pid!));
      const rs = await Promise.all(servers.map((s) => wrkAsync(s.url, requests, SECONDS, half)));
      const cpu = servers.reduce((sum, s, k) => sum + cpuSeconds(s.proc.pid!) - cpu0[k], 0);
      const total = rs.reduce((n, r) => n + r.requests, 0);
      runs.push({
        name,
        rps: rs.reduce((n, r) => n + r.rps, 0),
        p50Ms: Math.max(...rs.map((r) => r.p50Ms)),
        p99Ms: Math.max(...rs.map((r) => r.p99Ms)),
        errors: rs.reduce((n, r) => n + r.errors, 0),
        requests: total,
        rssMb: rss(second.proc.pid!).now / 2 ** 20,
        cpuUs: (cpu * 1e6) / total,
      });
    }
    const row = runs.sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)];
    console.log(`${runs.map((r) => Math.round(r.rps)).join(" / ")} req/s, p99 ${row.p99Ms.toFixed(2)} ms`);
    return row;
  } finally {
    await second.stop();
  }
}

type Loaded = Awaited<ReturnType<typeof loadAll>>;

async function load(store: Store, conferences: number) {
  return loadAll(store, { conferences, big: 4, bigSize: 500, users: 600, tokens: TOKENS });
}

async function main() {
  ensureWrk();
  mkdirSync(WORK, { recursive: true });
  const machine = machineInfo();
  console.log(`bench: ${machine.join(" · ")}; work dir ${WORK}`);
  if (flag("--scale")) return scaleRows(machine);

  const dataDir = join(WORK, "sqlite");
  const store = SqliteStore.open(dataDir);
  const data = await load(store, 1000);
  await store.close();

  const post = cohostRequests(f("ceiling"), data.conferenceIds, data.tokens);
  const rows: Row[] = [await ceiling("ceiling: bare node:http, same POST", post)];
  const pageFile = join(WORK, "members-page.json");
  rows.push(...(await sqliteRows(dataDir, data, pageFile)));
  const pageCeiling = await ceiling(
    "ceiling: bare node:http, the same 500-member page precomputed",
    membersRequests(f("page-ceiling"), data.bigIds, data.tokens),
    pageFile,
  );
  rows.push({ ...pageCeiling, ceiling: "page" });
  rows.push(await logOffRow(dataDir, data));

  const eventTable = await eventRows(dataDir, data);

  rmSync(dataDir, { recursive: true, force: true }); // the logs stay in WORK
  rows.push(...(await postgresRows(join(WORK, "pg-data"))));

  // The ceiling again at the end: on a busy machine the two differ, and the ratio uses their mean.
  rows.push(await ceiling("ceiling again (after the rows above)", post));
  const ceil = (rows[0].rps + rows[rows.length - 1].rps) / 2;
  const ratio = (r: Row) => (100 * r.rps) / (r.ceiling === "page" ? pageCeiling.rps : ceil);
  const table = [
    "| scenario | req/s | % of ceiling | p50 ms | p99 ms | errors | loop max ms | server CPU µs/req | server RSS MB |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) =>
      Number.isNaN(r.rps)
        ? `| ${r.name} | – | – | – | – | – | – | – | – (${r.note ?? "skipped"}) |`
        : `| ${r.name}${r.note ? ` (${r.note})` : ""} | ${Math.round(r.rps)} | ${ratio(r).toFixed(0)}% | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} | ${r.loopMaxMs ?? "–"} | ${r.cpuUs!.toFixed(1)} | ${r.rssMb.toFixed(0)} |`,
    ),
  ];
  await report("main", "npm run bench", machine, table);
  if (eventTable) await report("events", "npm run bench", machine, eventTable);
}

/**
 * Events, on one SQLite server: co-host throughput without subscribers, with a Stream subscriber (DingTalk's
 * own client) and an HTTP subscriber connected, and with both opted into the role-change events (every
 * change pushed twice); then event lag at 1,000 events/s with the Stream subscriber alone.
 */
async function eventRows(dataDir: string, data: Loaded): Promise<string[] | undefined> {
  if ((ONLY && !ONLY.includes("event")) || flag("--no-events")) return undefined;
  const s = await vconf("events", dataDir, {});
  const rows: string[] = [
    "| scenario | req/s | vs. no subscribers | p50 ms | p99 ms | errors | pushes received |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  try {
    // `--only "event lag"`: the lag row alone, on a server no earlier row left deliveries on.
    if (!ONLY?.includes("lag")) await subscriberRows(s, data, rows);
    process.stdout.write(`bench: event lag at ${LAG_RATE} events/s… `);
    const lag = await lagDriver(
      s.url,
      data.conferenceIds,
      data.users.slice(1, 50),
      LAG_RATE,
      SECONDS,
      s.proc.pid!,
    );
    const cpuUs = lag.serverCpuUs;
    console.log(
      `p50 ${lag.p50Ms} ms, p99 ${lag.p99Ms} ms, lost ${lag.lost}, duplicated ${lag.duplicated}, ` +
        `${lag.earlier} events born before the measured part (warm-up, earlier rows) not counted, server CPU ${cpuUs.toFixed(0)} µs/event, ` +
        `load generator CPU ${lag.driverCpuUs.toFixed(0)} µs/event, subscriber CPU ${lag.subscriberCpuUs.toFixed(0)} µs/event; per event: ${lag.commitsPerEvent.toFixed(2)} commits, ` +
        `${lag.transactionsPerEvent.toFixed(2)} write transactions, ${lag.fsyncsPerEvent.toFixed(2)} fsyncs`,
    );
    rows.push(
      "",
      "| event lag (eventBornTime → DingTalk's Stream client's handler) | target events/s | achieved | events | p50 ms | p99 ms | max ms | lost | duplicated | API p50 / p99 ms | server CPU µs/event | commits per event | load generator / subscriber CPU µs/event |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      `| attendee join/leave, 1 Stream subscriber | ${lag.rate} | ${lag.achieved} | ${lag.events} | ${lag.p50Ms} | ${lag.p99Ms} | ${lag.maxMs} | ${lag.lost} | ${lag.duplicated} | ${lag.apiP50Ms} / ${lag.apiP99Ms} | ${cpuUs.toFixed(0)} | ${lag.commitsPerEvent.toFixed(2)} | ${lag.driverCpuUs.toFixed(0)} / ${lag.subscriberCpuUs.toFixed(0)} |`,
    );
    return rows;
  } finally {
    await s.stop();
  }
}

/** The events section's co-host rows: without subscribers, with a Stream and an HTTP one, both opted into role changes. */
async function subscriberRows(s: Server, data: Loaded, rows: string[]): Promise<void> {
  const file = cohostRequests(join(WORK, "events-cohosts.txt"), data.conferenceIds, data.tokens);
  const base = await measure("set co-hosts, no event subscribers", s, file, { always: true, vconf: true });
  const line = (name: string, r: Row, pushes: string) =>
    `| ${name} | ${Math.round(r.rps)} | ${((100 * r.rps) / base.rps).toFixed(0)}% | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} | ${pushes} |`;
  rows.push(line("set co-hosts, no event subscribers", base, "–"));
  const stream = await streamSubscriber(s.url);
  const http = await httpSubscriber("bench-token-1", "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7", LISTENER);
  try {
    await putEvents(s.url, LISTENER, {
      http: {
        url: http.url,
        token: "bench-token-1",
        aesKey: "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7",
      },
    });
    const plain = await measure("set co-hosts, 1 Stream + 1 HTTP subscriber", s, file, {
      always: true,
      vconf: true,
    });
    rows.push(
      line(
        "set co-hosts, 1 Stream + 1 HTTP subscriber connected",
        plain,
        `${stream.received} / ${http.received}`,
      ),
    );
    stream.reset();
    const before = http.received;
    await putEvents(s.url, LISTENER, {
      http: {
        url: http.url,
        token: "bench-token-1",
        aesKey: "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7",
      },
      extensions: ["member_role_change"],
    });
    const pushed = await measure("set co-hosts, both opted into role changes", s, file, {
      always: true,
      vconf: true,
    });
    await new Promise((r) => setTimeout(r, 2000));
    rows.push(
      line(
        "set co-hosts, both subscribers opted into role changes (each change pushed twice)",
        pushed,
        `${stream.received} / ${http.received - before}`,
      ),
    );
    await putEvents(s.url, LISTENER, {});
  } finally {
    stream.close();
    await http.close();
  }
}

/**
 * The lag row's load generator (bench/lag-driver.ts) in a process of its own, pinned to wrk's CPU, and its
 * Stream subscriber in a child of that one (bench/lag-subscriber.ts, same CPU): in the runner, unpinned,
 * their work (fetch, the Stream client) shared the server's CPU.
 */
async function lagDriver(
  url: string,
  conferenceIds: string[],
  users: string[],
  rate: number,
  seconds: number,
  serverPid: number,
) {
  const warmup = WARMUP;
  const input = join(WORK, "lag-input.json");
  writeFileSync(input, JSON.stringify({ url, conferenceIds, users, rate, seconds, warmup, serverPid }));
  const cmd = [...pin(1), process.execPath, "--import", "tsx", "bench/lag-driver.ts", input];
  const child = spawn(cmd[0], cmd.slice(1), { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((r) => child.on("exit", r));
  if (code !== 0) throw new Error(`bench/lag-driver.ts exited with ${code}`);
  return JSON.parse(out.trim().split("\n").pop()!) as LagResult &
    Record<
      "driverCpuUs" | "serverCpuUs" | "commitsPerEvent" | "transactionsPerEvent" | "fsyncsPerEvent",
      number
    >;
}

/** `--scale`: bench/scale.ts, with this run's harness; `--sizes 1,1000000` picks the store sizes. */
async function scaleRows(machine: string[]) {
  const i = args.indexOf("--sizes");
  const sizes = i >= 0 ? args[i + 1].split(",").map(Number) : [1, 10_000, 100_000, 1_000_000];
  const rows = await scale({ work: WORK, sizes, tokens: TOKENS, rounds: REPEAT, measure, vconf });
  await report("scale", "npm run bench -- --scale", machine, rows);
}

async function report(section: string, command: string, machine: string[], table: string[]) {
  const extra = args.filter((a) => a !== "--scale").join(" ");
  const lines = [
    `Measured ${new Date().toISOString()} with \`${command}${extra ? `${command.includes(" -- ") ? " " : " -- "}${extra}` : ""}\`: ${machine.join(", ")}; ` +
      `${SECONDS} s per row after a ${WARMUP} s warm-up, ${CONNECTIONS} connections, wrk -t1${pin(1).length ? " on CPU 1, server on CPU 0" : " (no taskset: not pinned)"}; load average at the end ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}.`,
    "",
    ...table,
  ];
  console.log("\n" + table.join("\n"));
  // --only events measures every row of the events section: that section is still written.
  if (flag("--no-doc") || (ONLY && !(section === "events" && ONLY.includes("event"))))
    return console.log(`\nbench: --only or --no-doc given, docs/benchmarks.md (${section}) left as it was`);
  await writeSection(join(ROOT, "docs/benchmarks.md"), section, lines.join("\n"));
  console.log(`\nbench: wrote docs/benchmarks.md (${section}); logs in ${WORK}`);
}

function machineInfo(): string[] {
  const git = (a: string[]) => {
    try {
      return execFileSync("git", a, { cwd: ROOT }).toString().trim();
    } catch {
      return "?";
    }
  };
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]) ? "+dirty" : "";
  return [
    `nproc ${cpus().length}`,
    `CPU ${cpus()[0]?.model ?? "?"}`,
    `node ${process.version}`,
    `commit ${git(["rev-parse", "--short", "HEAD"])}${dirty}`,
  ];
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
