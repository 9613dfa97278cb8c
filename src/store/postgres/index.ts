import pg from "pg";
import { HealthState } from "../health.js";
import {
  pendingMigrations,
  StoreError,
  UNOBSERVED,
  type Store,
  type StoreObserver,
  type StoreHealth,
  type TransactionOptions,
  type Tx,
} from "../store.js";
import { migrations } from "../sql/migrations.js";
import { postgresDialect } from "./dialect.js";
import { listen } from "./listen.js";
import { GroupCommit } from "./group-commit.js";
import { toStoreError } from "./tx.js";

/** How long `/healthz` waits for PostgreSQL to answer a ping. */
const PING_TIMEOUT_MS = 2000;
/** Same for every instance: only one applies migrations at a time. */
const MIGRATION_LOCK = 0x76636f6e66; // "vconf"

/** BIGINT (oid 20) as a JS number: vconf's integers (ms timestamps, seqs) are far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** Pool size per instance (default 10). */
  max?: number;
  /** How long to wait for a connection before failing (default 5000 ms). */
  connectionTimeoutMillis?: number;
}

/**
 * The shared store: several vconf instances on one PostgreSQL. Transactions queued together share one
 * pooled client and one transaction from BEGIN to COMMIT, each in its own savepoint (group-commit.ts), at
 * READ COMMITTED with row locks for writers (`getConference(id, true)`, `getApp`) and at REPEATABLE READ
 * for readers (one consistent snapshot). A serialization failure or a deadlock runs the function again.
 * COMMIT returns after the WAL is flushed (the server's default `synchronous_commit=on`), so nothing is
 * answered before it is durable.
 */
export class PostgresStore implements Store {
  readonly kind = "postgres" as const;
  private closed = false;
  private writes = new HealthState();
  private observer: StoreObserver = UNOBSERVED;

  private readonly groups: GroupCommit;

  private constructor(readonly pool: pg.Pool) {
    this.groups = new GroupCommit(pool, pool.options.max, this.writes, () => this.observer);
  }

  /** Connects (failing fast when the server is unreachable) and brings the schema up to date. */
  static async open(url: string, opts: PostgresOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.max ?? 10,
      connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 5000,
      idleTimeoutMillis: 30_000,
      application_name: "vconf",
      types,
    });
    // An idle client losing its connection must not crash the process; the next checkout reconnects.
    pool.on("error", () => {});
    try {
      await migrate(pool);
    } catch (e) {
      await pool.end().catch(() => {});
      if (e instanceof StoreError) throw e;
      throw new StoreError(`cannot open PostgreSQL at ${describeUrl(url)}: ${(e as Error).message}`);
    }
    return new PostgresStore(pool);
  }

  /** Queued for the group commit (group-commit.ts): it shares a transaction with those queued beside it. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError("store is closed"));
    return new Promise<T>((resolve, reject) =>
      this.groups.submit({
        fn,
        readOnly: !!opts.readOnly,
        resolve: resolve as (v: unknown) => void,
        reject,
        attempts: 1,
      }),
    );
  }

  /** Unhealthy while PostgreSQL does not answer a ping within PING_TIMEOUT_MS, or after a failed write. */
  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, reason: "the store is closed" };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pool.query("SELECT 1"),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)),
            PING_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (e) {
      // The code alone where there is one: the message may name the server's address.
      const err = e as { code?: string; message?: string };
      return { ok: false, reason: `PostgreSQL unreachable: ${err.code ?? err.message}` };
    } finally {
      clearTimeout(timer);
    }
    return this.writes.get();
  }

  /** LISTEN/NOTIFY: other instances' commits wake this one (Store.listen). */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    const o = this.pool.options;
    return listen(
      { connectionString: o.connectionString, connectionTimeoutMillis: o.connectionTimeoutMillis, types },
      channel,
      onMessage,
    );
  }

  /** One autocommit statement on a pooled connection (Store.sharedQuery). */
  async sharedQuery(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    if (this.closed) throw new StoreError("store is closed");
    try {
      return (await this.pool.query(sql, params)).rows;
    } catch (e) {
      throw toStoreError(e);
    }
  }

  observe(observer: StoreObserver): void {
    this.observer = observer;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.groups.drained();
    await this.pool.end();
  }
}

/** host:port/db of a connection string, without user or password (for messages). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await client.query(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
      );
      const { rows } = await client.query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_version");
      const current = rows[0].v as number;
      for (const m of pendingMigrations(current, migrations)) {
        await client.query("BEGIN");
        try {
          await client.query(m.sql(postgresDialect));
          await client.query("INSERT INTO schema_version (version) VALUES ($1)", [m.version]);
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK").catch(() => {});
          throw new StoreError(`migration ${m.version} failed: ${(e as Error).message}`);
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    }
  } catch (e) {
    broken = e as Error;
    throw e;
  } finally {
    client.release(broken);
  }
}
