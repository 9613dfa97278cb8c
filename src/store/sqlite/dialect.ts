import type { Dialect } from "../sql/dialect.js";

/** How SQLite spells what differs (see sql/dialect.ts): no boolean type, `?` placeholders, serial writers. */
export const sqliteDialect: Dialect = {
  name: "sqlite",
  text: (sql) => sql,
  encodeBool: (v) => (v ? 1 : 0),
  decodeBool: (v) => v === 1,
  isTrue: (column) => `${column} = 1`,
  count: "COUNT(*)",
  forUpdate: "",
  inList: (column, n) => `${column} IN (${Array.from({ length: n }, () => "?").join(", ")})`,
  listParams: (values) => values as unknown[],
  noLimit: -1,
  jsonText: (expr) => `json_quote(${expr})`,
  joinOrdered: (expr, order) => `group_concat(${expr}, ',' ORDER BY ${order})`,
  decodeJson: (json) => json,
  ddl: {
    key: "TEXT",
    bigint: "INTEGER",
    bool: "INTEGER",
    false: "0",
    unique: (name, table, columns) => `CREATE UNIQUE INDEX ${name} ON ${table}(${columns});`,
  },
};
