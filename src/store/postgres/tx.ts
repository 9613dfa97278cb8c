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

/** Statements on the one pooled client that holds the transaction; strings NUL-escaped both ways. */
class PgRunner implements Runner {
  constructor(private client: PoolClient) {}

  async all(sql: string, params: unknown[]): Promise<Row[]> {
    let rows: Row[];
    try {
      const query = { name: nameOf(sql), text: sql, values: params.map(encodeParam) };
      rows = (await this.client.query(query)).rows;
    } catch (e) {
      throw toStoreError(e);
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
  constructor(client: PoolClient, readOnly: boolean) {
    super(new PgRunner(client), KIT, readOnly);
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
