import type { Database } from "better-sqlite3";
import type { AudienceRow } from "../../events/types.js";
import type { CachedAuth, ConferenceRow, MemberPage } from "../store.js";
import type { ConferenceCache } from "./conference-cache.js";
import type { TokenCache } from "./token-cache.js";
import { SqliteTx } from "./tx.js";

/**
 * The SQLite Tx with the driver's caches: it hands what authentication resolved to the token cache and
 * answers conference rows, members pages and event audiences from the conference cache (each kept once its batch
 * commits; see their files).
 */
export class CachingSqliteTx extends SqliteTx {
  constructor(
    db: Database,
    private tokens: TokenCache,
    private conferences: ConferenceCache,
  ) {
    super(db);
  }

  rememberAuth(tokenHash: string, auth: CachedAuth): void {
    this.tokens.remember(tokenHash, auth);
  }

  /** Frozen (see ConferenceCache.rows); without the row lock, which SQLite's serial writers do not need. */
  async getConference(conferenceId: string, forUpdate = false): Promise<ConferenceRow | undefined> {
    const cached = this.conferences.rows.get(conferenceId);
    if (cached) return cached as ConferenceRow;
    const row = await super.getConference(conferenceId, forUpdate);
    if (row) {
      Object.freeze(row.phoneNumbers);
      this.conferences.rows.remember(conferenceId, "", Object.freeze(row));
    }
    return row;
  }

  async listEventAudience(corpId: string): Promise<AudienceRow[]> {
    const cached = this.conferences.audiences.get(corpId);
    if (cached) return cached as AudienceRow[];
    const rows = await super.listEventAudience(corpId);
    for (const r of rows) Object.freeze(r);
    this.conferences.audiences.remember(corpId, "", Object.freeze(rows));
    return rows;
  }

  async memberPage(conferenceId: string, offset: number, limit: number): Promise<MemberPage> {
    const key = `${offset}/${limit}`;
    const cached = this.conferences.pages.get(conferenceId, key);
    if (cached) return cached;
    const page = await super.memberPage(conferenceId, offset, limit);
    this.conferences.pages.remember(conferenceId, key, page);
    return page;
  }
}
