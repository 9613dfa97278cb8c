/** Processes for the benchmark: the server under test (CPU 0), wrk (CPU 1), and what we read from them. */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export const ROOT = new URL("..", import.meta.url).pathname;

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

/** `taskset -c <cpu>` when it exists and the machine has two CPUs or more, else nothing. */
export function pin(cpu: number): string[] {
  return has("taskset") && Number(execFileSync("nproc").toString().trim()) > 1
    ? ["taskset", "-c", String(cpu)]
    : [];
}

/** wrk must be on PATH; as root we install the Debian package, otherwise we say how. */
export function ensureWrk(): void {
  if (has("wrk")) return;
  if (process.getuid?.() === 0 && has("apt-get")) {
    console.log("bench: installing wrk (apt-get install -y wrk)…");
    const r = spawnSync(
      "sh",
      ["-c", "apt-get install -y wrk || (apt-get update && apt-get install -y wrk)"],
      {
        stdio: "inherit",
      },
    );
    if (r.status === 0 && has("wrk")) return;
  }
  console.error(
    "bench: the load generator `wrk` is missing. Install it (Debian/Ubuntu: `sudo apt-get install -y wrk`, " +
      "macOS: `brew install wrk`) and run `npm run bench` again.",
  );
  process.exit(1);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `args` pinned to CPU 0 with output to `log`, and waits until `probe` answers. */
export async function startServer(
  args: string[],
  env: Record<string, string>,
  port: number,
  log: string,
): Promise<Server> {
  const fd = openSync(log, "a");
  const cmd = [...pin(0), ...args];
  const proc = spawn(cmd[0], cmd.slice(1), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", fd, fd],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}); see ${log}`);
    try {
      const res = await fetch(url + "/healthz");
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`server did not start; see ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
        setTimeout(() => proc.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

/** Resident memory of a process (bytes), now and at its peak. */
export function rss(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { now: kb("VmRSS"), peak: kb("VmHWM") };
}

/** CPU seconds (user + system, all threads) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of proc(5) (utime, stime), counted from after the command name; clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface WrkResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
}

/** Writes the request file wrk replays (see bench/requests.lua). */
export function writeRequests(file: string, lines: [string, string, string, unknown][]): string {
  writeFileSync(
    file,
    lines
      .map(([m, p, t, b]) => [m, p, t || "-", b === undefined ? "-" : JSON.stringify(b)].join("\t"))
      .join("\n") + "\n",
  );
  return file;
}

/** Runs wrk pinned to CPU 1 against `url` replaying `requests`. */
export function wrk(url: string, requests: string, seconds: number, connections: number): WrkResult {
  const [cmd, env] = wrkCommand(url, requests, seconds, connections);
  const r = spawnSync(cmd[0], cmd.slice(1), { env, encoding: "utf8" });
  return wrkResult(r.status, r.stdout, r.stderr);
}

/** `wrk` without blocking: several at once (one per server of a multi-instance row). */
export function wrkAsync(url: string, requests: string, seconds: number, connections: number) {
  const [cmd, env] = wrkCommand(url, requests, seconds, connections);
  return new Promise<WrkResult>((resolve, reject) => {
    const p = spawn(cmd[0], cmd.slice(1), { env });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("error", reject);
    p.on("close", (code) => {
      try {
        resolve(wrkResult(code, out, err));
      } catch (e) {
        reject(e);
      }
    });
  });
}

function wrkCommand(url: string, requests: string, seconds: number, connections: number) {
  const cmd = [
    ...pin(1),
    "wrk",
    "-t1",
    `-c${connections}`,
    `-d${seconds}s`,
    "--timeout",
    "5s",
    "-s",
    join(ROOT, "bench/requests.lua"),
    url,
  ];
  return [cmd, { ...process.env, BENCH_REQUESTS: requests, BENCH_THREADS: "1" }] as const;
}

function wrkResult(status: number | null, stdout: string, stderr: string): WrkResult {
  const line = stdout.split("\n").find((l) => l.startsWith("BENCH_JSON "));
  if (status !== 0 || !line) throw new Error(`wrk failed: ${stderr || stdout}`);
  const j = JSON.parse(line.slice("BENCH_JSON ".length));
  return {
    rps: j.requests / (j.durationUs / 1e6),
    p50Ms: j.p50Us / 1000,
    p99Ms: j.p99Us / 1000,
    errors: j.connect + j.read + j.write + j.status + j.timeout,
    requests: j.requests,
  };
}
