import type { Database } from "better-sqlite3";
import type { ConferenceRow, MemberPage } from "../store.js";
import { audienceCache } from "./audience-cache.js";

/**
 * Values read in a transaction, kept in memory by conference until a write could change them. The same
 * discipline as the token cache (token-cache.ts): values read inside a batch are held back until that
 * batch commits; a write SQLite reports for a conference (triggers, `watchConferenceWrites`) drops that
 * conference's values and everything read before it in the batch; a rolled-back job drops what it read;
 * a batch that does not commit keeps nothing. Only valid while this process is the database's only
 * writer (the SQLite driver's contract). Bounded by `size` of the values held, oldest conference first.
 */
export class ConferenceKeyed<V> {
  /** conferenceId → sub-key → value; a Map keeps insertion order, the eviction order. */
  private values = new Map<string, Map<string, V>>();
  private pending: [string, string, V][] = [];
  private jobStart = 0;
  private held = 0;

  constructor(
    private readonly max: number,
    private readonly size: (v: V) => number = () => 1,
  ) {}

  get(conferenceId: string, key = ""): V | undefined {
    return this.values.get(conferenceId)?.get(key);
  }

  /** A value read inside the running batch. */
  remember(conferenceId: string, key: string, value: V): void {
    this.pending.push([conferenceId, key, value]);
  }

  /** Something of `conferenceId` was written (`undefined`: anything may have been; forget all). */
  wrote(conferenceId?: string): void {
    this.pending = [];
    this.jobStart = 0;
    if (conferenceId === undefined) {
      this.values.clear();
      this.held = 0;
    } else this.drop(conferenceId);
  }

  beginJob(): void {
    this.jobStart = this.pending.length;
  }

  rollbackJob(): void {
    this.pending.length = this.jobStart;
  }

  commit(): void {
    for (const [conf, key, value] of this.pending) {
      const size = this.size(value);
      if (size > this.max / 4) continue;
      let of = this.values.get(conf);
      if (!of) this.values.set(conf, (of = new Map()));
      const old = of.get(key);
      if (old !== undefined) this.held -= this.size(old);
      of.set(key, value);
      this.held += size;
    }
    this.pending = [];
    while (this.held > this.max) this.drop(this.values.keys().next().value!);
  }

  abort(): void {
    this.pending = [];
  }

  private drop(conferenceId: string): void {
    const of = this.values.get(conferenceId);
    if (!of) return;
    for (const v of of.values()) this.held -= this.size(v);
    this.values.delete(conferenceId);
  }
}

/**
 * The SQLite driver's per-conference caches: conference rows (every write call reads its conference
 * first) and rendered members pages (polling a large conference's members then costs no rendering), and
 * beside them the per-org event audiences (audience-cache.ts).
 */
export class ConferenceCache {
  /** Frozen rows: a caller that tried to change one in place would throw rather than change the cache. */
  readonly rows = new ConferenceKeyed<Readonly<ConferenceRow>>(50_000);
  /** Pages by "offset/limit", bounded by their characters. */
  readonly pages = new ConferenceKeyed<MemberPage>(32 * 2 ** 20, (p) => p.models.length);
  /** Event audiences by corpId (audience-cache.ts), kept in step with the batch like the others. */
  readonly audiences = audienceCache();
  private readonly all = [this.rows, this.pages, this.audiences];

  beginJob(): void {
    for (const c of this.all) c.beginJob();
  }
  rollbackJob(): void {
    for (const c of this.all) c.rollbackJob();
  }
  commit(): void {
    for (const c of this.all) c.commit();
  }
  abort(): void {
    for (const c of this.all) c.abort();
  }
}

/**
 * Temporary triggers (this connection only) reporting to `cache` every write to a conference or member
 * row, including bulk statements run through `exec` (reset, snapshot import): SQLite skips its truncate
 * shortcut for a table with triggers, so a `DELETE FROM members` reports every row.
 */
export function watchConferenceWrites(db: Database, cache: ConferenceCache): void {
  const reporter =
    (c: { wrote(id?: string): void }) =>
    (...ids: unknown[]) => {
      for (const id of ids) c.wrote(typeof id === "string" ? id : undefined);
      return null;
    };
  db.function("vconf_conference_written", { varargs: true }, reporter(cache.rows));
  db.function("vconf_members_written", { varargs: true }, reporter(cache.pages));
  const on = (table: string, fn: string) => ({
    [`${table}_insert`]: `AFTER INSERT ON main.${table} BEGIN SELECT ${fn}(NEW.conference_id); END`,
    [`${table}_update`]: `AFTER UPDATE ON main.${table} BEGIN SELECT ${fn}(OLD.conference_id, NEW.conference_id); END`,
    [`${table}_delete`]: `AFTER DELETE ON main.${table} BEGIN SELECT ${fn}(OLD.conference_id); END`,
  });
  const triggers = {
    ...on("conferences", "vconf_conference_written"),
    ...on("members", "vconf_members_written"),
  };
  for (const [name, body] of Object.entries(triggers)) {
    db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS vconf_${name} ${body}`);
  }
}
