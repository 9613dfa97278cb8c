import BetterSqlite3, { type Database } from "better-sqlite3";
import { closeSync, fdatasync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import {
  pendingMigrations,
  StoreError,
  type Store,
  type CachedAuth,
  type TransactionOptions,
  type Tx,
} from "../store.js";
import { CachingSqliteTx, TokenCache, watchAuthWrites } from "./token-cache.js";
import { migrations } from "./migrations.js";
import { Checkpointer } from "./checkpointer.js";
import { SqliteMediaTx } from "./tx-media.js";

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  readOnly: boolean;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** How many requests may share one commit (one fsync). */
const MAX_BATCH = 512;
/** fdatasync calls in flight at once (libuv's thread pool has 4 threads by default). */
const MAX_SYNCS = 3;

/**
 * The embedded store. Group commit: transactions that arrive in the same event-loop turn run one after
 * another, each inside its own SAVEPOINT (a failure rolls back only that one), and then share one COMMIT.
 * The COMMIT appends to the WAL without waiting for the disk (`synchronous=NORMAL`); the store then
 * fdatasyncs the WAL file on libuv's thread pool and settles the batch's promises only after that returns,
 * so nothing is answered before it is durable, while the event loop already runs the next batch. One sync
 * covers every batch committed before it started; a batch of reads waits for the sync of the writes it may
 * have seen. Without a WAL file to sync (`:memory:`) it falls back to `synchronous=FULL`. Checkpoints
 * run on a worker thread (checkpointer.ts), not inside a COMMIT on the event loop.
 */
export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  readonly db: Database;
  private tx: SqliteMediaTx;
  private tokens = new TokenCache();
  private queue: Job[] = [];
  private draining = false;
  private closed = false;
  private walFd: number | undefined;
  private checkpointer: Checkpointer | undefined;
  /** Batches that wrote, committed so far / known durable. */
  private committedSeq = 0;
  private durableSeq = 0;
  /** fdatasync calls in flight, and the newest batch the latest one started covers. */
  private syncing = 0;
  private syncStartedSeq = 0;
  /** Set when an fdatasync failed: what was written since is of unknown durability, so stop. */
  private failed: Error | undefined;
  private syncWaiters: { seq: number; resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(file: string) {
    this.db = new BetterSqlite3(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    // 64 MiB of page cache (SQLite's default here is 16): with 100 000 conferences the co-host path
    // otherwise misses it on most calls (bench --scale: ~5.2k → ~7.4k req/s). Used only as pages are read.
    this.db.pragma("cache_size = -65536");
    migrate(this.db);
    try {
      this.walFd = openSync(`${file}-wal`, "r");
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("wal_autocheckpoint = 0");
      this.checkpointer = new Checkpointer(file);
    } catch {
      this.db.pragma("synchronous = FULL");
    }
    watchAuthWrites(this.db, this.tokens);
    this.tx = new CachingSqliteTx(this.db, this.tokens);
  }

  cachedAuth(tokenHash: string): CachedAuth | undefined {
    return this.tokens.get(tokenHash);
  }

  /** Opens (creating if needed) `<dataDir>/vconf.db`. */
  static open(dataDir: string): SqliteStore {
    mkdirSync(dataDir, { recursive: true });
    return new SqliteStore(join(dataDir, "vconf.db"));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError("store is closed"));
    if (this.failed) return Promise.reject(new StoreError(`store failed: ${this.failed.message}`));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, readOnly: !!opts.readOnly, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const outcomes: { ok: boolean; value: unknown }[] = [];
      const writes = batch.some((job) => !job.readOnly);
      try {
        this.db.exec(writes ? "BEGIN IMMEDIATE" : "BEGIN");
      } catch (e) {
        for (const job of batch) job.reject(new StoreError(`cannot begin: ${(e as Error).message}`));
        continue;
      }
      for (const job of batch) {
        this.tokens.beginJob();
        if (job.readOnly) {
          outcomes.push(await settle(() => job.fn(this.tx)));
          continue;
        }
        this.db.exec("SAVEPOINT job");
        const outcome = await settle(() => job.fn(this.tx));
        if (!outcome.ok) {
          this.db.exec("ROLLBACK TO job");
          this.tokens.rollbackJob();
        }
        this.db.exec("RELEASE job");
        outcomes.push(outcome);
      }
      try {
        this.db.exec("COMMIT");
      } catch (e) {
        this.tokens.abort();
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        for (const job of batch) job.reject(new StoreError(`commit failed: ${(e as Error).message}`));
        continue;
      }
      this.tokens.commit();
      if (writes) {
        this.committedSeq++;
        this.checkpointer?.committed();
      }
      this.durable(this.committedSeq).then(
        () =>
          batch.forEach((job, i) =>
            outcomes[i].ok ? job.resolve(outcomes[i].value) : job.reject(outcomes[i].value),
          ),
        (e) => {
          for (const job of batch) job.reject(new StoreError(`sync failed: ${(e as Error).message}`));
        },
      );
    }
    this.draining = false;
  }

  /** Resolves once every batch up to `seq` is on disk (one fdatasync of the WAL serves many batches). */
  private durable(seq: number): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (seq <= this.durableSeq || this.walFd === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.syncWaiters.push({ seq, resolve, reject });
      this.startSync();
    });
  }

  /**
   * Starts an fdatasync covering every batch committed so far, unless one already started covers them or
   * MAX_SYNCS are in flight. Overlapping syncs matter: the kernel folds concurrent flushes of one file
   * together, so a batch committed during a sync need not wait for it to finish and then a whole new one.
   * A completed sync makes durable everything committed before it started, whatever earlier ones do.
   */
  private startSync(): void {
    const target = this.committedSeq;
    if (this.walFd === undefined || this.syncing >= MAX_SYNCS || target <= this.syncStartedSeq) return;
    this.syncing++;
    this.syncStartedSeq = target;
    fdatasync(this.walFd, (err) => {
      this.syncing--;
      if (err) this.failed ??= err;
      else this.durableSeq = Math.max(this.durableSeq, target);
      // After a failed sync nothing written since is known durable (the kernel may have dropped the failed
      // pages, and later WAL frames depend on them): refuse every waiter, not only those it covered.
      const covered = err || this.failed ? Infinity : this.durableSeq;
      const waiting = this.syncWaiters;
      this.syncWaiters = waiting.filter((w) => w.seq > covered);
      for (const w of waiting) {
        if (w.seq > covered) continue;
        if (err || this.failed) w.reject(err ?? this.failed);
        else w.resolve();
      }
      if (this.syncWaiters.length > 0) this.startSync();
    });
  }

  private closing?: Promise<void>;
  /** Closes once; later calls wait for the same close (a second close must not close the fds again). */
  close(): Promise<void> {
    return (this.closing ??= this.closeOnce());
  }
  private async closeOnce(): Promise<void> {
    this.closed = true;
    while (this.draining || this.syncing > 0 || this.syncWaiters.length > 0) {
      await new Promise((r) => setImmediate(r));
    }
    await this.checkpointer?.close();
    this.db.close();
    if (this.walFd !== undefined) closeSync(this.walFd);
  }
}

/** Runs a job, catching a synchronous throw as well as a rejection (either must not stop the drain). */
async function settle(fn: () => Promise<unknown>): Promise<{ ok: boolean; value: unknown }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, value: e };
  }
}

function migrate(db: Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (const m of pendingMigrations(current, migrations)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
