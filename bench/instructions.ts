/**
 * `node --import tsx bench/instructions.ts [--server DIR] [--rows a,b] [--requests N] [--warm N]`: CPU
 * instructions per request of the server, counted by valgrind's callgrind. Unlike req/s these barely move
 * when other processes share the machine, so a change can be measured on a busy machine: the server runs
 * under callgrind with counting off, is warmed up with `--warm` requests (the JIT settles), then counts
 * exactly `--requests` requests (16 at a time, keep-alive) of each row and divides. All threads count
 * (the fdatasync pool, the checkpointer). `--server DIR` measures another checkout's (built) server.
 * `--store postgres` runs it on PostgreSQL (a throwaway cluster, as `npm run bench` starts; PostgreSQL's
 * own instructions are not counted).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { openStore } from "../src/store/open.js";
import { startPostgres } from "./postgres.js";
import { freePort, ROOT } from "./proc.js";
import { loadAll } from "./setup.js";
import {
  cohostRequests,
  createRequests,
  distinctCohostRequests,
  membersRequests,
  tokenRequests,
} from "./workloads.js";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const SERVER_ROOT = opt("--server", ROOT);
const N = Number(opt("--requests", "2000"));
const WARM = Number(opt("--warm", "3000"));
const ROWS = opt("--rows", "cohosts,cohosts2,members,token,create").split(",");
const STORE = opt("--store", "sqlite");
const WORK = join(ROOT, ".bench", `instr-${new Date().toISOString().replace(/[:.]/g, "-")}`);

/** Replays `file`'s lines (bench/requests.lua's format) `n` times in order, 16 at a time. */
async function drive(url: string, file: string, n: number): Promise<number> {
  const lines = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split("\t"));
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  let next = 0;
  let failed = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const [method, path, token, body] = lines[i % lines.length];
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token !== "-") headers["x-acs-dingtalk-access-token"] = token;
      const req = request(url + path, { method, headers, agent }, (res) => {
        if (res.statusCode !== 200) failed++;
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", reject);
      req.end(body === "-" ? undefined : body);
    });
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < n) await one(next++);
    }),
  );
  agent.destroy();
  return failed;
}

function totalIr(dir: string, pid: number): number {
  let sum = 0;
  for (const f of readdirSync(dir).filter((x) => x.startsWith(`cg.${pid}`))) {
    const text = readFileSync(join(dir, f), "utf8");
    const m = /^summary: (\d+)/m.exec(text);
    if (m && /^desc: Trigger: dump/m.test(text)) sum += Number(m[1]);
  }
  return sum;
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  const dataDir = join(WORK, "data");
  const pg = STORE === "postgres" ? startPostgres() : undefined;
  if (typeof pg === "string") throw new Error(pg);
  const storeEnv = pg ? { VCONF_STORE: "postgres", VCONF_DATABASE_URL: pg.url } : {};
  const store = await openStore({ store: pg ? "postgres" : "sqlite", databaseUrl: pg?.url, dataDir });
  const data = await loadAll(store, { conferences: 1000, big: 4, bigSize: 500, users: 600, tokens: 16 });
  await store.close();
  const t = data.tokens;
  const files: Record<string, string> = {
    cohosts: cohostRequests(join(WORK, "cohosts.txt"), data.conferenceIds, t),
    cohosts2: distinctCohostRequests(join(WORK, "cohosts2.txt"), data.conferenceIds.slice(0, 50), t, 2),
    members: membersRequests(join(WORK, "members.txt"), data.bigIds, t),
    token: tokenRequests(join(WORK, "token.txt")),
    create: createRequests(join(WORK, "create.txt"), t),
  };
  const port = await freePort();
  const proc = spawn(
    "valgrind",
    [
      "--tool=callgrind",
      "--instr-atstart=no",
      `--callgrind-out-file=${join(WORK, "cg.%p")}`,
      process.execPath,
      join(SERVER_ROOT, "bin/vconf.js"),
      "serve",
      "--port",
      String(port),
      "--data-dir",
      dataDir,
      "--log-level",
      "info",
    ],
    {
      env: { ...process.env, ...storeEnv, VCONF_MAX_COHOSTS: "500", VCONF_ADMIN_KEY: "bench-admin-key" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await (await fetch(url + "/healthz")).arrayBuffer();
      break;
    } catch {
      if (i > 3000) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const ctl = (a: string) => execFileSync("callgrind_control", [a, String(proc.pid)], { stdio: "ignore" });
  const out: string[] = [];
  for (const row of ROWS) {
    await drive(url, files[row], WARM);
    ctl("--instr=on");
    await drive(url, files[row], 50); // the code runs instrumented once before counting starts
    ctl("--dump"); // a dump zeroes the counters
    for (const f of readdirSync(WORK).filter((x) => x.startsWith(`cg.${proc.pid}`))) rmSync(join(WORK, f));
    const failed = await drive(url, files[row], N);
    ctl("--dump");
    ctl("--instr=off");
    const ir = totalIr(WORK, proc.pid!);
    const line = `${row}: ${(ir / N / 1000).toFixed(0)}k instructions/request (${N} requests, ${failed} not 200)`;
    console.log(line);
    out.push(line);
  }
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  pg?.stop();
  console.log(`server ${SERVER_ROOT} (${STORE})\n${out.join("\n")}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
