import type { PoolClient } from "pg";
import { StoreError } from "../store.js";
import { codecs, statements } from "../sql/statements.js";
import type { Row } from "../sql/table.js";
import { SqlTx, type Runner, type SqlKit } from "../sql/tx.js";
import { postgresDialect } from "./dialect.js";

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

/** Statements on the one pooled client that holds the transaction; strings NUL-escaped both ways. */
class PgRunner implements Runner {
  constructor(private client: PoolClient) {}

  async all(sql: string, params: unknown[]): Promise<Row[]> {
    let rows: Row[];
    try {
      rows = (await this.client.query(sql, params.map(encodeParam))).rows;
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

/**
 * PostgreSQL text cannot hold U+0000, which client input (a title, an id in a URL) may contain and SQLite
 * stores as given. Every string goes in with U+0000 as U+0001 U+0002 and U+0001 as U+0001 U+0001, and
 * comes back decoded, so any string round-trips and lookups still compare exactly. (JSON columns are
 * unaffected: JSON.stringify already escapes both characters.)
 */
export const encodeText = (s: string) =>
  s.includes("\u0000") || s.includes("\u0001")
    ? s.replaceAll("\u0001", "\u0001\u0001").replaceAll("\u0000", "\u0001\u0002")
    : s;
export function decodeText(s: string): string {
  if (!s.includes("\u0001")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\u0001" && i + 1 < s.length) out += s[++i] === "\u0002" ? "\u0000" : "\u0001";
    else out += s[i];
  }
  return out;
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
