import { randomBytes } from "node:crypto";
import type { Store } from "../store/store.js";

/**
 * This process's id: tags its journal entries and its row in `cluster_instances`. Random per process (a
 * restarted instance is a new one), short enough for a console column.
 */
export const INSTANCE_ID = randomBytes(4).toString("hex");

/** The statements src/cluster/ runs: one at a time, autocommit (Store.sharedQuery). */
export type SharedQuery = NonNullable<Store["sharedQuery"]>;
/** LISTEN on a channel (Store.listen). */
export type Listen = NonNullable<Store["listen"]>;

/** How often an instance says it is alive, and after how long without that it counts as gone. */
export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 15_000;

/**
 * This instance's row in `cluster_instances`: written at start, refreshed every HEARTBEAT_MS, removed
 * at close. Other instances wait for the live ones (e.g. to load a new fault set) and skip stale ones.
 */
export class InstanceRow {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly query: SharedQuery,
    readonly id: string = INSTANCE_ID,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    const now = Date.now();
    await this.query(
      `INSERT INTO cluster_instances (instance, started_at, seen_at) VALUES ($1, $2, $2)
       ON CONFLICT (instance) DO UPDATE SET seen_at = EXCLUDED.seen_at`,
      [this.id, now],
    );
    // Rows of instances that died without closing are dropped by whoever starts next.
    await this.query("DELETE FROM cluster_instances WHERE seen_at < $1", [now - 4 * STALE_MS]);
    this.timer = setInterval(() => {
      this.query("UPDATE cluster_instances SET seen_at = $2 WHERE instance = $1", [
        this.id,
        Date.now(),
      ]).catch((e) => this.log("cluster heartbeat failed", e));
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Records that this instance runs fault set `version`. */
  async loadedFaults(version: number): Promise<void> {
    await this.query(
      "UPDATE cluster_instances SET faults_version = GREATEST(faults_version, $2), seen_at = $3 WHERE instance = $1",
      [this.id, version, Date.now()],
    );
  }

  /** How many live instances have not loaded fault set `version` yet. */
  async behindOnFaults(version: number): Promise<number> {
    const rows = await this.query(
      "SELECT count(*)::int AS n FROM cluster_instances WHERE faults_version < $1 AND seen_at > $2",
      [version, Date.now() - STALE_MS],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** How many instances are alive (this one included). */
  async live(): Promise<number> {
    const rows = await this.query("SELECT count(*)::int AS n FROM cluster_instances WHERE seen_at > $1", [
      Date.now() - STALE_MS,
    ]);
    return Number(rows[0]?.n ?? 0);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.query("DELETE FROM cluster_instances WHERE instance = $1", [this.id]).catch(() => {});
  }
}
