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
import { PgStoreError, PostgresTx, toStoreError } from "./tx.js";

/** SQLSTATEs after which the whole transaction is run again: serialization failure, deadlock. */
const RETRY_CODES = new Set(["40001", "40P01"]);
/** Seq collisions (two writers numbering the same conference without its lock): also worth a retry. */
const RETRY_CONSTRAINTS = new Set(["members_order", "changes_order"]);
const MAX_ATTEMPTS = 5;
/** How long `/healthz` waits for PostgreSQL to answer a ping. */
const PING_TIMEOUT_MS = 2000;
/**
 * SQLSTATEs of a server that cannot take writes (out of disk or memory, I/O errors, corruption, a
 * read-only standby): they make `health()` fail until a write succeeds. Connection failures are not
 * listed: the ping sees those.
 */
const UNHEALTHY = /^(53|58|XX)|^25006$/;
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
 * The shared store: several vconf instances on one PostgreSQL. Each transaction holds one pooled client
 * from BEGIN to COMMIT, at READ COMMITTED with row locks for writers (`getConference(id, true)`, `getApp`)
 * and at REPEATABLE READ for readers (one consistent snapshot per request). A serialization failure or a
 * deadlock runs the whole function again. COMMIT returns after the WAL is flushed (the server's default
 * `synchronous_commit=on`), so nothing is answered before it is durable.
 */
export class PostgresStore implements Store {
  readonly kind = "postgres" as const;
  private closed = false;
  private writes = new HealthState();
  private observer: StoreObserver = UNOBSERVED;

  private constructor(readonly pool: pg.Pool) {}

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

  async transaction<T>(fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    if (this.closed) throw new StoreError("store is closed");
    const readOnly = !!opts.readOnly;
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await this.once(fn, readOnly);
        if (!readOnly) this.writes.recovered();
        return value;
      } catch (e) {
        if (e instanceof PgStoreError && e.code && UNHEALTHY.test(e.code)) this.writes.failed(e.message);
        if (attempt >= MAX_ATTEMPTS || !retryable(e)) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }

  private async once<T>(fn: (tx: Tx) => Promise<T>, readOnly: boolean): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw toStoreError(e);
    }
    // A client whose BEGIN, COMMIT or ROLLBACK failed is discarded, not returned to the pool.
    let discard: Error | undefined;
    // A connection lost while checked out is also emitted as an 'error' event (the pool listens only
    // while a client is idle): unheard, it would end the process. Its query in flight fails anyway.
    const lost = (e: Error) => void (discard ??= e);
    client.on("error", lost);
    const run = async (sql: string) => {
      try {
        await client.query(sql);
      } catch (e) {
        discard = e as Error;
        throw toStoreError(e);
      }
    };
    try {
      await run(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN").catch((e) => {
        // Nothing ran yet: a connection that died while idle in the pool is safe to replace and retry.
        throw Object.assign(e as PgStoreError, { atBegin: true });
      });
      let value: T;
      try {
        value = await fn(new PostgresTx(client, readOnly));
      } catch (e) {
        await run("ROLLBACK").catch(() => {});
        throw e;
      }
      const commitStart = performance.now();
      await run("COMMIT");
      if (!readOnly) this.observer.committed((performance.now() - commitStart) / 1000, 1);
      return value;
    } finally {
      client.off("error", lost);
      client.release(discard);
    }
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
    await this.pool.end();
  }
}

function retryable(e: unknown): boolean {
  if (!(e instanceof PgStoreError)) return false;
  if ((e as { atBegin?: boolean }).atBegin) return true;
  if (e.code && RETRY_CODES.has(e.code)) return true;
  return e.code === "23505" && !!e.constraint && RETRY_CONSTRAINTS.has(e.constraint);
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
