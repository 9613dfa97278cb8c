import type { PoolClient } from "pg";
import { StoreError } from "../store.js";
import { codecs, statements } from "../sql/statements.js";
import type { Row } from "../sql/table.js";
import { SqlTx, type Runner, type SqlKit } from "../sql/tx.js";
import { postgresDialect } from "./dialect.js";
import { decodeText, encodeText } from "./text.js";

export { decodeText, encodeText };

const KIT: SqlKit = { d: postgresDialect, q: statements(postgresDialect), rows: codecs(postgresDialect) };

/** A failed statement: keeps PostgreSQL's SQLSTATE and constraint so the store can decide to retry. */
export class PgStoreError extends StoreError {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly constraint: string | undefined,
  ) {
    super(message);
  }
}

/**
 * A name per statement text: pg prepares a named statement once per connection and then sends only its
 * parameters, where an unnamed one sends (and the server parses and plans) the whole text every call.
 * The texts are the fixed set `statements()` builds (lists by length, bounded), so the map is bounded.
 */
const names = new Map<string, string>();
const nameOf = (sql: string) => {
  let name = names.get(sql);
  if (name === undefined) names.set(sql, (name = `vconf_${names.size}`));
  return name;
};

/** What the group commit (group-commit.ts) learns from, and does around, one job's statements. */
export interface JobHooks {
  /** Runs before the job's first statement that writes (a savepoint when the job shares its transaction). */
  beforeWrite?: () => Promise<void>;
  /** A statement failed: PostgreSQL has aborted the transaction, or the savepoint's part of it. */
  failed(e: PgStoreError): void;
  /** The job has ended: a statement it left running must not run inside the next job. */
  ended: boolean;
}

/**
 * Whether a statement may change something, so a shared transaction needs a savepoint before it. A plain
 * SELECT needs none, not even `FOR UPDATE` (a lock is not undone by a job's rollback, only held until
 * the group commits); `pg_notify` is a SELECT that sends.
 */
const writes = new Map<string, boolean>();
const isWrite = (sql: string) => {
  let w = writes.get(sql);
  if (w === undefined)
    writes.set(sql, (w = !/^\s*SELECT\b/i.test(sql) || /pg_notify|nextval|setval/i.test(sql)));
  return w;
};

/** Statements on the one pooled client that holds the transaction; strings NUL-escaped both ways. */
class PgRunner implements Runner {
  constructor(
    private client: PoolClient,
    private hooks?: JobHooks,
  ) {}

  async all(sql: string, params: unknown[]): Promise<Row[]> {
    let rows: Row[];
    const hooks = this.hooks;
    if (hooks) {
      if (hooks.ended) throw new StoreError("statement after the end of its transaction");
      if (hooks.beforeWrite && isWrite(sql)) await hooks.beforeWrite();
    }
    try {
      const query = { name: nameOf(sql), text: sql, values: params.map(encodeParam) };
      rows = (await this.client.query(query)).rows;
    } catch (e) {
      const err = toStoreError(e);
      hooks?.failed(err);
      throw err;
    }
    for (const r of rows) {
      for (const k in r) if (typeof r[k] === "string") r[k] = decodeText(r[k] as string);
    }
    return rows;
  }
  async one(sql: string, params: unknown[]): Promise<Row | undefined> {
    return (await this.all(sql, params))[0];
  }
  run(sql: string, params: unknown[]): Promise<Row[]> {
    return this.all(sql, params);
  }
}

/** The PostgreSQL `Tx`: the shared SQL `Tx` on the transaction's client (row locks in write transactions). */
export class PostgresTx extends SqlTx {
  constructor(client: PoolClient, readOnly: boolean, hooks?: JobHooks) {
    super(new PgRunner(client, hooks), KIT, readOnly);
  }
}

const encodeParam = (p: unknown) =>
  typeof p === "string"
    ? encodeText(p)
    : Array.isArray(p)
      ? p.map((v) => (typeof v === "string" ? encodeText(v) : v))
      : p;

/** Any failure of the driver or the server, as a StoreError (500 systemError), SQLSTATE kept. */
export function toStoreError(e: unknown): PgStoreError {
  if (e instanceof PgStoreError) return e;
  const err = e as { message?: string; code?: string; constraint?: string };
  return new PgStoreError(`postgres: ${err?.message ?? String(e)}`, err?.code, err?.constraint);
}
