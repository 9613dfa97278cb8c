import BetterSqlite3, { type Database } from "better-sqlite3";
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { StoreError } from "../store.js";

const LOCK = "vconf.lock";
/** Who holds the lock, for the message a second process prints (the lock itself is the OS's). */
const HOLDER = "vconf.lock.json";

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * One process per data dir. The token cache and the group commit assume this process is the SQLite
 * file's only writer, so a second `vconf serve` on the same dir must refuse to start. The lock is an
 * exclusive POSIX lock that SQLite takes on a small database of its own (`vconf.lock`, exclusive locking
 * mode, held until the connection closes): the kernel drops it when the holder dies, SIGKILL included, so
 * it is never stale, and it needs no native module besides the SQLite driver vconf already has (fs-ext and
 * os-lock compile with node-gyp; proper-lockfile's lock outlives a killed holder until it is judged stale).
 * Nothing else in this process may open and close `vconf.lock`: closing any descriptor of a file drops
 * the process's POSIX locks on it.
 */
export class DataDirLock {
  private constructor(
    private readonly db: Database,
    private readonly holderFile: string,
  ) {}

  /** Takes the lock or throws a StoreError naming the holder. */
  static acquire(dataDir: string): DataDirLock {
    const file = join(dataDir, LOCK);
    let db: Database;
    try {
      createPrivate(file);
      db = new BetterSqlite3(file);
    } catch (e) {
      throw new StoreError(`the data dir ${dataDir} is not writable: ${(e as Error).message}`, { cause: e });
    }
    try {
      db.pragma("busy_timeout = 0");
      db.pragma("journal_mode = MEMORY"); // no -journal file (OFF is refused in defensive mode)
      db.pragma("locking_mode = EXCLUSIVE");
      db.exec("BEGIN EXCLUSIVE; COMMIT");
    } catch (e) {
      db.close();
      if ((e as { code?: string }).code === "SQLITE_BUSY") {
        throw new StoreError(
          `${describeHolder(dataDir)} (the lock on ${file}); stop it or use another data dir`,
        );
      }
      throw new StoreError(`cannot lock ${file}: ${(e as Error).message}`, { cause: e });
    }
    const holderFile = join(dataDir, HOLDER);
    const holder: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    try {
      writeFileSync(`${holderFile}.tmp`, JSON.stringify(holder) + "\n", { mode: 0o600 });
      renameSync(`${holderFile}.tmp`, holderFile); // a reader never sees half of it
    } catch {
      // Only the message of a second process depends on it; the lock holds without.
    }
    return new DataDirLock(db, holderFile);
  }

  /** Releases the lock (the holder file first: once released, the next holder writes its own). */
  release(): void {
    try {
      rmSync(this.holderFile, { force: true });
    } catch {
      // a read-only data dir: the next holder overwrites it
    }
    if (this.db.open) this.db.close();
  }
}

/**
 * Creates `file` 0600 (SQLite would create it 0644) unless it exists. Exclusive create: an existing lock
 * file is never opened here, since closing that descriptor would drop a lock this process holds on it.
 */
function createPrivate(file: string): void {
  try {
    closeSync(openSync(file, "wx", 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

function describeHolder(dataDir: string): string {
  try {
    const h = JSON.parse(readFileSync(join(dataDir, HOLDER), "utf8")) as Holder;
    const self = h.pid === process.pid && h.host === hostname() ? ", this process" : "";
    return `another vconf (pid ${h.pid} on ${h.host}, started ${h.startedAt}${self}) is using the data dir ${dataDir}`;
  } catch {
    return `another process is using the data dir ${dataDir}`;
  }
}
