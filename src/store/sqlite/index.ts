import BetterSqlite3, { type Database, type Statement } from "better-sqlite3";
import { fdatasyncSync } from "node:fs";
import { join } from "node:path";
import {
  pendingMigrations,
  StoreError,
  UNOBSERVED,
  type Store,
  type StoreObserver,
  type CachedAuth,
  type StoreHealth,
  type TransactionOptions,
  type Tx,
} from "../store.js";
import { HealthState } from "../health.js";
import { CachingSqliteTx } from "./caching-tx.js";
import { watchAudienceWrites } from "./audience-cache.js";
import { ConferenceCache, watchConferenceWrites, type CacheLimits } from "./conference-cache.js";
import { TokenCache, watchAuthWrites } from "./token-cache.js";
import { migrations } from "../sql/migrations.js";
import { sqliteDialect } from "./dialect.js";
import { Checkpointer } from "./checkpointer.js";
import { DataDirLock } from "./data-dir-lock.js";
import { createDataDir, makePrivate, OpenFiles } from "./db-files.js";
import { isBusy, openFailure, storageFault } from "./errors.js";
import { SqliteTx } from "./tx.js";
import { WalSync } from "./wal-sync.js";

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  readOnly: boolean;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** How many requests may share one commit (one fsync). */
const MAX_BATCH = 512;
/** Longest pause between two tries for a write lock another process holds. */
const MAX_BACKOFF_MS = 50;

export interface SqliteOptions {
  /** How long a batch waits (retrying, never blocking the event loop) for a write lock held by another process. */
  lockWaitMs?: number;
  /** The in-memory caches' bounds (defaults: conference-cache.ts, token-cache.ts); tests make them small. */
  cache?: CacheLimits & { tokens?: number };
}

/**
 * The embedded store. Group commit: transactions that arrive in the same event-loop turn run one after
 * another, each inside its own SAVEPOINT (a failure rolls back only that one), and then share one COMMIT.
 * The COMMIT appends to the WAL without waiting for the disk (`synchronous=NORMAL`); the store then
 * fdatasyncs the WAL file on libuv's thread pool (wal-sync.ts) and settles the batch's promises only after
 * that returns, so nothing is answered before it is durable, while the event loop already runs the next
 * batch; a batch of reads waits for the sync of the writes it may have seen. Without a WAL file to sync (`:memory:`) it falls back to `synchronous=FULL`. Checkpoints
 * run on a worker thread (checkpointer.ts), not inside a COMMIT on the event loop.
 *
 * Storage faults fail requests, never the process: when SQLite abandons the whole transaction (SQLITE_FULL
 * or an I/O error during a large write) the jobs of the batch that ran fail with a StoreError, those that
 * had not run yet go back to the queue, and the next batch starts from a clean state.
 */
export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  readonly db: Database;
  private tx: SqliteTx;
  private tokens: TokenCache;
  private conferences: ConferenceCache;
  private queue: Job[] = [];
  private draining = false;
  private closed = false;
  private files: OpenFiles | undefined;
  private checkpointer: Checkpointer | undefined;
  private readonly lock: DataDirLock | undefined;
  private readonly lockWaitMs: number;
  private writes = new HealthState();
  private observer: StoreObserver = UNOBSERVED;
  private sync: WalSync;
  /** Transaction control, prepared once: `exec` parsed its SQL again for every job (~6% of a co-host write). */
  private control!: Record<
    "begin" | "beginImmediate" | "commit" | "savepoint" | "release" | "rollbackTo",
    Statement
  >;

  constructor(file: string, opts: SqliteOptions & { lock?: DataDirLock } = {}) {
    this.lock = opts.lock;
    this.lockWaitMs = opts.lockWaitMs ?? 5000;
    this.tokens = new TokenCache(opts.cache?.tokens);
    this.conferences = new ConferenceCache(opts.cache);
    this.db = new BetterSqlite3(file);
    try {
      this.setUp(file);
      this.sync = new WalSync(this.files);
    } catch (e) {
      this.db.close();
      this.files?.close(); // after SQLite's connection: closing a descriptor drops the file's POSIX locks
      throw e;
    }
    watchAuthWrites(this.db, this.tokens);
    watchConferenceWrites(this.db, this.conferences);
    watchAudienceWrites(this.db, this.conferences.audiences);
    this.tx = new CachingSqliteTx(this.db, this.tokens, this.conferences);
    const prepare = (sql: string) => this.db.prepare(sql);
    this.control = {
      begin: prepare("BEGIN"),
      beginImmediate: prepare("BEGIN IMMEDIATE"),
      commit: prepare("COMMIT"),
      savepoint: prepare("SAVEPOINT job"),
      release: prepare("RELEASE job"),
      rollbackTo: prepare("ROLLBACK TO job"),
    };
  }

  private setUp(file: string): void {
    const mode = this.db.pragma("journal_mode = WAL", { simple: true });
    this.db.pragma("foreign_keys = ON");
    // Opening may wait for a lock (nothing is served yet); requests never do, see begin().
    this.db.pragma("busy_timeout = 5000");
    // 64 MiB of page cache (SQLite's default here is 16): with 100 000 conferences the co-host path
    // otherwise misses it on most calls (bench --scale: ~5.2k → ~7.4k req/s). Used only as pages are read.
    this.db.pragma("cache_size = -65536");
    // Each job runs in a SAVEPOINT, so SQLite keeps the original of every page a job changes in a
    // sub-journal: by default a temporary file it creates, writes and unlinks per transaction (in
    // /var/tmp: an open, an unlink and two pwrite calls per page, on the event loop). Kept in memory, it
    // costs a copy. It only serves ROLLBACK TO inside a batch; a crash discards it either way.
    this.db.pragma("temp_store = MEMORY");
    migrate(this.db);
    if (file === ":memory:") {
      this.db.pragma("synchronous = FULL");
    } else {
      if (mode !== "wal") throw new StoreError(`cannot use WAL mode (journal_mode stays ${String(mode)})`);
      // Refuse to start on a store that cannot take a write, rather than answering 500s later.
      const version = this.db.pragma("user_version", { simple: true }) as number;
      this.db.exec("BEGIN IMMEDIATE");
      this.db.pragma(`user_version = ${version}`);
      this.db.exec("COMMIT");
      this.files = new OpenFiles(file);
      fdatasyncSync(this.files.wal);
      this.db.pragma("synchronous = NORMAL");
      this.db.pragma("wal_autocheckpoint = 0");
      this.checkpointer = new Checkpointer(file);
    }
    this.db.pragma("busy_timeout = 0");
  }

  cachedAuth(tokenHash: string): CachedAuth | undefined {
    const auth = this.tokens.get(tokenHash);
    this.observer.authCache(auth !== undefined);
    return auth;
  }

  observe(observer: StoreObserver): void {
    this.observer = observer;
    this.sync.synced = (seconds) => observer.synced(seconds);
  }

  /**
   * Opens (creating if needed) `<dataDir>/vconf.db`, holding the data dir's lock while open; throws a
   * StoreError saying why when another process holds it or the store cannot take a write.
   */
  static open(dataDir: string, opts: SqliteOptions = {}): SqliteStore {
    try {
      createDataDir(dataDir);
    } catch (e) {
      throw new StoreError(`cannot create the data dir ${dataDir}: ${(e as Error).message}`, { cause: e });
    }
    const lock = DataDirLock.acquire(dataDir);
    const file = join(dataDir, "vconf.db");
    try {
      makePrivate(file);
      return new SqliteStore(file, { ...opts, lock });
    } catch (e) {
      lock.release();
      throw openFailure(file, e);
    }
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, reason: "the store is closed" };
    this.sync.check();
    if (this.sync.failed) return { ok: false, reason: this.sync.failed.message };
    return this.writes.get();
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError("store is closed"));
    const failed = this.sync.failed;
    if (failed) return Promise.reject(new StoreError(`store failed: ${failed.message}`));
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
      try {
        await this.runBatch(batch);
      } catch (e) {
        // runBatch settles its jobs itself; this only keeps an unforeseen throw from ending the process.
        this.abort(batch, [], e);
      }
    }
    this.draining = false;
  }

  private async runBatch(batch: Job[]): Promise<void> {
    const writes = batch.some((job) => !job.readOnly);
    try {
      await this.begin(writes);
    } catch (e) {
      return this.abort(batch, [], e, "cannot begin");
    }
    const outcomes: { ok: boolean; value: unknown }[] = [];
    let faulted = false;
    for (const [i, job] of batch.entries()) {
      this.tokens.beginJob();
      this.conferences.beginJob();
      let outcome: { ok: boolean; value: unknown };
      try {
        if (!job.readOnly) this.control.savepoint.run();
        outcome = await settle(() => job.fn(this.tx));
        // SQLite abandons the whole transaction on some faults (SQLITE_FULL, I/O errors): every job run
        // in it is undone, and a savepoint would now start a transaction of its own.
        if (!this.db.inTransaction) {
          const cause = storageFault(outcome.value)?.message ?? "SQLite rolled the transaction back";
          return this.abort(batch.slice(0, i + 1), batch.slice(i + 1), new StoreError(cause));
        }
        if (!job.readOnly) {
          if (!outcome.ok) {
            this.control.rollbackTo.run();
            this.tokens.rollbackJob();
            this.conferences.rollbackJob();
          }
          this.control.release.run();
        }
      } catch (e) {
        return this.abort(batch.slice(0, i + 1), batch.slice(i + 1), e);
      }
      const fault = outcome.ok ? undefined : storageFault(outcome.value);
      if (fault) {
        faulted = true;
        this.writes.failed(fault.message);
        outcome = { ok: false, value: fault };
      }
      outcomes.push(outcome);
    }
    const commitStart = performance.now();
    try {
      this.control.commit.run();
    } catch (e) {
      return this.abort(batch, [], e, "commit failed");
    }
    this.tokens.commit();
    this.conferences.commit();
    if (writes) {
      const seconds = (performance.now() - commitStart) / 1000;
      this.observer.committed(
        seconds,
        batch.reduce((n, job) => n + (job.readOnly ? 0 : 1), 0),
      );
      this.sync.committed();
      this.checkpointer?.committed();
    }
    this.sync.durable().then(
      () => {
        if (writes && !faulted) this.writes.recovered();
        batch.forEach((job, i) =>
          outcomes[i].ok ? job.resolve(outcomes[i].value) : job.reject(outcomes[i].value),
        );
      },
      (e) => {
        for (const job of batch) job.reject(new StoreError(`sync failed: ${(e as Error).message}`));
      },
    );
  }

  /**
   * BEGIN, or BEGIN IMMEDIATE for a batch that writes. With busy_timeout 0 SQLite answers SQLITE_BUSY at
   * once while another process holds the write lock; this retries with growing pauses (the event loop
   * keeps serving) and gives up after `lockWaitMs`.
   */
  private async begin(writes: boolean): Promise<void> {
    if (this.db.inTransaction) this.db.exec("ROLLBACK"); // left over from a failed ROLLBACK
    const deadline = Date.now() + this.lockWaitMs;
    for (let pause = 1; ; pause = Math.min(pause * 2, MAX_BACKOFF_MS)) {
      try {
        (writes ? this.control.beginImmediate : this.control.begin).run();
        return;
      } catch (e) {
        if (!isBusy(e)) throw e;
        if (Date.now() + pause > deadline) {
          throw new StoreError(`the database is locked by another process (waited ${this.lockWaitMs} ms)`);
        }
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  /**
   * Ends a batch that cannot commit: the jobs that ran fail with a StoreError (SQLite undid their writes),
   * those that did not run go back to the front of the queue, and the connection is left outside any
   * transaction for the next batch.
   */
  private abort(ran: Job[], notRun: Job[], e: unknown, what?: string): void {
    this.tokens.abort();
    this.conferences.abort();
    try {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
    } catch {
      // begin() tries again before the next batch
    }
    const fault = storageFault(e);
    const err = new StoreError(`${what ? `${what}: ` : ""}${(fault ?? (e as Error)).message}`, { cause: e });
    this.writes.failed(err.message);
    for (const job of ran) job.reject(err);
    this.queue.unshift(...notRun);
  }

  private closing?: Promise<void>;
  /** Closes once; later calls wait for the same close (a second close must not close the fds again). */
  close(): Promise<void> {
    return (this.closing ??= this.closeOnce());
  }
  private async closeOnce(): Promise<void> {
    this.closed = true;
    while (this.draining || !this.sync.idle) {
      await new Promise((r) => setImmediate(r));
    }
    await this.checkpointer?.close();
    this.db.close();
    this.files?.close();
    this.lock?.release();
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
      db.exec(m.sql(sqliteDialect));
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
