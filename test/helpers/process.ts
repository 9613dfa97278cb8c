import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is test/helpers/process.ts). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin", "vconf.js");
const START_LINE = /^vconf listening on (http:\/\/\S+)/;
/** Generous: the machine is shared; this bounds a hang, it is not a speed assertion. */
const START_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 30_000;

const live = new Set<ChildProcess>();
const dirs = new Set<string>();

/** A fresh temporary directory, removed by `cleanupProcesses()`. */
export function tempDir(prefix = "vconf-proc-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

/** Writes `doc` as JSON (or `doc` verbatim when a string) into a temp file; returns its path. */
export function writeTempFile(name: string, doc: unknown): string {
  const path = join(tempDir("vconf-file-"), name);
  writeFileSync(path, typeof doc === "string" ? doc : JSON.stringify(doc));
  return path;
}

/** Kills every child still running and removes the temp directories; call it in `after`. */
export async function cleanupProcesses(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
  live.clear();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

export interface ServeOptions {
  /** Extra environment (wins over the defaults below; `undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** Extra `vconf serve` arguments. */
  args?: string[];
  /** The data directory; a fresh temp directory when omitted. */
  dataDir?: string;
  adminKey?: string;
  /** Run as this user (numeric uid and gid; the test runner must be root to switch). */
  user?: { uid: number; gid: number };
}

interface Resolved {
  env: NodeJS.ProcessEnv;
  args: string[];
  dataDir: string;
  adminKey: string;
  user?: { uid: number; gid: number };
}

function resolveOptions(opts: ServeOptions): Resolved {
  const dataDir = opts.dataDir ?? tempDir();
  const adminKey = opts.adminKey ?? "proc-test-admin-key";
  const env: NodeJS.ProcessEnv = {};
  // The child sees none of the caller's VCONF_* settings, only the ones the test chose.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("VCONF_")) env[k] = v;
  Object.assign(env, {
    VCONF_HOST: "127.0.0.1",
    VCONF_PORT: "0",
    VCONF_DATA_DIR: dataDir,
    VCONF_ADMIN_KEY: adminKey,
    VCONF_LOG_LEVEL: "info",
  });
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return { env, args: opts.args ?? [], dataDir, adminKey, user: opts.user };
}

function spawnVconf(r: Resolved): ChildProcess {
  if (!existsSync(join(ROOT, "dist", "cli", "index.js"))) {
    throw new Error("vconf is not built: run `npm run build` (npm test does it through pretest)");
  }
  const child = spawn(process.execPath, [BIN, "serve", ...r.args], {
    cwd: ROOT,
    env: r.env,
    stdio: ["ignore", "pipe", "pipe"],
    ...r.user,
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `vconf serve` child. `output` is everything it printed so far (stdout and stderr). */
export class VconfProcess {
  stdout = "";
  stderr = "";
  url = "";
  startLine = "";
  readonly exited: Promise<Exit>;

  private constructor(
    readonly child: ChildProcess,
    readonly options: Resolved,
  ) {
    child.stdout!.setEncoding("utf8").on("data", (s: string) => (this.stdout += s));
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (this.stderr += s));
    this.exited = new Promise((resolve) => {
      // "close" fires after the exit and after stdout/stderr are drained, so the output is complete.
      child.once("close", (code, signal) => resolve({ code, signal }));
    });
  }

  get output(): string {
    return `--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`;
  }

  get adminKey(): string {
    return this.options.adminKey;
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  /** Starts `vconf serve` and waits for its start line; fails with the child's output on exit or timeout. */
  static async start(opts: ServeOptions = {}): Promise<VconfProcess> {
    return VconfProcess.startResolved(resolveOptions(opts));
  }

  private static async startResolved(options: Resolved): Promise<VconfProcess> {
    const p = new VconfProcess(spawnVconf(options), options);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        p.child.kill("SIGKILL");
        reject(new Error(`vconf did not print its start line within ${START_TIMEOUT_MS} ms\n${p.output}`));
      }, START_TIMEOUT_MS);
      const onData = () => {
        const line = p.stdout.split("\n").find((l) => START_LINE.test(l));
        if (!line) return;
        clearTimeout(timer);
        p.child.stdout!.off("data", onData);
        p.startLine = line;
        p.url = START_LINE.exec(line)![1];
        resolve();
      };
      p.child.stdout!.on("data", onData);
      void p.exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`vconf exited (${JSON.stringify(exit)}) before its start line\n${p.output}`));
      });
    });
    return p;
  }

  /** Sends `signal` and waits for the process to be gone. */
  async kill(signal: "SIGKILL" | "SIGTERM" | "SIGINT" = "SIGKILL"): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return withTimeout(this.exited, EXIT_TIMEOUT_MS, () => `vconf did not exit on ${signal}\n${this.output}`);
  }

  /** Kills this process (SIGKILL unless told) and starts a new one with the same settings and data dir. */
  async restart(signal: "SIGKILL" | "SIGTERM" = "SIGKILL"): Promise<VconfProcess> {
    await this.kill(signal);
    return VconfProcess.startResolved(this.options);
  }

  /** JSON lines on stdout (pino's log), parsed. */
  logLines(): Record<string, unknown>[] {
    return this.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** A DingTalk call: JSON in, `{status, body}` out. */
  async call(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
    return httpJson(
      this.url,
      method,
      path,
      {
        ...(opts.token !== undefined ? { "x-acs-dingtalk-access-token": opts.token } : {}),
      },
      opts.body,
    );
  }

  /** A control-plane call with the admin key. */
  async control(method: string, path: string, body?: unknown) {
    return httpJson(this.url, method, `/_vconf/v1${path}`, { "x-vconf-admin-key": this.adminKey }, body);
  }
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One HTTP request with a JSON body; the answer body parsed when it is JSON. */
export async function httpJson(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<HttpAnswer> {
  const res = await fetch(base + path, {
    method,
    headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text, body: parsed };
}

/** Runs `vconf serve` expecting it to exit by itself (bad settings); returns the exit and the output. */
export async function runToExit(opts: ServeOptions = {}): Promise<Exit & { stdout: string; stderr: string }> {
  const r = resolveOptions(opts);
  const child = spawnVconf(r);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const exited = new Promise<Exit>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  const exit = await withTimeout(exited, EXIT_TIMEOUT_MS, () => {
    child.kill("SIGKILL");
    return `vconf was expected to exit by itself but kept running\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
  });
  return { ...exit, stdout, stderr };
}

async function withTimeout<T>(p: Promise<T>, ms: number, why: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(why())), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// If the test process dies without running `after`, its children die with it.
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});
