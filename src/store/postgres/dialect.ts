import type { Dialect } from "../sql/dialect.js";
import { decodeJsonText } from "./text.js";

/**
 * How PostgreSQL spells what differs (see sql/dialect.ts): numbered placeholders, native booleans, a list
 * as one array parameter (one statement text for any length), row locks, byte-order keys.
 */
export const postgresDialect: Dialect = {
  name: "postgres",
  text: (sql) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  },
  encodeBool: (v) => v,
  decodeBool: (v) => v as boolean,
  isTrue: (column) => column,
  count: "COUNT(*)::int",
  forUpdate: " FOR UPDATE",
  inList: (column, _n, type) => `${column} = ANY(?::${type}[])`,
  listParams: (values) => [values],
  noLimit: null,
  jsonText: (expr) => `to_json(${expr}::text)::text`,
  joinOrdered: (expr, order) => `string_agg(${expr}, ',' ORDER BY ${order})`,
  decodeJson: decodeJsonText,
  ddl: {
    key: 'TEXT COLLATE "C"',
    bigint: "BIGINT",
    bool: "BOOLEAN",
    false: "FALSE",
    // A constraint (not only an index): the driver retries a transaction on its violation by name.
    unique: (name, table, columns) => `ALTER TABLE ${table} ADD CONSTRAINT ${name} UNIQUE (${columns});`,
  },
};
