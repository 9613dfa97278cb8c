import type { Database, Statement } from "better-sqlite3";
import { codecs, statements } from "../sql/statements.js";
import type { Row } from "../sql/table.js";
import { SqlTx, type Runner, type SqlKit } from "../sql/tx.js";
import { sqliteDialect } from "./dialect.js";

const KIT: SqlKit = { d: sqliteDialect, q: statements(sqliteDialect), rows: codecs(sqliteDialect) };

/** Runs statements synchronously, each prepared once per connection and cached by its text. */
class SqliteRunner implements Runner {
  private statements = new Map<string, Statement>();
  constructor(private db: Database) {}

  private st(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
  one(sql: string, params: unknown[]): Row | undefined {
    return this.st(sql).get(...params) as Row | undefined;
  }
  all(sql: string, params: unknown[]): Row[] {
    return this.st(sql).all(...params) as Row[];
  }
  run(sql: string, params: unknown[]): void {
    this.st(sql).run(...params);
  }
}

/** The SQLite `Tx`: the shared SQL `Tx` over prepared statements on one connection. */
export class SqliteTx extends SqlTx {
  constructor(db: Database) {
    super(new SqliteRunner(db), KIT);
  }
}
