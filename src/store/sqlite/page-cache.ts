import type { Database } from "better-sqlite3";
import type { MemberPage } from "../store.js";

/**
 * Members pages (`Tx.memberPage`) as rendered, kept in memory so polling a large conference's members
 * costs one conference lookup instead of rendering the page again. The same discipline as the token
 * cache (token-cache.ts): pages rendered inside a batch are held back until that batch commits; any write
 * to a conference's members (SQLite reports it, `watchMemberWrites`) drops that conference's pages and
 * everything rendered before it in the batch; a rolled-back job drops what it rendered; a batch that does
 * not commit keeps nothing. Only valid while this process is the database's only writer (the SQLite
 * driver's contract). Bounded by the size of the pages held (their characters; oldest conference dropped first).
 */
export class MemberPageCache {
  /** conferenceId → "offset/limit" → page; a Map keeps insertion order, the eviction order. */
  private pages = new Map<string, Map<string, MemberPage>>();
  private pending: [string, string, MemberPage][] = [];
  private jobStart = 0;
  private chars = 0;

  constructor(private readonly maxChars = 32 * 2 ** 20) {}

  get(conferenceId: string, offset: number, limit: number): MemberPage | undefined {
    return this.pages.get(conferenceId)?.get(`${offset}/${limit}`);
  }

  /** A page rendered inside the running batch. */
  remember(conferenceId: string, offset: number, limit: number, page: MemberPage): void {
    this.pending.push([conferenceId, `${offset}/${limit}`, page]);
  }

  /** A member row of `conferenceId` changed or vanished (`undefined`: anything may have; forget all). */
  wrote(conferenceId?: string): void {
    this.pending = [];
    this.jobStart = 0;
    if (conferenceId === undefined) {
      this.pages.clear();
      this.chars = 0;
    } else this.drop(conferenceId);
  }

  beginJob(): void {
    this.jobStart = this.pending.length;
  }

  rollbackJob(): void {
    this.pending.length = this.jobStart;
  }

  commit(): void {
    for (const [conf, key, page] of this.pending) {
      if (page.models.length > this.maxChars / 4) continue;
      let of = this.pages.get(conf);
      if (!of) this.pages.set(conf, (of = new Map()));
      const old = of.get(key);
      if (old) this.chars -= old.models.length;
      of.set(key, page);
      this.chars += page.models.length;
    }
    this.pending = [];
    while (this.chars > this.maxChars) this.drop(this.pages.keys().next().value!);
  }

  abort(): void {
    this.pending = [];
  }

  private drop(conferenceId: string): void {
    const of = this.pages.get(conferenceId);
    if (!of) return;
    for (const page of of.values()) this.chars -= page.models.length;
    this.pages.delete(conferenceId);
  }
}

/**
 * Temporary triggers (this connection only) reporting to `cache` every write to a member row, including
 * bulk statements run through `exec` (reset, snapshot import): SQLite skips its truncate shortcut for a
 * table with triggers, so a `DELETE FROM members` reports every row.
 */
export function watchMemberWrites(db: Database, cache: MemberPageCache): void {
  db.function("vconf_members_written", { varargs: true }, (...ids: unknown[]) => {
    for (const id of ids) cache.wrote(typeof id === "string" ? id : undefined);
    return null;
  });
  const triggers: Record<string, string> = {
    members_insert: "AFTER INSERT ON main.members BEGIN SELECT vconf_members_written(NEW.conference_id); END",
    members_update:
      "AFTER UPDATE ON main.members BEGIN SELECT vconf_members_written(OLD.conference_id, NEW.conference_id); END",
    members_delete: "AFTER DELETE ON main.members BEGIN SELECT vconf_members_written(OLD.conference_id); END",
  };
  for (const [name, body] of Object.entries(triggers)) {
    db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS vconf_${name} ${body}`);
  }
}
