/**
 * `npm run bench -- --scale [--sizes 1,1000000]`: the co-host row on fresh SQLite stores of 1, 10 000,
 * 100 000 and 1 000 000 conferences (every 1 000th, and the single one, with 500 members), then on the
 * 1-conference store again; the ratio is to the mean of the two 1-conference rows of the same run.
 */
import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { SqliteStore } from "../src/store/sqlite/index.js";
import { bulkConferences, bulkMembers } from "./bulk.js";
import { rss, type Server, type WrkResult } from "./proc.js";
import { conferenceId, seedBase } from "./setup.js";
import { cohostRequests } from "./workloads.js";

interface Measured extends WrkResult {
  rssMb: number;
  loopMaxMs?: number;
  cpuUs?: number;
}

export interface ScaleHarness {
  work: string;
  sizes: number[];
  tokens: number;
  measure(name: string, s: Server, requests: string, o: { vconf?: boolean }): Promise<Measured>;
  vconf(label: string, dataDir: string, env: Record<string, string>): Promise<Server>;
}

interface Loaded {
  dataDir: string;
  n: number;
  members: number;
  big: number;
  loadS: number;
  perConf: string;
  perMember: string;
  confs: string[];
  tokens: string[];
}

const BIG_EVERY = 1000;
const BIG_SIZE = 500;

/** A fresh store of `n` conferences: the org through the store API, the conferences as generated SQL. */
async function load(work: string, n: number, tokenCount: number): Promise<Loaded> {
  const dataDir = join(work, `scale-${n}`);
  const t0 = Date.now();
  const store = SqliteStore.open(dataDir);
  const size = () => {
    store.db.pragma("wal_checkpoint(TRUNCATE)");
    return statSync(join(dataDir, "vconf.db")).size;
  };
  const { tokens } = await seedBase(store, { users: 600, tokens: tokenCount });
  const s0 = size();
  bulkConferences(store.db, 0, n);
  const s1 = size();
  const big = Math.ceil(n / BIG_EVERY);
  bulkMembers(store.db, 0, n, BIG_EVERY, BIG_SIZE);
  const s2 = size();
  await store.close();
  const members = big * (BIG_SIZE - 1);
  return {
    dataDir,
    n,
    members,
    big,
    loadS: (Date.now() - t0) / 1000,
    perConf: n >= 1000 ? ((s1 - s0) / n).toFixed(0) : "–",
    perMember: ((s2 - s1) / members).toFixed(0),
    confs: Array.from({ length: n }, (_, i) => conferenceId(i)),
    tokens,
  };
}

export async function scale(h: ScaleHarness): Promise<string[]> {
  const rows: string[] = [
    "| conferences | members (500-member conferences) | load s | disk bytes / conference | disk bytes / member | startup ms | idle RSS MB | req/s | vs. 1 conference | p50 ms | p99 ms | errors | loop max ms | server CPU µs/req | RSS after MB |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const results: { l: Loaded; startMs: number; idle: number; r: Measured; again?: boolean }[] = [];
  const run = async (l: Loaded, again = false) => {
    const t0 = Date.now();
    const s = await h.vconf(`scale-${l.n}${again ? "-again" : ""}`, l.dataDir, {});
    try {
      const startMs = Date.now() - t0;
      const idle = rss(s.proc.pid!).now / 2 ** 20;
      const requests = cohostRequests(join(h.work, `scale-${l.n}.txt`), l.confs, l.tokens);
      const r = await h.measure(`co-hosts with ${l.n} conferences${again ? " (again)" : ""}`, s, requests, {
        vconf: true,
      });
      results.push({ l, startMs, idle, r, again });
    } finally {
      await s.stop();
    }
  };
  let one: Loaded | undefined;
  for (const n of h.sizes) {
    process.stdout.write(`bench: loading ${n} conferences… `);
    const l = await load(h.work, n, h.tokens);
    console.log(`${l.loadS.toFixed(1)} s`);
    await run(l);
    if (n === 1) one = l;
    else rmSync(l.dataDir, { recursive: true, force: true }); // a million conferences take 0.6 GB
  }
  if (one && h.sizes.length > 1) await run(one, true);
  if (one) rmSync(one.dataDir, { recursive: true, force: true });
  const base = results.filter((x) => x.l.n === 1).map((x) => x.r.rps);
  const ref = base.length ? base.reduce((a, b) => a + b, 0) / base.length : NaN;
  for (const { l, startMs, idle, r, again } of results) {
    const vs = Number.isNaN(ref) ? "–" : `${((100 * r.rps) / ref).toFixed(0)}%`;
    rows.push(
      `| ${l.n}${again ? " (again, last)" : ""} | ${l.members} (${l.big}) | ${again ? "–" : l.loadS.toFixed(1)} | ${l.perConf} | ${l.perMember} | ${startMs} | ${idle.toFixed(0)} | ${Math.round(r.rps)} | ${vs} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} | ${r.loopMaxMs ?? "–"} | ${r.cpuUs?.toFixed(1) ?? "–"} | ${r.rssMb.toFixed(0)} |`,
    );
  }
  return rows;
}
