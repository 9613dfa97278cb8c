import BetterSqlite3, { type Database } from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { StoreError, type Store, type TransactionOptions, type Tx } from "../store.js";
import { migrations } from "./migrations.js";
import { SqliteTx } from "./tx.js";

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  readOnly: boolean;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** How many requests may share one commit (one fsync). */
const MAX_BATCH = 512;

/**
 * The embedded store. Group commit: transactions that arrive in the same event-loop turn run one after
 * another, each inside its own SAVEPOINT (a failure rolls back only that one), and then share one COMMIT,
 * which fsyncs the WAL (`synchronous=FULL`). No promise settles before that COMMIT returns, so nothing is
 * answered before it is durable.
 */
export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  readonly db: Database;
  private tx: SqliteTx;
  private queue: Job[] = [];
  private draining = false;
  private closed = false;

  constructor(file: string) {
    this.db = new BetterSqlite3(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    migrate(this.db);
    this.tx = new SqliteTx(this.db);
  }

  /** Opens (creating if needed) `<dataDir>/vconf.db`. */
  static open(dataDir: string): SqliteStore {
    mkdirSync(dataDir, { recursive: true });
    return new SqliteStore(join(dataDir, "vconf.db"));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError("store is closed"));
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
      try {
        this.db.exec("BEGIN IMMEDIATE");
      } catch (e) {
        for (const job of batch) job.reject(new StoreError(`cannot begin: ${(e as Error).message}`));
        continue;
      }
      for (const job of batch) {
        if (job.readOnly) {
          outcomes.push(await settle(job.fn(this.tx)));
          continue;
        }
        this.db.exec("SAVEPOINT job");
        const outcome = await settle(job.fn(this.tx));
        if (!outcome.ok) this.db.exec("ROLLBACK TO job");
        this.db.exec("RELEASE job");
        outcomes.push(outcome);
      }
      try {
        this.db.exec("COMMIT");
      } catch (e) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        for (const job of batch) job.reject(new StoreError(`commit failed: ${(e as Error).message}`));
        continue;
      }
      batch.forEach((job, i) =>
        outcomes[i].ok ? job.resolve(outcomes[i].value) : job.reject(outcomes[i].value),
      );
    }
    this.draining = false;
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.draining) await new Promise((r) => setImmediate(r));
    this.db.close();
  }
}

async function settle(p: Promise<unknown>): Promise<{ ok: boolean; value: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    return { ok: false, value: e };
  }
}

function migrate(db: Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  const latest = migrations[migrations.length - 1].version;
  if (current > latest) {
    throw new StoreError(
      `database schema version ${current} is newer than this vconf (${latest}); upgrade vconf`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
