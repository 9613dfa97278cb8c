/**
 * `npm run soak [-- --minutes N] [--workers W]` (default 5 minutes, 8 workers): a real server
 * (`vconf serve`, SQLite in a temporary directory) under a mixed load from a separate process
 * (scripts/soak-load.ts). Every 10,000 requests the load pauses, the server runs a full GC (it is started
 * with --expose-gc and scripts/soak-probe.mjs, which answers over IPC) and the heap is printed. At the end
 * it prints the heap at the start and the end and exits 1 on a clear upward trend.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../bench/proc.js";

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  const n = i >= 0 ? Number(args[i + 1]) : dflt;
  if (!(n > 0)) throw new Error(`${name} must be a positive number`);
  return n;
};
const MINUTES = opt("--minutes", 5);
const WORKERS = opt("--workers", 8);
const ADMIN_KEY = "soak-admin-key";
const MB = 2 ** 20;

/** Growth from the start (after warm-up) to the end that counts as a leak: 5 MB, or a quarter more. */
const leakThreshold = (start: number) => Math.max(5 * MB, start / 4);

const dir = mkdtempSync(join(tmpdir(), "vconf-soak-"));
const seed = join(dir, "seed.json");
const W = "VideoConference.Conference.Write";
const R = "VideoConference.Conference.Read";
writeFileSync(
  seed,
  JSON.stringify({
    orgs: [
      {
        corpId: "dingcorp-soak",
        name: "Soak",
        users: ["alice", "bob", "carol", "dave"].map((n) => ({ unionId: `union-${n}`, userId: n, name: n })),
        apps: [{ appKey: "soak-app", appSecret: "soak-secret", scopes: [W, R] }],
      },
    ],
    suites: [
      {
        suiteKey: "soak-suite",
        suiteSecret: "soak-suite-secret",
        suiteTicket: "t",
        scopes: [W, R],
        authorizedCorps: ["dingcorp-soak"],
      },
    ],
  }),
);

const ask = <T>(child: ChildProcess, message: string) =>
  new Promise<T>((resolve) => {
    child.once("message", (m) => resolve(m as T));
    child.send(message);
  });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;

const port = await freePort();
const server = fork(
  "bin/vconf.js",
  [
    "serve",
    "--port",
    String(port),
    "--data-dir",
    join(dir, "data"),
    "--seed",
    seed,
    "--admin-key",
    ADMIN_KEY,
    "--log-level",
    "warn",
  ],
  {
    execArgv: ["--expose-gc", "--import", "./scripts/soak-probe.mjs"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  },
);
const url = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/healthz`)).ok) break;
  } catch {
    if (i > 300) throw new Error("the server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const samples: { requests: number; heapUsed: number; rss: number }[] = [];
const sample = async (requests: number) => {
  const { heapUsed, rss } = await ask<{ heapUsed: number; rss: number }>(server, "heap");
  samples.push({ requests, heapUsed, rss });
  console.log(
    `requests ${String(requests).padStart(8)}  heap after GC ${mb(heapUsed).padStart(9)}  rss ${mb(rss).padStart(9)}`,
  );
};
console.log(`soak: ${MINUTES} min, ${WORKERS} workers, server ${url} (pid ${server.pid})`);
await sample(0);

const load = fork("scripts/soak-load.ts", [url, ADMIN_KEY, String(WORKERS)], {
  execArgv: ["--import", "tsx"],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const until = Date.now() + MINUTES * 60_000;
let errors5xx = 0;
const t0 = Date.now();
let total = 0;
await new Promise<void>((resolve) => {
  load.on("message", async (m: { requests: number; errors5xx: number; done?: boolean }) => {
    errors5xx = m.errors5xx;
    total = m.requests;
    if (m.done) return resolve();
    await sample(m.requests);
    load.send("go");
    if (Date.now() > until) load.send("stop");
  });
});
const seconds = (Date.now() - t0) / 1000;
server.kill("SIGTERM");
rmSync(dir, { recursive: true, force: true });

// The first 10,000 requests fill the bounded caches (journal, compiled code): compare the samples after,
// the first few against the last few (medians, so that one late collection does not decide).
const steady = samples.slice(1);
if (steady.length < 3) {
  console.log(`too few samples (${samples.length}) for a trend: run longer (--minutes)`);
  process.exit(2);
}
const k = Math.max(1, Math.min(3, Math.floor(steady.length / 3)));
const start = median(steady.slice(0, k).map((s) => s.heapUsed));
const end = median(steady.slice(-k).map((s) => s.heapUsed));
console.log(
  `\n${total} requests in ${seconds.toFixed(0)} s (${Math.round(total / seconds)} req/s), ${errors5xx} 5xx; ` +
    `heap after GC: start ${mb(start)} (median of the samples at ${steady
      .slice(0, k)
      .map((s) => s.requests)
      .join(", ")}), ` +
    `end ${mb(end)}; rss ${mb(samples[1].rss)} → ${mb(samples[samples.length - 1].rss)}`,
);
const grew = end - start > leakThreshold(start);
console.log(
  grew
    ? `an upward trend: +${mb(end - start)}`
    : `no upward trend (${end >= start ? "+" : ""}${mb(end - start)})`,
);
process.exit(grew || errors5xx > 0 ? 1 : 0);
