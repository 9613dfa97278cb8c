import type { Static, TObject, TSchema } from "typebox";
import type { Dialect } from "./dialect.js";

/** A row as the engine returns it: column name → value. */
export type Row = Record<string, unknown>;

/**
 * How a field is stored: `text` and `int` as they are (null stays null), `bool` through the dialect
 * (0/1 on SQLite), `json` as text written by JSON.stringify (text, not jsonb, so it reads back exactly).
 */
export type ColumnKind = "text" | "int" | "bool" | "json";

/**
 * One table, described once by its row schema (`store/rows.ts`): every statement's column list,
 * placeholders, row mapper and parameter list is derived from it, so a new column is one field there (plus
 * its migration). The column of a field is its snake_case name; the fields are in the schema's order (rows
 * read back in that order).
 */
export interface Table<R> extends Columns {
  readonly fields: readonly (keyof R & string)[];
  readonly kinds: readonly ColumnKind[];
}

/** What statement text is built from. */
export interface Columns {
  readonly name: string;
  readonly columns: readonly string[];
  /** The primary key's columns. */
  readonly key: readonly string[];
  /** `a, b, c`: every column, in order. */
  readonly list: string;
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A field's storage from its schema: a string, integer or boolean (or one of them or null; string literals
 * count as strings) is stored as such; anything else (lists, objects, unknown) as JSON text.
 */
export function kindOf(schema: TSchema): ColumnKind {
  const s = schema as { anyOf?: TSchema[] };
  const options = (s.anyOf ?? [schema]) as { type?: unknown }[];
  const types = new Set(options.map((o) => o.type).filter((t) => t !== "null"));
  if (types.size !== 1) return "json";
  const [type] = types;
  if (type === "string") return "text";
  if (type === "integer") return "int";
  if (type === "boolean") return "bool";
  return "json";
}

/** Describes a table by its row schema and primary key. */
export function table<S extends TObject>(
  name: string,
  key: (keyof Static<S> & string)[],
  row: S,
): Table<Static<S>> {
  const fields = Object.keys(row.properties) as (keyof Static<S> & string)[];
  const columns = fields.map(snake);
  return {
    name,
    fields,
    columns,
    kinds: fields.map((f) => kindOf(row.properties[f])),
    key: key.map(snake),
    list: columns.join(", "),
  };
}

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** `SELECT <every column> FROM <table>`, to which a statement adds its WHERE / ORDER BY. */
export const selectFrom = (t: Columns) => `SELECT ${t.list} FROM ${t.name}`;

/** `INSERT INTO t (<every column>) VALUES (?, …)`, values in `Codec.encode` order. */
export const insertInto = (t: Columns) =>
  `INSERT INTO ${t.name} (${t.list}) VALUES (${marks(t.columns.length)})`;

/** ` ON CONFLICT (<key>) DO UPDATE SET c = excluded.c, …` for `columns` (default: every column but the key). */
export function onConflictUpdate(
  t: Columns,
  columns: readonly string[] = t.columns.filter((c) => !t.key.includes(c)),
): string {
  const set = columns.map((c) => `${c} = excluded.${c}`).join(", ");
  return ` ON CONFLICT (${t.key.join(", ")}) DO UPDATE SET ${set}`;
}

/** An insert that, when the key exists, updates `columns` instead (default: every column but the key). */
export const upsert = (t: Columns, columns?: readonly string[]) =>
  insertInto(t) + onConflictUpdate(t, columns);

/** `UPDATE t SET <every other column> = ? WHERE <key> = ?`; parameters from `Codec.keyLast`. */
export function updateByKey(t: Columns): string {
  const set = t.columns.filter((c) => !t.key.includes(c)).map((c) => `${c} = ?`);
  return `UPDATE ${t.name} SET ${set.join(", ")} WHERE ${t.key.map((c) => `${c} = ?`).join(" AND ")}`;
}

/**
 * An insert whose `seq` is the next one within `scope` (MAX + 1; the row's own seq is ignored): the
 * subquery takes the seq column's place and its one placeholder, so `Codec.nextSeq` fills it.
 */
export function insertNextSeq(t: Columns, scope: string): string {
  const values = t.columns.map((c) =>
    c === "seq" ? `(SELECT COALESCE(MAX(seq), 0) + 1 FROM ${t.name} WHERE ${scope} = ?)` : "?",
  );
  return `INSERT INTO ${t.name} (${t.list}) VALUES (${values.join(", ")})`;
}

/** A table's rows to and from the engine's values, for one dialect. */
export interface Codec<R> {
  /** An engine row to a row object. */
  decode(r: Row): R;
  /** A row object to its column values, in column order (the `insertInto` / `upsert` parameters). */
  encode(row: R): unknown[];
  /** The `updateByKey` parameters: every other column, then the key. */
  keyLast(row: R): unknown[];
  /** The `insertNextSeq(t, scope)` parameters. */
  nextSeq(row: Omit<R, "seq">, scope: string): unknown[];
}

/**
 * The mappers are compiled once per table and dialect (`new Function` over our own column names, never
 * input): an object literal of fixed shape, as a hand-written mapper would be. Measured on the co-host
 * path, a generic loop cost about 5% of the store's CPU time and left rows in slower dictionary shape.
 */
export function codec<R>(t: Table<R>, d: Dialect): Codec<R> {
  const { fields, columns, kinds } = t;
  const at = (i: number) => `r[${JSON.stringify(columns[i])}]`;
  const read = fields.map((f, i) => {
    const v = at(i);
    const value =
      kinds[i] === "bool"
        ? `bool(${v})`
        : kinds[i] === "json"
          ? `JSON.parse(${v} ?? "null")`
          : `${v} ?? null`;
    return `${JSON.stringify(f)}: ${value}`;
  });
  const write = fields.map((f, i) => {
    const v = `r[${JSON.stringify(f)}]`;
    return kinds[i] === "bool" ? `bool(${v})` : kinds[i] === "json" ? `JSON.stringify(${v} ?? null)` : v;
  });
  const compile = <F>(body: string, bool: (v: never) => unknown): F =>
    new Function("bool", `"use strict"; return (r) => ${body};`)(bool) as F;
  const decode = compile<(r: Row) => R>(`({ ${read.join(", ")} })`, d.decodeBool);
  const encode = compile<(r: R) => unknown[]>(`[${write.join(", ")}]`, d.encodeBool);
  const keyIdx = t.key.map((c) => columns.indexOf(c));
  const order = [...columns.keys()].filter((i) => !keyIdx.includes(i)).concat(keyIdx);
  const keyLast = compile<(r: R) => unknown[]>(`[${order.map((i) => write[i]).join(", ")}]`, d.encodeBool);
  const seqIdx = columns.indexOf("seq");
  return {
    decode,
    encode,
    keyLast,
    nextSeq(row, scope) {
      const v = encode(row as R);
      v[seqIdx] = v[columns.indexOf(scope)];
      return v;
    },
  };
}
