import type { Faults } from "../emulator/faults.js";
import type { RateLimiter } from "../http/rate-limit.js";
import type { Store } from "../store/store.js";
import { SharedFaults } from "./faults.js";
import { InstanceRow } from "./instance.js";
import { SharedJournal } from "./journal.js";
import { SharedRateLimiter } from "./rate-limit.js";

export { INSTANCE_ID } from "./instance.js";

export interface ClusterOptions {
  rateLimit: number;
  journalSize: number;
  /** The rate limit's clock (real seconds). */
  now: () => number;
  /** Whether anyone watches the live tail. */
  watched: () => boolean;
  log?: (msg: string, err?: unknown) => void;
}

/**
 * What several instances on one PostgreSQL share beyond the store's rows: the rate limit, the fault set
 * and the request journal (README, "Running several instances"). `start` before serving (an app's
 * onReady), `stop` at close.
 */
export interface Cluster {
  rateLimiter: RateLimiter;
  faults: SharedFaults;
  journal: SharedJournal;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The cluster parts over `store`, or undefined for a store one process owns (SQLite). */
export function clusterOf(store: Store, faults: Faults, options: ClusterOptions): Cluster | undefined {
  const { sharedQuery, listen } = store;
  if (!sharedQuery || !listen) return undefined;
  const query = sharedQuery.bind(store);
  const listenOn = listen.bind(store);
  const log = options.log ?? (() => {});
  const instance = new InstanceRow(query, undefined, log);
  const shared = new SharedFaults(faults, query, listenOn, instance, log);
  const journal = new SharedJournal(options.journalSize, query, listenOn, instance, options.watched, log);
  return {
    rateLimiter: new SharedRateLimiter(options.rateLimit, options.now, query, log),
    faults: shared,
    journal,
    async start() {
      await instance.start();
      await shared.start();
      await journal.start();
    },
    async stop() {
      await journal.stop();
      await shared.stop();
      await instance.stop();
    },
  };
}
