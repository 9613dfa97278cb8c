import BetterSqlite3 from "better-sqlite3";
import { StoreError } from "../store.js";

/**
 * SQLite result codes that mean the store cannot do its work (disk full, I/O, read-only or vanished
 * files, a lock held elsewhere, corruption), as opposed to a bug in a statement: answered as
 * `systemError:storage failure`, and they make the store unhealthy until a write succeeds.
 */
const STORAGE = /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|CANTOPEN|CORRUPT|NOTADB|NOMEM|PROTOCOL|PERM)/;

/** `e` as a StoreError when it is a storage fault (or already a StoreError), else undefined. */
export function storageFault(e: unknown): StoreError | undefined {
  if (e instanceof StoreError) return e;
  if (e instanceof BetterSqlite3.SqliteError && STORAGE.test(e.code)) {
    return new StoreError(`${e.message} (${e.code})`, { cause: e });
  }
  return undefined;
}

/** Another connection holds the lock SQLite needs (with busy_timeout 0 it answers at once). */
export function isBusy(e: unknown): boolean {
  return e instanceof BetterSqlite3.SqliteError && e.code.startsWith("SQLITE_BUSY");
}

/** Why the store at `file` cannot open, for the start-up message. */
export function openFailure(file: string, e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const code = e instanceof BetterSqlite3.SqliteError ? ` (${e.code})` : "";
  const hint = /READONLY|CANTOPEN|PERM|EACCES|EROFS/.test(`${code} ${(e as Error).message}`)
    ? "; the data dir and its files must be writable by this user"
    : "";
  return new StoreError(`cannot open the store ${file}: ${(e as Error).message}${code}${hint}`, { cause: e });
}
