import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { StoreObserver } from "../store/store.js";

/** Request latency buckets (seconds): a fsync'd write takes ~1–10 ms here, a read well under 1 ms. */
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Store timing buckets (seconds): a SQLite COMMIT into the WAL takes microseconds, a fdatasync milliseconds. */
const STORE_BUCKETS = [
  0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2,
];
/** Transactions per commit: SQLite's group commit takes up to 512. */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

let processRegistry: Registry | undefined;
/**
 * Node's process metrics (CPU, memory, event-loop lag, GC, handles) are one set per process, and the
 * collectors prom-client starts for them cannot be stopped: they are created once, however many apps a
 * process builds (tests build hundreds), and rendered beside every app's own families.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    const registry = (processRegistry = new Registry());
    collectDefaultMetrics({ register: registry, prefix: "vconf_" });
    // prom-client names these gauges `…_total`, a suffix Prometheus reserves for counters (promtool
    // flags them): replaced by one correctly named gauge with the same information, per resource type.
    for (const name of ["active_handles", "active_requests", "active_resources"]) {
      registry.removeSingleMetric(`vconf_nodejs_${name}`);
      registry.removeSingleMetric(`vconf_nodejs_${name}_total`);
    }
    new Gauge({
      name: "vconf_nodejs_active_resources",
      help: "Resources keeping the event loop alive (sockets, timers, file handles…), by type.",
      labelNames: ["type"] as const,
      registers: [registry],
      collect() {
        this.reset();
        const counts = new Map<string, number>();
        for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
        for (const [type, n] of counts) this.set({ type }, n);
      },
    });
  }
  return processRegistry;
}

/**
 * vconf's Prometheus metrics (prom-client), named by Prometheus' conventions. One per app: `registry` is
 * where other parts register their own families (e.g. event delivery), and `/metrics` renders it with the
 * process metrics. Recording a request costs two map lookups and two increments (children are cached).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: "vconf_requests_total",
    help: "Requests answered, by DingTalk operation (SDK action name; vconf.* for the control plane) and HTTP status.",
    labelNames: ["operation", "status"] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: "vconf_request_duration_seconds",
    help: "Time from receiving a request to sending its answer, by operation.",
    labelNames: ["operation"] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  private readonly commit = new Histogram({
    name: "vconf_store_commit_duration_seconds",
    help: "Time a write transaction's COMMIT took (SQLite: into the WAL, before its fsync; PostgreSQL: until COMMIT returned).",
    buckets: STORE_BUCKETS,
    registers: [this.registry],
  });
  private readonly fsync = new Histogram({
    name: "vconf_store_fsync_duration_seconds",
    help: "Time one fdatasync of the SQLite WAL took (one covers every commit before it started).",
    buckets: STORE_BUCKETS,
    registers: [this.registry],
  });
  private readonly batch = new Histogram({
    name: "vconf_store_commit_transactions",
    help: "Write transactions that shared one COMMIT (SQLite's group commit; 1 on PostgreSQL).",
    buckets: BATCH_BUCKETS,
    registers: [this.registry],
  });
  private readonly authCache = new Counter({
    name: "vconf_auth_cache_lookups_total",
    help: "Access-token lookups in the in-memory auth cache (SQLite), by result (hit, miss).",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });
  private readonly counted = new Map<string, Counter.Internal>();
  private readonly timed = new Map<string, Histogram.Internal<"operation">>();
  private readonly hits = this.authCache.labels("hit");
  private readonly misses = this.authCache.labels("miss");

  /** The request journal's current size, sampled at each scrape (set by the app that owns the journal). */
  journalSize: () => number = () => 0;

  constructor() {
    const size = () => this.journalSize();
    new Gauge({
      name: "vconf_journal_entries",
      help: "Entries the control plane's request journal holds now (at most VCONF_JOURNAL_SIZE).",
      registers: [this.registry],
      collect() {
        this.set(size());
      },
    });
  }

  record(operation: string, status: number, seconds: number): void {
    const key = `${operation} ${status}`;
    let c = this.counted.get(key);
    if (!c) this.counted.set(key, (c = this.requests.labels(operation, String(status))));
    c.inc();
    let h = this.timed.get(operation);
    if (!h) this.timed.set(operation, (h = this.latency.labels(operation)));
    h.observe(seconds);
  }

  /** What the store reports (see `Store.observe`). */
  readonly store: StoreObserver = {
    committed: (seconds, transactions) => {
      this.commit.observe(seconds);
      this.batch.observe(transactions);
    },
    synced: (seconds) => this.fsync.observe(seconds),
    authCache: (hit) => (hit ? this.hits : this.misses).inc(),
  };

  readonly contentType = this.registry.contentType;

  /** The Prometheus text exposition: the process metrics, then this app's families. */
  async render(): Promise<string> {
    return (await processMetrics().metrics()) + "\n" + (await this.registry.metrics());
  }
}
