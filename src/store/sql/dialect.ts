/**
 * What differs between the SQL engines, kept to a few small hooks so every statement, row mapper and
 * migration is written once (src/store/sql/) and each driver only says how its engine spells these.
 * Hooks are used when statement text is built (once per driver, at module load or first use), never per
 * call, except the value codecs (`encodeBool`/`decodeBool`, `listParams`, `noLimit`).
 */
export interface Dialect {
  readonly name: "sqlite" | "postgres";
  /** The statement as the engine wants it: written with `?` placeholders, numbered `$1…` on PostgreSQL. */
  text(sql: string): string;
  /** A boolean value as bound (SQLite has no boolean type: 0/1) and as read back. */
  encodeBool(v: boolean): unknown;
  decodeBool(v: unknown): boolean;
  /** A condition "boolean column is true", spelled as the partial indexes spell it (they must match). */
  isTrue(column: string): string;
  /** `COUNT(*)` as a JS number (PostgreSQL's COUNT is a BIGINT, which pg returns as a string). */
  readonly count: string;
  /** Appended to a SELECT that locks its row until commit (`FOR UPDATE`; SQLite: nothing, writers are serial). */
  readonly forUpdate: string;
  /** `column IN (…)` for a list of `n` values of `type`, with its placeholders. */
  inList(column: string, n: number, type: "text" | "int"): string;
  /** The parameters that fill `inList`'s placeholders. */
  listParams(values: readonly unknown[]): unknown[];
  /** The LIMIT value meaning "no limit". */
  readonly noLimit: unknown;
  /** A text expression as a JSON string literal (quoted and escaped), as text. */
  jsonText(expr: string): string;
  /** The aggregate joining text `expr` of every row with `,`, in `order`. */
  joinOrdered(expr: string, order: string): string;
  /**
   * JSON text the engine built from stored strings, as the strings were given (PostgreSQL stores U+0000 and
   * U+0001 escaped, see postgres/text.ts; SQLite stores them as given). Runs per call; cheap when unchanged.
   */
  decodeJson(json: string): string;
  /** Column types and values in DDL (migrations), where the engines spell them differently. */
  readonly ddl: DdlWords;
}

export interface DdlWords {
  /** Text compared and sorted byte by byte (keys, lists in key order): PostgreSQL's "C" collation. */
  readonly key: string;
  /** A 64-bit integer (ms timestamps, seqs). */
  readonly bigint: string;
  readonly bool: string;
  readonly false: string;
  /** A named unique constraint on `columns` of `table` (a statement of its own, after CREATE TABLE). */
  unique(name: string, table: string, columns: string): string;
}

/** Memoizes a statement built from a number (a list's length): text built once per length. */
export function perLength(build: (n: number) => string): (n: number) => string {
  const cache = new Map<number, string>();
  return (n) => {
    let sql = cache.get(n);
    if (sql === undefined) cache.set(n, (sql = build(n)));
    return sql;
  };
}
