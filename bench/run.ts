/**
 * `npm run bench [-- --scale] [--seconds N] [--only <name part>] [--profile]` (--profile: the servers write V8 CPU profiles, see
 * bench/top.ts): the ceiling and vconf's main calls measured in one run,
 * server and wrk as separate processes on separate CPUs; writes the table to docs/benchmarks.md.
 * See docs/benchmarks.md for what each row does.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
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
  rss,
  startServer,
  wrk,
  writeRequests,
  type WrkResult,
} from "./proc.js";
import { writeSection } from "./report.js";
import { eventLag, httpSubscriber, LISTENER, putEvents, streamSubscriber } from "./events.js";
import { APP_KEY, APP_SECRET, loadAll, loadConferences, loadMembers, seedBase, userId } from "./setup.js";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SECONDS = opt("--seconds", 10);
const WARMUP = opt("--warmup", 2);
const CONNECTIONS = opt("--connections", 50);
const TOKENS = 16;
/** Co-host targets per conference: with the cap at 500 an add pass can never hit the cap. */
const TARGETS = 400;
const WORK = join(ROOT, ".bench", new Date().toISOString().replace(/[:.]/g, "-"));

interface Row extends WrkResult {
  name: string;
  rssMb: number;
  note?: string;
}

const serverArgs = (dataDir: string, port: number) => [
  process.execPath,
  ...(flag("--profile") ? ["--cpu-prof", `--cpu-prof-dir=${join(WORK, "profiles")}`] : []),
  "bin/vconf.js",
  "serve",
  "--port",
  String(port),
  "--data-dir",
  dataDir,
  "--log-level",
  "info",
];
const SERVER_ENV = { VCONF_MAX_COHOSTS: "500", VCONF_ADMIN_KEY: "bench-admin-key" };

/** Co-host changes: every (conference, user) pair added, then every pair removed, round and round. */
function cohostRequests(file: string, confs: string[], tokens: string[], pairs = 20_000) {
  const n = Math.min(pairs, confs.length * TARGETS);
  const list: [string, string][] = [];
  for (let k = 0; k < n; k++) {
    list.push([confs[(k * 7919 + 13) % confs.length], userId(1 + (k % TARGETS))]);
  }
  const lines = (["add", "remove"] as const).flatMap((action) =>
    list.map(([conf, user], k) => [
      "POST",
      `${BASE}/${conf}/coHosts/set`,
      tokens[k % tokens.length],
      { action, userList: [{ unionId: user }] },
    ]),
  ) as [string, string, string, unknown][];
  return writeRequests(file, lines);
}

const ONLY = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;

async function measure(name: string, url: string, requests: string, pid: number, always = false) {
  if (ONLY && !always && !name.includes(ONLY)) {
    return {
      name,
      rps: NaN,
      p50Ms: NaN,
      p99Ms: NaN,
      errors: 0,
      requests: 0,
      rssMb: NaN,
      note: "skipped (--only)",
    };
  }
  process.stdout.write(`bench: ${name}… `);
  if (WARMUP > 0) wrk(url, requests, WARMUP, CONNECTIONS);
  const r = wrk(url, requests, SECONDS, CONNECTIONS);
  const row: Row = { name, ...r, rssMb: rss(pid).now / 2 ** 20 };
  console.log(
    `${Math.round(r.rps)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, errors ${r.errors}`,
  );
  return row;
}

async function ceiling(confs: string[], tokens: string[], label = "ceiling: bare node:http, same POST") {
  const port = await freePort();
  const s = await startServer(
    [process.execPath, "bench/ceiling.js", String(port)],
    {},
    port,
    join(WORK, "ceiling.log"),
  );
  try {
    const file = cohostRequests(join(WORK, "cohosts.txt"), confs, tokens);
    return await measure(label, s.url, file, s.proc.pid!, true);
  } finally {
    await s.stop();
  }
}

async function vconfRows(label: string, env: Record<string, string>, dataDir: string, data: Loaded) {
  const port = await freePort();
  const s = await startServer(
    serverArgs(dataDir, port),
    { ...SERVER_ENV, ...env },
    port,
    join(WORK, `${label}.log`),
  );
  const rows: Row[] = [];
  const t = data.tokens;
  try {
    const f = (n: string) => join(WORK, `${label}-${n}.txt`);
    rows.push(
      await measure(
        label === "sqlite"
          ? "set co-hosts (sqlite, fsync'd)"
          : `set co-hosts (${label}: its own durability settings)`,
        s.url,
        cohostRequests(f("cohosts"), data.conferenceIds, t),
        s.proc.pid!,
      ),
    );
    if (label !== "sqlite") return rows;
    const members = writeRequests(
      f("members"),
      data.bigIds.flatMap((id) =>
        t.map(
          (tok) =>
            ["GET", `${BASE}/${id}/members?maxResults=500`, tok, undefined] as [
              string,
              string,
              string,
              unknown,
            ],
        ),
      ),
    );
    rows.push(await measure("members list, 500 members (one page)", s.url, members, s.proc.pid!));
    const token = writeRequests(f("token"), [
      ["POST", "/v1.0/oauth2/accessToken", "", { appKey: APP_KEY, appSecret: APP_SECRET }],
    ]);
    rows.push(await measure("access token (GetAccessToken)", s.url, token, s.proc.pid!));
    const create = writeRequests(
      f("create"),
      t.map((tok) => [
        "POST",
        BASE,
        tok,
        { userId: userId(0), confTitle: "bench", inviteUserIds: [userId(1), userId(2)] },
      ]),
    );
    rows.push(await measure("create conference (2 invitees)", s.url, create, s.proc.pid!));
    return rows;
  } finally {
    await s.stop();
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
  if (flag("--scale")) return scale(machine);

  const dataDir = join(WORK, "sqlite");
  const store = SqliteStore.open(dataDir);
  const data = await load(store, 1000);
  await store.close();

  const rows: Row[] = [await ceiling(data.conferenceIds, data.tokens)];
  rows.push(...(await vconfRows("sqlite", {}, dataDir, data)));
  const pgUrl = process.env.VCONF_DATABASE_URL;
  if (pgUrl) {
    const pg = await openStore({ store: "postgres", databaseUrl: pgUrl, dataDir });
    const pgData = await load(pg, 1000);
    await pg.close();
    rows.push(
      ...(await vconfRows(
        "postgres",
        { VCONF_STORE: "postgres", VCONF_DATABASE_URL: pgUrl },
        dataDir,
        pgData,
      )),
    );
  } else
    rows.push({
      name: "set co-hosts (postgres)",
      rps: NaN,
      p50Ms: NaN,
      p99Ms: NaN,
      errors: 0,
      requests: 0,
      rssMb: NaN,
      note: "skipped: VCONF_DATABASE_URL not set",
    });

  const eventTable = await eventRows(dataDir, data);

  rmSync(dataDir, { recursive: true, force: true }); // the logs stay in WORK
  // The ceiling again at the end: on a busy machine the two differ, and the ratio uses their mean.
  rows.push(await ceiling(data.conferenceIds, data.tokens, "ceiling again (after the rows above)"));
  const ceil = (rows[0].rps + rows[rows.length - 1].rps) / 2;
  const table = [
    "| scenario | req/s | % of ceiling (mean of both) | p50 ms | p99 ms | errors | server RSS MB |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) =>
      Number.isNaN(r.rps)
        ? `| ${r.name} | – | – | – | – | – | – (${r.note ?? "skipped"}) |`
        : `| ${r.name} | ${Math.round(r.rps)} | ${((100 * r.rps) / ceil).toFixed(0)}% | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} | ${r.rssMb.toFixed(0)} |`,
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
  if (ONLY && !ONLY.includes("event")) return undefined;
  const port = await freePort();
  const s = await startServer(serverArgs(dataDir, port), SERVER_ENV, port, join(WORK, "events.log"));
  const rows: string[] = [
    "| scenario | req/s | vs. no subscribers | p50 ms | p99 ms | errors | pushes received |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  try {
    const file = cohostRequests(join(WORK, "events-cohosts.txt"), data.conferenceIds, data.tokens);
    const base = await measure("set co-hosts, no event subscribers", s.url, file, s.proc.pid!, true);
    const line = (name: string, r: Row, pushes: string) =>
      `| ${name} | ${Math.round(r.rps)} | ${((100 * r.rps) / base.rps).toFixed(0)}% | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} | ${pushes} |`;
    rows.push(line("set co-hosts, no event subscribers", base, "–"));
    const stream = await streamSubscriber(s.url);
    const http = await httpSubscriber(
      "bench-token-1",
      "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7",
      LISTENER,
    );
    try {
      await putEvents(s.url, LISTENER, {
        http: {
          url: http.url,
          token: "bench-token-1",
          aesKey: "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7",
        },
      });
      const plain = await measure(
        "set co-hosts, 1 Stream + 1 HTTP subscriber",
        s.url,
        file,
        s.proc.pid!,
        true,
      );
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
      const pushed = await measure(
        "set co-hosts, both opted into role changes",
        s.url,
        file,
        s.proc.pid!,
        true,
      );
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
    process.stdout.write("bench: event lag at 1000 events/s… ");
    const lag = await eventLag(s.url, data.conferenceIds, data.users.slice(1, 50), 1000, SECONDS);
    console.log(`p50 ${lag.p50Ms} ms, p99 ${lag.p99Ms} ms, lost ${lag.lost}, duplicated ${lag.duplicated}`);
    rows.push(
      "",
      "| event lag (eventBornTime → DingTalk's Stream client's handler) | target events/s | achieved | events | p50 ms | p99 ms | max ms | lost | duplicated | API p50 / p99 ms |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      `| attendee join/leave, 1 Stream subscriber | ${lag.rate} | ${lag.achieved} | ${lag.events} | ${lag.p50Ms} | ${lag.p99Ms} | ${lag.maxMs} | ${lag.lost} | ${lag.duplicated} | ${lag.apiP50Ms} / ${lag.apiP99Ms} |`,
    );
    return rows;
  } finally {
    await s.stop();
  }
}

async function scale(machine: string[]) {
  const rows: string[] = [
    "| conferences | members (500-member conferences) | load s | disk bytes / conference | disk bytes / member | idle RSS MB | req/s | p50 ms | p99 ms | errors | RSS after MB |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const n of [1, 10_000, 100_000]) {
    const dataDir = join(WORK, `scale-${n}`);
    const store = SqliteStore.open(dataDir);
    const size = () => {
      store.db.pragma("wal_checkpoint(TRUNCATE)");
      return statSync(join(dataDir, "vconf.db")).size;
    };
    const t0 = Date.now();
    const { tokens } = await seedBase(store, { users: 600, tokens: TOKENS });
    const s0 = size();
    const confs = await loadConferences(store, 0, n);
    const s1 = size();
    const big = confs.filter((_, i) => i % 1000 === 0);
    await loadMembers(store, big, 500);
    const s2 = size();
    const loadS = (Date.now() - t0) / 1000;
    await store.close();

    const port = await freePort();
    const s = await startServer(serverArgs(dataDir, port), SERVER_ENV, port, join(WORK, `scale-${n}.log`));
    try {
      const idle = rss(s.proc.pid!).now / 2 ** 20;
      const r = await measure(
        `co-hosts with ${n} conferences`,
        s.url,
        cohostRequests(join(WORK, `scale-${n}.txt`), confs, tokens),
        s.proc.pid!,
      );
      const perConf = n >= 1000 ? ((s1 - s0) / n).toFixed(0) : "–";
      const perMember = ((s2 - s1) / (big.length * 499)).toFixed(0);
      rows.push(
        `| ${n} | ${big.length * 499} (${big.length}) | ${loadS.toFixed(1)} | ${perConf} | ${perMember} | ${idle.toFixed(0)} | ${Math.round(r.rps)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} | ${r.rssMb.toFixed(0)} |`,
      );
    } finally {
      await s.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  await report("scale", "npm run bench -- --scale", machine, rows);
}

async function report(section: string, command: string, machine: string[], table: string[]) {
  const extra = args.filter((a) => a !== "--scale").join(" ");
  const lines = [
    `Measured ${new Date().toISOString()} with \`${command}${extra ? ` -- ${extra}` : ""}\`: ${machine.join(", ")}; ` +
      `${SECONDS} s per row after a ${WARMUP} s warm-up, ${CONNECTIONS} connections, wrk -t1${pin(1).length ? " on CPU 1, server on CPU 0" : " (no taskset: not pinned)"}; load average at the end ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}.`,
    "",
    ...table,
  ];
  console.log("\n" + table.join("\n"));
  // --only events measures every row of the events section: that section is still written.
  if (ONLY && !(section === "events" && ONLY.includes("event")))
    return console.log(`\nbench: --only given, docs/benchmarks.md (${section}) left as it was`);
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
