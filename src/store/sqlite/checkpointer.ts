import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Committed write batches between checkpoints (a checkpoint of a small WAL is cheap). */
const EVERY = 32;

// The worker: its own connection to the file; copies the WAL into the database when asked (PASSIVE: it
// never blocks the writer), syncing the WAL before and the database after, as SQLite always does.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
parentPort.on("message", (m) => {
  if (m === "close") { db.close(); parentPort.close(); return; }
  try { db.pragma("wal_checkpoint(PASSIVE)"); parentPort.postMessage({ ok: true }); }
  catch (e) { parentPort.postMessage({ ok: false, error: String(e && e.message) }); }
});
`;

/**
 * Runs SQLite's WAL checkpoints on a worker thread. A checkpoint writes and fsyncs the database file;
 * on the event loop (SQLite's automatic checkpoint, inside a COMMIT) it stalls every request in flight,
 * and with random writes over a large store it runs every few batches. The store turns automatic
 * checkpoints off and calls `committed()` after each commit that wrote.
 */
export class Checkpointer {
  private worker: Worker;
  private busy = false;
  private closed = false;
  private since = 0;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER, { eval: true, workerData: { file, driver } });
    this.worker.unref();
    this.worker.on("message", (m: { ok: boolean; error?: string }) => {
      this.busy = false;
      if (!m.ok) process.emitWarning(`vconf: WAL checkpoint failed: ${m.error}`);
    });
    this.worker.on("error", (e) => {
      this.closed = true; // no more checkpoints; the WAL grows until restart, nothing is lost
      process.emitWarning(`vconf: checkpoint worker failed: ${e.message}`);
    });
  }

  /** Counts a committed write batch; asks for a checkpoint every EVERY of them unless one is running. */
  committed(): void {
    if (++this.since < EVERY || this.busy || this.closed) return;
    this.since = 0;
    this.busy = true;
    this.worker.postMessage("checkpoint");
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exited = new Promise((r) => this.worker.once("exit", r));
    this.worker.ref(); // keep the process alive until the worker has closed its connection
    this.worker.postMessage("close");
    await exited;
  }
}
