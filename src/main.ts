import { randomBytes } from "node:crypto";
import { type AddressInfo, BlockList } from "node:net";
import pino from "pino";
import { buildApp } from "./app.js";
import { type Config } from "./config.js";
import { loadClock } from "./emulator/clock.js";
import type { Deps } from "./domain/deps.js";
import { applySeed, DEMO_SEED, readSeedFile, seedDemoIfEmpty } from "./emulator/seed.js";
import { verifySecret } from "./domain/identity/secrets.js";
import type { SeedDocument } from "./schemas/emulator/seed.js";
import { openStore } from "./store/open.js";
import type { Store } from "./store/store.js";
import { stackStore } from "./stack.js";

export interface Running {
  url: string;
  port: number;
  adminKey: string;
  close(): Promise<void>;
}

/** How `serve` runs besides its settings: `vconf serve` keeps the defaults; `vconf/testing` turns them off. */
export interface ServeOptions {
  /** Print the one "vconf listening on …" line (default true). */
  announce?: boolean;
  /** Close gracefully and exit on SIGINT/SIGTERM (default true; an in-process server leaves the process alone). */
  handleSignals?: boolean;
}

async function demoCredentials(deps: Deps): Promise<string | undefined> {
  const demo = DEMO_SEED.orgs![0].apps![0];
  const app = await deps.store.transaction((tx) => tx.getApp(demo.appKey), { readOnly: true });
  if (!app || !verifySecret(demo.appSecret, app.secretHash)) return undefined;
  return `demo app: appKey=${demo.appKey} appSecret=${demo.appSecret} (org ${DEMO_SEED.orgs![0].corpId}, users union-alice, union-bob, union-carol, union-dave)`;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");
LOOPBACK.addSubnet("::ffff:127.0.0.0", 104, "ipv6");

/** The addresses (of those listened on) that other machines can reach; a unix socket path is not one. */
function exposed(addresses: (string | AddressInfo)[]): string[] {
  return addresses
    .filter((a): a is AddressInfo => typeof a === "object")
    .filter((a) => !LOOPBACK.check(a.address, a.family === "IPv6" ? "ipv6" : "ipv4"))
    .map((a) => a.address);
}

/** load config → open store → seed → build app → listen; SIGINT/SIGTERM close it gracefully. */
export async function serve(config: Config, options: ServeOptions = {}): Promise<Running> {
  const seed = config.seed ? readSeedFile(config.seed) : undefined;
  const store = await openStore(config);
  try {
    return await start(config, options, store, seed);
  } catch (e) {
    // A start that fails after the store opened closes it again (an embedding process lives on).
    await store.close().catch(() => {});
    throw e;
  }
}

async function start(
  config: Config,
  options: ServeOptions,
  raw: Store,
  seed: SeedDocument | undefined,
): Promise<Running> {
  // Log lines are buffered and written off the request path (an fsync'd store does not need a synchronous
  // log); the buffer is flushed on graceful close. Synchronous stdout writes halved throughput. Lines are
  // written 4 KiB at a time, or at the latest every 50 ms: one write per line woke a thread-pool thread per
  // request, which on a busy core took the event loop's CPU (co-host profile: ~6% in the log write).
  const logStream = pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 50 });
  const log = pino({ level: config.logLevel }, logStream);
  const clock = await loadClock(raw);
  const stack = stackStore(raw, clock, { events: config, log: (msg, err) => log.warn({ err }, msg) });
  const { store, events } = stack;
  const deps: Deps = { store, clock, maxCoHosts: config.maxCoHosts, maxMembers: config.maxMembers };
  if (seed) await applySeed(deps, seed);
  else await seedDemoIfEmpty(deps);

  const adminKey = config.adminKey ?? randomBytes(16).toString("hex");
  const app = buildApp({
    deps,
    config: { ...config, adminKey },
    logger: { level: config.logLevel, stream: logStream },
    stack,
  });
  await app.listen({ host: config.host, port: config.port });
  await events.attach(app.server);
  const open = exposed(app.addresses());
  if (open.length > 0) {
    // vconf is a test double: its tokens are handed out freely and the admin key resets all state.
    app.log.warn(
      { addresses: open },
      `listening on ${open.join(", ")}, not only loopback: other machines can call the DingTalk API and the control plane`,
    );
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;

  const where = config.store === "sqlite" ? `sqlite ${config.dataDir}/vconf.db` : "postgres";
  const keyNote = config.adminKey ? "admin key: from VCONF_ADMIN_KEY" : `admin key: ${adminKey}`;
  const demo = await demoCredentials(deps);
  // Before the start line: a supervisor may signal as soon as it reads it.
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await events.close();
      await app.close();
      await store.close();
      logStream.flushSync();
    })());
  for (const signal of options.handleSignals === false ? [] : (["SIGINT", "SIGTERM"] as const)) {
    process.once(signal, () => {
      close().then(
        () => process.exit(0),
        (e) => {
          console.error(e);
          process.exit(1);
        },
      );
    });
  }
  if (options.announce ?? true) {
    console.log(
      `vconf listening on ${url} · console: ${url}/console/ · store: ${where} · ${keyNote}${demo ? ` · ${demo}` : ""}`,
    );
  }

  return { url, port, adminKey, close };
}
