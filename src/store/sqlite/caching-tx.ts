import type { Database } from "better-sqlite3";
import type { CachedAuth, MemberPage } from "../store.js";
import type { MemberPageCache } from "./page-cache.js";
import type { TokenCache } from "./token-cache.js";
import { SqliteTx } from "./tx.js";

/**
 * The SQLite Tx with the driver's caches: it hands what authentication resolved to the token cache and
 * answers members pages from the page cache (each kept once its batch commits; see their files).
 */
export class CachingSqliteTx extends SqliteTx {
  constructor(
    db: Database,
    private tokens: TokenCache,
    private pages: MemberPageCache,
  ) {
    super(db);
  }

  rememberAuth(tokenHash: string, auth: CachedAuth): void {
    this.tokens.remember(tokenHash, auth);
  }

  async memberPage(conferenceId: string, offset: number, limit: number): Promise<MemberPage> {
    const cached = this.pages.get(conferenceId, offset, limit);
    if (cached) return cached;
    const page = await super.memberPage(conferenceId, offset, limit);
    this.pages.remember(conferenceId, offset, limit, page);
    return page;
  }
}
