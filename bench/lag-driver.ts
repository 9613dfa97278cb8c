/**
 * The event-lag row's load generator, in a process of its own (bench/run.ts starts it pinned to the CPU
 * wrk uses, away from the server's): `node --import tsx bench/lag-driver.ts <input.json>` reads
 * `{url, conferenceIds, users, rate, seconds, warmup, serverPid}`, drives the attendee joins/leaves
 * (bench/events.ts `eventLag`, which forks DingTalk's Stream client into bench/lag-subscriber.ts), and
 * prints the LagResult as one JSON line, with its own CPU time and the server's over the measured part.
 */
import { readFileSync } from "node:fs";
import { eventLag, metrics } from "./events.js";
import { cpuSeconds } from "./proc.js";

const input = JSON.parse(readFileSync(process.argv[2], "utf8")) as {
  url: string;
  conferenceIds: string[];
  users: string[];
  rate: number;
  seconds: number;
  warmup: number;
  /** The server's pid: its CPU time over the measured part, from /proc. */
  serverPid: number;
};
/** The server's commit and fsync counters (its /metrics), to report them per event. */
async function counters() {
  const m = await metrics(input.url);
  const num = (name: string) => m.get(name) ?? NaN;
  return {
    commits: num("vconf_store_commit_transactions_count"),
    transactions: num("vconf_store_commit_transactions_sum"),
    fsyncs: num("vconf_store_fsync_duration_seconds_count"),
  };
}

let before = { commits: 0, transactions: 0, fsyncs: 0 };
let cpu0 = process.cpuUsage();
let server0 = 0;
const lag = await eventLag(
  input.url,
  input.conferenceIds,
  input.users,
  input.rate,
  input.seconds,
  input.warmup,
  async () => {
    before = await counters();
    cpu0 = process.cpuUsage();
    server0 = cpuSeconds(input.serverPid);
  },
);
const cpu = process.cpuUsage(cpu0);
const server = cpuSeconds(input.serverPid) - server0;
const after = await counters();
const per = (k: keyof typeof before) => (after[k] - before[k]) / lag.events;
process.stdout.write(
  JSON.stringify({
    ...lag,
    driverCpuUs: (cpu.user + cpu.system) / lag.events,
    serverCpuUs: (server * 1e6) / lag.events,
    commitsPerEvent: per("commits"),
    transactionsPerEvent: per("transactions"),
    fsyncsPerEvent: per("fsyncs"),
  }) + "\n",
);
process.exit(0);
