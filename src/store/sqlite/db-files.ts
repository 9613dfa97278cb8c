import { chmodSync, closeSync, fstatSync, mkdirSync, openSync, statSync } from "node:fs";

/** Creates the data dir, 0700 when new: it holds token hashes and secrets' hashes. */
export function createDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Makes the database files readable by their owner only: creates the database 0600 when missing (SQLite
 * gives its -wal and -shm the database's mode) and takes group and other access off existing files. Best effort
 * for files vconf does not own; the start-up probe reports a file it cannot write.
 */
export function makePrivate(file: string): void {
  try {
    closeSync(openSync(file, "wx", 0o600)); // exclusive: never closes a descriptor SQLite may hold locks on
  } catch {
    // exists already (or cannot be created: SQLite's open says why)
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      const mode = statSync(f).mode & 0o777;
      if (mode & 0o077) chmodSync(f, mode & 0o700); // narrows only: a read-only file stays read-only
    } catch {
      // missing, or not ours to change
    }
  }
}

/**
 * Descriptors of the database and its WAL kept open beside SQLite's: the WAL's for the store's own
 * fdatasync, both to notice the files being deleted or replaced under a running server (link count 0),
 * after which nothing written can survive a restart. Closed only after SQLite's connections (closing a
 * descriptor of the database would drop the POSIX locks SQLite holds on it).
 */
export class OpenFiles {
  readonly wal: number;
  private readonly db: number;

  constructor(file: string) {
    this.db = openSync(file, "r");
    try {
      this.wal = openSync(`${file}-wal`, "r");
    } catch (e) {
      closeSync(this.db);
      throw e;
    }
  }

  /** Why the files no longer back the store (deleted or replaced), or undefined while they do. */
  unlinked(): string | undefined {
    try {
      if (fstatSync(this.db).nlink === 0) return "the database file was deleted or replaced while vconf ran";
      if (fstatSync(this.wal).nlink === 0) return "the WAL file was deleted or replaced while vconf ran";
    } catch (e) {
      return `cannot check the database files: ${(e as Error).message}`;
    }
    return undefined;
  }

  close(): void {
    closeSync(this.wal);
    closeSync(this.db);
  }
}
