import type { FaultControl, FaultList, Faults } from "../emulator/faults.js";
import type { FaultsBody } from "../schemas/emulator/faults.js";
import type { InstanceRow, Listen, SharedQuery } from "./instance.js";

/** Announces a new fault set (payload: its version); every instance then reloads it. */
const CHANNEL = "vconf_faults";
/** How long a PUT waits for the other live instances to load the new set before answering anyway. */
const ACK_TIMEOUT_MS = 2_000;
const ACK_POLL_MS = 5;

/**
 * One version replaces the set: the row, fresh hit counters (one per fault, with its `count`), the old
 * counters gone, and the NOTIFY, all in one statement (one transaction).
 */
const PUT = `WITH v AS (
    INSERT INTO cluster_faults (id, version, body) VALUES (1, 1, $1)
    ON CONFLICT (id) DO UPDATE SET version = cluster_faults.version + 1, body = EXCLUDED.body
    RETURNING version),
  d AS (DELETE FROM cluster_fault_hits),
  h AS (INSERT INTO cluster_fault_hits (version, idx, max_hits)
    SELECT v.version, u.i - 1, u.m FROM v, unnest($2::bigint[]) WITH ORDINALITY AS u(m, i))
  SELECT version, pg_notify('${CHANNEL}', version::text) FROM v`;

/** Takes one hit of a fault if its set is still current and its `count` is not spent. */
const CLAIM = `UPDATE cluster_fault_hits SET fired = fired + 1
  WHERE version = $1 AND idx = $2 AND (max_hits IS NULL OR fired < max_hits) RETURNING fired`;

/**
 * The fault set of several instances on one PostgreSQL. `PUT` through any instance stores the set
 * (`cluster_faults`) and NOTIFYs; every instance reloads it into its own `Faults` (the hot path stays a
 * synchronous in-memory check) and records the version it runs; the PUT answers once every live
 * instance runs it (or after ACK_TIMEOUT_MS), so a call through any instance right after sees the set.
 * A hit is confirmed by one UPDATE of its counter (`FaultHit.claim`): `count` is cluster-wide ("fail the
 * next 3 calls" fails 3 in all) and `fired` is the cluster's total. `probability` is drawn by each instance
 * from its own source seeded with the set's `seed`. Delivery faults decide in the instance that delivers,
 * with its own count (their hits are still added to `fired`).
 */
export class SharedFaults implements FaultControl {
  private version = 0;
  /** Reloads and installs run one at a time, in order. */
  private chain: Promise<unknown> = Promise.resolve();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly faults: Faults,
    private readonly query: SharedQuery,
    private readonly listen: Listen,
    private readonly instance: InstanceRow,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    this.faults.claimer = (i) => this.claim(i);
    // Listening first: a set put between the load and the LISTEN would otherwise go unheard.
    this.unlisten = await this.listen(CHANNEL, () => {
      this.serial(() => this.reload()).catch((e) => this.log("reloading the shared fault set failed", e));
    });
    await this.serial(() => this.reload());
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.faults.claimer = undefined;
  }

  async put(set: FaultsBody): Promise<FaultList> {
    this.faults.check(set);
    const counts = set.faults.map((f) => (f.count === undefined ? null : Math.min(f.count, 2 ** 53 - 1)));
    const version = await this.serial(async () => {
      const rows = await this.query(PUT, [JSON.stringify(set), counts]);
      const v = Number(rows[0]!.version);
      if (v > this.version) this.install(v, set);
      await this.instance.loadedFaults(v);
      return v;
    });
    await this.othersLoaded(version);
    return this.list();
  }

  async clear(): Promise<void> {
    await this.put({ faults: [] });
  }

  /** The current set with the cluster's hit counts. */
  async list(): Promise<FaultList> {
    await this.serial(() => this.reload());
    return this.faults.list();
  }

  private install(version: number, set: FaultsBody): void {
    this.faults.install(set);
    this.version = version;
  }

  /** Loads the stored set if it is newer than the one installed, then the hit counts. */
  private async reload(): Promise<void> {
    const rows = await this.query("SELECT version, body FROM cluster_faults WHERE id = 1");
    const stored = rows[0] ? Number(rows[0].version) : 0;
    if (stored > this.version) {
      this.install(stored, JSON.parse(String(rows[0]!.body)) as FaultsBody);
      await this.instance.loadedFaults(stored);
    }
    const hits = await this.query("SELECT idx, fired FROM cluster_fault_hits WHERE version = $1", [
      this.version,
    ]);
    for (const h of hits) this.faults.setFired(Number(h.idx), Number(h.fired));
  }

  private async claim(index: number): Promise<boolean> {
    const rows = await this.query(CLAIM, [this.version, index]);
    const count = this.faults.list().faults[index]?.count;
    if (rows[0]) {
      this.faults.setFired(index, Number(rows[0].fired));
      return true;
    }
    if (count === undefined) return true; // a set replaced meanwhile: this call still had the old one
    this.faults.setFired(index, count); // spent by other instances' calls
    return false;
  }

  private async othersLoaded(version: number): Promise<void> {
    const deadline = Date.now() + ACK_TIMEOUT_MS;
    while ((await this.instance.behindOnFaults(version)) > 0) {
      if (Date.now() > deadline) {
        this.log(`fault set ${version}: some instances did not load it within ${ACK_TIMEOUT_MS} ms`);
        return;
      }
      await new Promise((r) => setTimeout(r, ACK_POLL_MS));
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => {});
    return run;
  }
}
