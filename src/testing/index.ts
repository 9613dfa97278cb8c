/**
 * `import { startVconf } from "vconf/testing"`: a vconf server inside another project's test process, on
 * a free port, with a store of its own that `stop()` deletes. The same server `vconf serve` runs (same
 * start-up, seed and settings), minus the start-up line and the signal handlers.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VconfClient } from "../client/index.js";
import type { SeedDocument } from "../client/index.js";
import { type Config, defaultConfig } from "../config.js";
import { serve } from "../main.js";

export type { SeedDocument } from "../client/index.js";
export { VconfApiError, VconfClient } from "../client/index.js";

export interface StartOptions {
  /**
   * What the store starts with: a seed document, or the path of a seed file. Without one, vconf's demo
   * org: app `dingdemoapp` (secret `demo-secret`, both conference scopes) in org `dingdemocorp` with
   * users `union-alice`, `union-bob`, `union-carol` and `union-dave`.
   */
  seed?: SeedDocument | string;
  /** The control plane's key (default: a random one; `client` carries it). */
  adminKey?: string;
  /** `postgres` with `databaseUrl` keeps the state in that database (it is not dropped); default SQLite. */
  store?: "sqlite" | "postgres";
  databaseUrl?: string;
  /** Settings as `vconf serve` takes them (see the README's Settings): co-host cap, rate limit, … */
  maxCoHosts?: number;
  rateLimit?: number;
  journalSize?: number;
  /** pino level of the server's log on stdout (default `silent`). */
  logLevel?: Config["logLevel"];
}

export interface RunningVconf {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`: what the official SDK's `endpoint` takes (with `protocol: "http"`). */
  endpoint: string;
  port: number;
  adminKey: string;
  /** A typed client with the admin key: the control plane, and `useApp(appKey)` for DingTalk calls. */
  client: VconfClient;
  /** Closes the server and deletes its SQLite store. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts vconf in this process on a free port with a temporary store and a seed. */
export async function startVconf(options: StartOptions = {}): Promise<RunningVconf> {
  const dir = mkdtempSync(join(tmpdir(), "vconf-testing-"));
  let seed = typeof options.seed === "string" ? options.seed : undefined;
  if (options.seed !== undefined && typeof options.seed !== "string") {
    seed = join(dir, "seed.json");
    writeFileSync(seed, JSON.stringify(options.seed));
  }
  const adminKey = options.adminKey ?? randomBytes(16).toString("hex");
  const config = defaultConfig({
    host: "127.0.0.1",
    port: 0,
    store: options.store ?? "sqlite",
    dataDir: join(dir, "data"),
    databaseUrl: options.databaseUrl,
    seed,
    adminKey,
    logLevel: options.logLevel ?? "silent",
    ...(options.maxCoHosts === undefined ? {} : { maxCoHosts: options.maxCoHosts }),
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(options.journalSize === undefined ? {} : { journalSize: options.journalSize }),
  });
  let running;
  try {
    running = await serve(config, { announce: false, handleSignals: false });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const { url, port, close } = running;
  let stopping: Promise<void> | undefined;
  return {
    url,
    endpoint: `127.0.0.1:${port}`,
    port,
    adminKey,
    client: new VconfClient({ url, adminKey }),
    stop: () => (stopping ??= close().finally(() => rmSync(dir, { recursive: true, force: true }))),
  };
}
