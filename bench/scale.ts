/**
 * `npm run bench -- --scale [--sizes 1,1000000] [--repeat N]`: the co-host row on fresh SQLite stores of
 * 1, 10 000, 100 000 and 1 000 000 conferences (every 1 000th, and the single one, with 500 members).
 * Every store's server runs at once (idle while another is measured) and the sizes are measured in turn,
 * N rounds: on a shared machine the neighbours' load then falls on every size alike. Each size shows its
 * median round; the ratio is to the 1-conference store's median.
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
  rounds: number;
  measure(
    name: string,
    s: Server,
    requests: string,
    o: { vconf?: boolean; repeat?: number },
  ): Promise<Measured>;
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
  requests: string;
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
  const confs = Array.from({ length: n }, (_, i) => conferenceId(i));
  return {
    dataDir,
    n,
    members,
    big,
    loadS: (Date.now() - t0) / 1000,
    perConf: n >= 1000 ? ((s1 - s0) / n).toFixed(0) : "–",
    perMember: ((s2 - s1) / members).toFixed(0),
    requests: cohostRequests(join(work, `scale-${n}.txt`), confs, tokens),
  };
}

const median = (xs: Measured[]) => [...xs].sort((a, b) => a.rps - b.rps)[Math.floor(xs.length / 2)];

export async function scale(h: ScaleHarness): Promise<string[]> {
  const stores: { l: Loaded; s: Server; startMs: number; idle: number; runs: Measured[] }[] = [];
  try {
    for (const n of h.sizes) {
      process.stdout.write(`bench: loading ${n} conferences… `);
      const l = await load(h.work, n, h.tokens);
      const t0 = Date.now();
      const s = await h.vconf(`scale-${n}`, l.dataDir, {});
      const startMs = Date.now() - t0;
      console.log(`${l.loadS.toFixed(1)} s; server up in ${startMs} ms`);
      stores.push({ l, s, startMs, idle: rss(s.proc.pid!).now / 2 ** 20, runs: [] });
    }
    for (let round = 0; round < Math.max(1, h.rounds); round++) {
      for (const x of stores) {
        const name = `co-hosts with ${x.l.n} conferences (round ${round + 1})`;
        x.runs.push(await h.measure(name, x.s, x.l.requests, { vconf: true, repeat: 1 }));
      }
    }
  } finally {
    for (const x of stores) await x.s.stop();
    for (const x of stores) rmSync(x.l.dataDir, { recursive: true, force: true }); // 1M: 0.6 GB
  }
  const ref = stores.find((x) => x.l.n === 1);
  const refRps = ref ? median(ref.runs).rps : NaN;
  const rows: string[] = [
    "| conferences | members (500-member conferences) | load s | disk bytes / conference | disk bytes / member | startup ms | idle RSS MB | req/s (median; every round) | vs. 1 conference | p50 ms | p99 ms | errors | loop max ms | server CPU µs/req | RSS after MB |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const { l, startMs, idle, runs } of stores) {
    const r = median(runs);
    const vs = Number.isNaN(refRps) ? "–" : `${((100 * r.rps) / refRps).toFixed(0)}%`;
    const all = runs.map((x) => Math.round(x.rps)).join(" / ");
    rows.push(
      `| ${l.n} | ${l.members} (${l.big}) | ${l.loadS.toFixed(1)} | ${l.perConf} | ${l.perMember} | ${startMs} | ${idle.toFixed(0)} | ${Math.round(r.rps)} (${all}) | ${vs} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} | ${r.loopMaxMs ?? "–"} | ${r.cpuUs?.toFixed(1) ?? "–"} | ${runs[runs.length - 1].rssMb.toFixed(0)} |`,
    );
  }
  return rows;
}
