import { fdatasync } from "node:fs";
import { StoreError } from "../store.js";
import type { OpenFiles } from "./db-files.js";

/** fdatasync calls in flight at once (libuv's thread pool has 4 threads by default). */
const MAX_SYNCS = 3;

/**
 * The store's durability step: the COMMIT only appends to the WAL (`synchronous=NORMAL`), and a batch is
 * answered once an fdatasync of the WAL, run on libuv's thread pool, has covered it. One sync covers every
 * batch committed before it started. After a failed sync, or once the files are found deleted, nothing
 * written since is known durable, so every later batch is refused (`failed`) until restart.
 */
export class WalSync {
  /** Set when a sync failed or the files were deleted: the store refuses all further work. */
  failed: StoreError | undefined;
  /** Batches that wrote, committed so far / known durable. */
  private committedSeq = 0;
  private durableSeq = 0;
  /** fdatasync calls in flight, and the newest batch the latest one started covers. */
  private syncing = 0;
  private syncStartedSeq = 0;
  private waiters: { seq: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  /** Told how long each successful fdatasync took (metrics). */
  synced: (seconds: number) => void = () => {};

  /** `files` undefined: nothing to sync (`:memory:`, where SQLite's own `synchronous=FULL` applies). */
  constructor(private readonly files: OpenFiles | undefined) {}

  /** Counts a committed batch that wrote. */
  committed(): void {
    this.committedSeq++;
  }

  /** No sync in flight and nobody waiting for one (the store may close its files). */
  get idle(): boolean {
    return this.syncing === 0 && this.waiters.length === 0;
  }

  /** Marks the store failed (the first reason stays). */
  fail(reason: string): void {
    this.failed ??= new StoreError(`${reason}; restart vconf`);
  }

  /** Checks that the files still back the store (cheap: two fstat calls). */
  check(): void {
    const gone = this.failed ? undefined : this.files?.unlinked();
    if (gone) this.fail(gone);
  }

  /** Resolves once every batch committed so far is on disk (one fdatasync of the WAL serves many batches). */
  durable(): Promise<void> {
    const seq = this.committedSeq;
    if (this.failed) return Promise.reject(this.failed);
    if (seq <= this.durableSeq || this.files === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ seq, resolve, reject });
      this.start();
    });
  }

  /**
   * Starts an fdatasync covering every batch committed so far, unless one already started covers them or
   * MAX_SYNCS are in flight. Overlapping syncs matter: the kernel folds concurrent flushes of one file
   * together, so a batch committed during a sync need not wait for it to finish and then a whole new one.
   * A completed sync makes durable everything committed before it started, whatever earlier ones do, unless
   * the files were deleted meanwhile (checked after each sync, so no success is answered after that).
   */
  private start(): void {
    const target = this.committedSeq;
    const files = this.files;
    if (files === undefined || this.syncing >= MAX_SYNCS || target <= this.syncStartedSeq) return;
    this.syncing++;
    this.syncStartedSeq = target;
    const started = performance.now();
    fdatasync(files.wal, (err) => {
      this.syncing--;
      if (!err) this.synced((performance.now() - started) / 1000);
      if (err) this.fail(`fdatasync of the WAL failed (${err.code ?? err.message})`);
      else this.check();
      if (!this.failed) this.durableSeq = Math.max(this.durableSeq, target);
      // After a failed sync nothing written since is known durable (the kernel may have dropped the failed
      // pages, and later WAL frames depend on them): refuse every waiter, not only those it covered.
      const covered = this.failed ? Infinity : this.durableSeq;
      const waiting = this.waiters;
      this.waiters = waiting.filter((w) => w.seq > covered);
      for (const w of waiting) {
        if (w.seq > covered) continue;
        if (this.failed) w.reject(this.failed);
        else w.resolve();
      }
      if (this.waiters.length > 0) this.start();
    });
  }
}
