import type pg from "pg";
import type { HealthState } from "../health.js";
import type { StoreObserver, Tx } from "../store.js";
import { PgStoreError, PostgresTx, toStoreError, type JobHooks } from "./tx.js";

/** SQLSTATEs after which a transaction is run again: serialization failure, deadlock. */
const RETRY_CODES = new Set(["40001", "40P01"]);
/** Seq collisions (two writers numbering the same conference without its lock): also worth a retry. */
const RETRY_CONSTRAINTS = new Set(["members_order", "changes_order"]);
const MAX_ATTEMPTS = 5;
/**
 * How many requests may share one transaction. Jobs of a group run one after another on its connection,
 * so a large group is a long wait for its last job: the queue is spread over the free connections.
 */
const MAX_GROUP = 32;
/** SQLSTATEs of a server that cannot take writes (see PostgresStore.health). */
const UNHEALTHY = /^(53|58|XX)|^25006$/;

export interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  readOnly: boolean;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  attempts: number;
}

type Outcome = { ok: boolean; value: unknown } | "again";

/**
 * Group commit on PostgreSQL. Transactions that are queued together run on one pooled connection in one
 * transaction, one after another, and share its BEGIN and its COMMIT (one WAL flush, two round trips
 * fewer per request). Up to `lanes` groups run at once, each on its own connection; readers and writers
 * never share a group (readers get one REPEATABLE READ snapshot, writers READ COMMITTED with row locks).
 *
 * Each job keeps its own result: before a job's first write the group takes a SAVEPOINT (reads need none),
 * and a job that fails is rolled back to it, undoing only its own writes. Nothing is answered before the
 * COMMIT returns. When a statement fails where no savepoint covers it, PostgreSQL has aborted the whole
 * transaction: the group is rolled back and every job runs again alone, in a transaction of its own (as
 * without group commit). A deadlock or serialization failure sends the job (or, when no savepoint
 * covers it, the group's jobs) back to the queue to run alone; none is answered twice, since no job is
 * answered before its transaction commits.
 */
export class GroupCommit {
  private reads: Job[] = [];
  private writes: Job[] = [];
  /** Jobs whose group broke, or that are retried: each runs in a transaction of its own. */
  private alone: Job[] = [];
  private busy = 0;
  private scheduled = false;
  private readsLast = false;
  private delayed = 0;
  private idle: (() => void)[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly lanes: number,
    private readonly health: HealthState,
    private readonly observer: () => StoreObserver,
  ) {}

  submit(job: Job): void {
    (job.readOnly ? this.reads : this.writes).push(job);
    this.kick();
  }

  /** Resolves once no job is queued, delayed or running. */
  drained(): Promise<void> {
    if (this.quiet()) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private quiet() {
    return (
      this.busy === 0 && this.delayed === 0 && !this.reads.length && !this.writes.length && !this.alone.length
    );
  }

  /** Collects what arrives in this event-loop turn before starting groups (as SQLite's drain does). */
  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.busy < this.lanes) {
      const group = this.take();
      if (!group) break;
      this.busy++;
      void this.run(group)
        .catch((e) => {
          // run() settles its jobs itself; this only keeps an unforeseen throw from losing them.
          for (const job of group) job.reject(toStoreError(e));
        })
        .finally(() => {
          this.busy--;
          this.dispatch();
        });
    }
    if (this.quiet()) for (const r of this.idle.splice(0)) r();
  }

  private take(): Job[] | undefined {
    if (this.alone.length) return [this.alone.shift()!];
    // Readers and writers take turns when both wait: neither starves the other.
    const q = this.reads.length && (!this.writes.length || !this.readsLast) ? this.reads : this.writes;
    this.readsLast = q === this.reads;
    if (!q.length) return undefined;
    const free = this.lanes - this.busy;
    return q.splice(0, Math.min(MAX_GROUP, Math.ceil(q.length / free)));
  }

  /** Back to the queue to run alone, after a pause that grows with its attempts; or failed for good. */
  private again(job: Job, e: unknown): void {
    if (job.attempts >= MAX_ATTEMPTS) return this.reject(job, e);
    job.attempts++;
    this.delayed++;
    setTimeout(
      () => {
        this.delayed--;
        this.alone.push(job);
        this.kick();
      },
      Math.random() * 5 * job.attempts,
    );
  }

  private reject(job: Job, e: unknown): void {
    if (e instanceof PgStoreError && e.code && UNHEALTHY.test(e.code)) this.health.failed(e.message);
    job.reject(e);
  }

  private async run(jobs: Job[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      for (const job of jobs) this.reject(job, toStoreError(e));
      return;
    }
    // A client whose BEGIN, SAVEPOINT, COMMIT or ROLLBACK failed is discarded, not returned to the pool.
    let discard: Error | undefined;
    // A connection lost while checked out is also emitted as an 'error' event (the pool listens only
    // while a client is idle): unheard, it would end the process. Its query in flight fails anyway.
    const lost = (e: Error) => void (discard ??= e);
    client.on("error", lost);
    const control = async (sql: string) => {
      try {
        await client.query(sql);
      } catch (e) {
        discard ??= e as Error;
        throw toStoreError(e);
      }
    };
    try {
      await this.runOn(jobs, control, client);
    } finally {
      client.off("error", lost);
      client.release(discard);
    }
  }

  private async runOn(jobs: Job[], control: (sql: string) => Promise<void>, client: pg.PoolClient) {
    const readOnly = jobs[0].readOnly;
    try {
      await control(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
    } catch (e) {
      // Nothing ran yet: a connection that died while idle in the pool is safe to replace and retry.
      for (const job of jobs) this.again(job, e);
      return;
    }
    const grouped = jobs.length > 1;
    let savepointHeld = false;
    const outcomes: Outcome[] = [];
    for (const job of jobs) {
      let savepoint: Promise<void> | undefined;
      let failed: PgStoreError | undefined;
      const hooks: JobHooks = {
        // One round trip releases the previous job's savepoint and takes this one's.
        beforeWrite: grouped
          ? () =>
              (savepoint ??= control(
                savepointHeld ? "RELEASE SAVEPOINT job; SAVEPOINT job" : "SAVEPOINT job",
              ).then(
                () => void (savepointHeld = true),
                (e: PgStoreError) => {
                  failed ??= e; // the transaction is aborted (or the connection lost)
                  throw e;
                },
              ))
          : undefined,
        failed: (e) => void (failed ??= e),
        ended: false,
      };
      const outcome = await settle(() => job.fn(new PostgresTx(client, readOnly, hooks)));
      hooks.ended = true;
      if (outcome.ok && !failed) {
        outcomes.push(outcome);
        continue;
      }
      const covered =
        savepoint &&
        (await savepoint.then(
          () => true,
          () => false,
        ));
      if (!grouped || (failed && !covered)) {
        // The whole transaction is undone: a lone job gets its failure (or a retry); a group's jobs all
        // run again, each alone.
        await control("ROLLBACK").catch(() => {});
        if (!grouped) return this.settleLone(job, failed, outcome);
        for (const [i, other] of jobs.entries()) {
          if (other === job) this.settleLone(job, failed, outcome);
          else if (outcomes[i] !== "again") this.alone.push(other);
        }
        return this.kick();
      }
      if (covered) {
        try {
          await control("ROLLBACK TO SAVEPOINT job");
        } catch (e) {
          for (const other of jobs) this.again(other, e);
          return;
        }
      }
      if (failed && retryable(failed)) {
        this.again(job, failed);
        outcomes.push("again");
      } else outcomes.push({ ok: false, value: failed ?? outcome.value });
    }
    const commitStart = performance.now();
    try {
      await control("COMMIT");
    } catch (e) {
      // Retryable: nothing was committed. Otherwise (a connection lost at COMMIT) the outcome is unknown.
      for (const [i, job] of jobs.entries()) {
        if (outcomes[i] === "again") continue;
        if (retryable(e)) this.again(job, e);
        else this.reject(job, e);
      }
      return;
    }
    const writers = readOnly ? 0 : outcomes.filter((o) => o !== "again" && o.ok).length;
    if (!readOnly) this.observer().committed((performance.now() - commitStart) / 1000, writers);
    if (writers > 0) this.health.recovered();
    jobs.forEach((job, i) => {
      const o = outcomes[i];
      if (o === "again") return;
      if (o.ok) job.resolve(o.value);
      else this.reject(job, o.value);
    });
  }

  /** A job that ran alone and failed (its transaction rolled back): retried, or failed. */
  private settleLone(job: Job, failed: PgStoreError | undefined, outcome: { ok: boolean; value: unknown }) {
    if (failed && retryable(failed)) return this.again(job, failed);
    // A job that caught a failed statement and went on still failed: PostgreSQL undid its writes.
    this.reject(job, failed ?? outcome.value);
  }
}

function retryable(e: unknown): boolean {
  if (!(e instanceof PgStoreError)) return false;
  if (e.code && RETRY_CODES.has(e.code)) return true;
  return e.code === "23505" && !!e.constraint && RETRY_CONSTRAINTS.has(e.constraint);
}

/** Runs a job, catching a synchronous throw as well as a rejection. */
async function settle(fn: () => Promise<unknown>): Promise<{ ok: boolean; value: unknown }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, value: e };
  }
}
