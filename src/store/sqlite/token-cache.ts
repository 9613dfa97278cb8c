import type { Database } from "better-sqlite3";
import { SqliteTx } from "./tx.js";
import type { TokenRow } from "../store.js";

/**
 * Committed token rows kept in memory so authenticating a request does not cost a transaction. Rows read
 * inside a batch are held back until that batch commits; any token write (issue, extend, reset) drops the
 * row and everything read before it in the batch, and a rolled-back job drops what it read. The cache only
 * says what a committed row looked like; the caller still checks expiry against its clock on every call.
 * Only valid while this process is the database's only writer (the SQLite driver's contract).
 * `watchTokenWrites` makes SQLite itself report every write to the tokens table, whichever Tx method
 * (present or future) does it.
 */
export class TokenCache {
  private rows = new Map<string, TokenRow>();
  private pending: TokenRow[] = [];
  private jobStart = 0;

  constructor(private readonly max = 10_000) {}

  get(tokenHash: string): TokenRow | undefined {
    return this.rows.get(tokenHash);
  }

  /** A row read inside the running batch. */
  read(row: TokenRow): void {
    this.pending.push(row);
  }

  /** A token row changed or vanished (`undefined`: possibly all of them). */
  wrote(tokenHash?: string): void {
    this.pending = [];
    this.jobStart = 0;
    if (tokenHash === undefined) this.rows.clear();
    else this.rows.delete(tokenHash);
  }

  /** A job starts (its reads may be rolled back). */
  beginJob(): void {
    this.jobStart = this.pending.length;
  }

  /** The job's savepoint was rolled back: forget what it read. */
  rollbackJob(): void {
    this.pending.length = this.jobStart;
  }

  /** The batch committed: its reads are now committed rows. */
  commit(): void {
    for (const row of this.pending) {
      if (this.rows.size >= this.max) this.rows.delete(this.rows.keys().next().value!);
      this.rows.set(row.tokenHash, row);
    }
    this.pending = [];
  }

  /** The batch did not commit. */
  abort(): void {
    this.pending = [];
  }
}

/**
 * Temporary triggers (this connection only, not stored in the file) that report every insert, update and
 * delete of a token row to `cache`, including bulk deletes run through `exec`.
 */
export function watchTokenWrites(db: Database, cache: TokenCache): void {
  db.function("vconf_token_written", (hash: unknown) => {
    cache.wrote(typeof hash === "string" ? hash : undefined);
    return null;
  });
  const row = {
    insert: "NEW.token_hash",
    update: "OLD.token_hash), vconf_token_written(NEW.token_hash",
    delete: "OLD.token_hash",
  };
  for (const [op, args] of Object.entries(row)) {
    db.exec(
      `CREATE TEMP TRIGGER IF NOT EXISTS vconf_tokens_${op} AFTER ${op.toUpperCase()} ON main.tokens
       BEGIN SELECT vconf_token_written(${args}); END`,
    );
  }
}

/** The SQLite Tx that hands the token rows it reads to the cache (kept when the batch commits). */
export class CachingSqliteTx extends SqliteTx {
  constructor(
    db: Database,
    private cache: TokenCache,
  ) {
    super(db);
  }

  override async getToken(tokenHash: string): Promise<TokenRow | undefined> {
    const row = await super.getToken(tokenHash);
    if (row) this.cache.read(row);
    return row;
  }
}
