import type { Database } from "better-sqlite3";
import type { CachedAuth } from "../store.js";

/**
 * What authentication resolved for a token (its caller and expiry), kept in memory so a request does not
 * cost a transaction. Entries remembered inside a batch are held back until that batch commits; any write
 * that could change an answer (a token row; an app's or suite's scopes or existence; a suite's
 * authorization) drops the entries it could affect and everything remembered before it in the batch, and
 * a rolled-back job drops what it remembered. The caller still checks expiry against its clock on every
 * call. Only valid while this process is the database's only writer (the SQLite driver's contract);
 * `watchAuthWrites` makes SQLite itself report those writes, whichever Tx method (present or future) runs them.
 * Bounded by `max` entries, least recently used evicted first.
 */
export class TokenCache {
  private rows = new Map<string, CachedAuth>();
  private pending: [string, CachedAuth][] = [];
  private jobStart = 0;

  constructor(private readonly max = 10_000) {}

  /** A hit becomes the most recently used entry (re-inserted: a Map keeps insertion order). */
  get(tokenHash: string): CachedAuth | undefined {
    const auth = this.rows.get(tokenHash);
    if (auth !== undefined) {
      this.rows.delete(tokenHash);
      this.rows.set(tokenHash, auth);
    }
    return auth;
  }

  /** How many tokens are held (never more than `max`). */
  get size(): number {
    return this.rows.size;
  }

  /** An answer resolved inside the running batch. */
  remember(tokenHash: string, auth: CachedAuth): void {
    this.pending.push([tokenHash, auth]);
  }

  /** A token row changed or vanished (`undefined`: anything may have; forget all). */
  wrote(tokenHash?: string): void {
    this.pending = [];
    this.jobStart = 0;
    if (tokenHash === undefined) this.rows.clear();
    else this.rows.delete(tokenHash);
  }

  /** A job starts (what it remembers may be rolled back). */
  beginJob(): void {
    this.jobStart = this.pending.length;
  }

  /** The job's savepoint was rolled back: forget what it remembered. */
  rollbackJob(): void {
    this.pending.length = this.jobStart;
  }

  /** The batch committed: its answers now describe committed rows. */
  commit(): void {
    for (const [hash, auth] of this.pending) {
      this.rows.delete(hash); // re-inserted: the youngest
      if (this.rows.size >= this.max) this.rows.delete(this.rows.keys().next().value!);
      this.rows.set(hash, auth);
    }
    this.pending = [];
  }

  /** The batch did not commit. */
  abort(): void {
    this.pending = [];
  }
}

/**
 * Temporary triggers (this connection only, not stored in the file) reporting to `cache` every write that
 * could change what a token authenticates as, including bulk statements run through `exec`. Token
 * issuance updates an app's nonce, not its scopes, so it leaves other tokens cached.
 */
export function watchAuthWrites(db: Database, cache: TokenCache): void {
  db.function("vconf_auth_written", { varargs: true }, (...hashes: unknown[]) => {
    if (hashes.length === 0) cache.wrote();
    for (const h of hashes) cache.wrote(typeof h === "string" ? h : undefined);
    return null;
  });
  const triggers: Record<string, string> = {
    tokens_insert: "AFTER INSERT ON main.tokens BEGIN SELECT vconf_auth_written(NEW.token_hash); END",
    tokens_update:
      "AFTER UPDATE ON main.tokens BEGIN SELECT vconf_auth_written(OLD.token_hash, NEW.token_hash); END",
    tokens_delete: "AFTER DELETE ON main.tokens BEGIN SELECT vconf_auth_written(OLD.token_hash); END",
    apps_update: `AFTER UPDATE ON main.apps WHEN OLD.scopes IS NOT NEW.scopes OR OLD.corp_id IS NOT NEW.corp_id
      OR OLD.app_key IS NOT NEW.app_key BEGIN SELECT vconf_auth_written(); END`,
    apps_delete: "AFTER DELETE ON main.apps BEGIN SELECT vconf_auth_written(); END",
    suites_update: `AFTER UPDATE ON main.suites WHEN OLD.scopes IS NOT NEW.scopes OR OLD.suite_key IS NOT NEW.suite_key
      BEGIN SELECT vconf_auth_written(); END`,
    suites_delete: "AFTER DELETE ON main.suites BEGIN SELECT vconf_auth_written(); END",
    suite_auths_update: "AFTER UPDATE ON main.suite_auths BEGIN SELECT vconf_auth_written(); END",
    suite_auths_delete: "AFTER DELETE ON main.suite_auths BEGIN SELECT vconf_auth_written(); END",
  };
  for (const [name, body] of Object.entries(triggers)) {
    db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS vconf_${name} ${body}`);
  }
}
