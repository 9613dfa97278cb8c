import type { PoolClient } from "pg";
import { bookingParams, toBooking } from "../booking-doc.js";
import {
  StoreError,
  type AppRow,
  type BookingRow,
  type ChangeRow,
  type ConferenceRow,
  type MemberRow,
  type NewChange,
  type OrgRow,
  type StateDump,
  type SuiteRow,
  type TokenRow,
  type Tx,
  type UserRow,
} from "../store.js";
import {
  CONF_COLS,
  CONF_SET,
  conferenceParams,
  MEMBER_COLS,
  MEMBER_SET,
  memberParams,
  placeholders,
  type Row,
  toApp,
  toChange,
  toConference,
  toMember,
  toOrg,
  toSuite,
  toToken,
  toUser,
} from "./rows.js";

/** A failed statement: keeps PostgreSQL's SQLSTATE and constraint so the store can decide to retry. */
export class PgStoreError extends StoreError {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly constraint: string | undefined,
  ) {
    super(message);
  }
}

/**
 * The PostgreSQL `Tx`: statements on the one pooled client that holds the transaction. In a write
 * transaction `getConference(id, true)` and `getApp` lock their row (`FOR UPDATE`) until commit, so
 * writers of one conference (or one app's token) run one after another across every vconf instance.
 */
export class PostgresTx implements Tx {
  constructor(
    private client: PoolClient,
    private readOnly: boolean,
  ) {}

  private async q(sql: string, params: unknown[] = []): Promise<Row[]> {
    let rows: Row[];
    try {
      rows = (await this.client.query(sql, params.map(encodeParam))).rows;
    } catch (e) {
      throw toStoreError(e);
    }
    for (const r of rows) {
      for (const k in r) if (typeof r[k] === "string") r[k] = decodeText(r[k] as string);
    }
    return rows;
  }
  private async one(sql: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.q(sql, params))[0];
  }
  private lock(forUpdate = true) {
    return forUpdate && !this.readOnly ? " FOR UPDATE" : "";
  }

  async getOrg(corpId: string) {
    const r = await this.one("SELECT corp_id, name FROM orgs WHERE corp_id = $1", [corpId]);
    return r && toOrg(r);
  }
  async putOrg(o: OrgRow) {
    await this.q(
      "INSERT INTO orgs (corp_id, name) VALUES ($1, $2) ON CONFLICT (corp_id) DO UPDATE SET name = EXCLUDED.name",
      [o.corpId, o.name],
    );
  }
  async listOrgs() {
    return (await this.q("SELECT corp_id, name FROM orgs ORDER BY corp_id")).map(toOrg);
  }

  async getUser(unionId: string) {
    const r = await this.one("SELECT * FROM users WHERE union_id = $1", [unionId]);
    return r && toUser(r);
  }
  async getUsers(unionIds: string[]) {
    const out = new Map<string, UserRow>();
    if (unionIds.length === 0) return out;
    for (const r of await this.q("SELECT * FROM users WHERE union_id = ANY($1::text[])", [unionIds])) {
      out.set(r.union_id as string, toUser(r));
    }
    return out;
  }
  async putUser(u: UserRow) {
    await this.q(
      `INSERT INTO users (union_id, corp_id, user_id, name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (union_id) DO UPDATE SET corp_id = EXCLUDED.corp_id, user_id = EXCLUDED.user_id, name = EXCLUDED.name`,
      [u.unionId, u.corpId, u.userId, u.name],
    );
  }
  async listUsers(corpId?: string) {
    const rows =
      corpId === undefined
        ? await this.q("SELECT * FROM users ORDER BY union_id")
        : await this.q("SELECT * FROM users WHERE corp_id = $1 ORDER BY union_id", [corpId]);
    return rows.map(toUser);
  }

  /** In a write transaction the app row stays locked until commit: token issuance is one at a time. */
  async getApp(appKey: string) {
    const r = await this.one(`SELECT * FROM apps WHERE app_key = $1${this.lock()}`, [appKey]);
    return r && toApp(r);
  }
  async putApp(a: AppRow) {
    await this.q(
      `INSERT INTO apps (app_key, corp_id, secret_hash, scopes, token_nonce, token_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (app_key) DO UPDATE SET corp_id = EXCLUDED.corp_id, secret_hash = EXCLUDED.secret_hash,
         scopes = EXCLUDED.scopes, token_nonce = EXCLUDED.token_nonce, token_expires_at = EXCLUDED.token_expires_at`,
      [a.appKey, a.corpId, a.secretHash, JSON.stringify(a.scopes), a.tokenNonce, a.tokenExpiresAt],
    );
  }
  async listApps(corpId?: string) {
    const rows =
      corpId === undefined
        ? await this.q("SELECT * FROM apps ORDER BY app_key")
        : await this.q("SELECT * FROM apps WHERE corp_id = $1 ORDER BY app_key", [corpId]);
    return rows.map(toApp);
  }

  async getSuite(suiteKey: string) {
    const r = await this.one("SELECT * FROM suites WHERE suite_key = $1", [suiteKey]);
    return r && toSuite(r);
  }
  async putSuite(s: SuiteRow) {
    await this.q(
      `INSERT INTO suites (suite_key, secret_hash, ticket_hash, scopes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (suite_key) DO UPDATE SET secret_hash = EXCLUDED.secret_hash,
         ticket_hash = EXCLUDED.ticket_hash, scopes = EXCLUDED.scopes`,
      [s.suiteKey, s.secretHash, s.ticketHash, JSON.stringify(s.scopes)],
    );
  }
  async listSuites() {
    return (await this.q("SELECT * FROM suites ORDER BY suite_key")).map(toSuite);
  }
  async isSuiteAuthorized(suiteKey: string, corpId: string) {
    return !!(await this.one("SELECT 1 FROM suite_auths WHERE suite_key = $1 AND corp_id = $2", [
      suiteKey,
      corpId,
    ]));
  }
  async authorizeSuite(suiteKey: string, corpId: string) {
    await this.q("INSERT INTO suite_auths (suite_key, corp_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [
      suiteKey,
      corpId,
    ]);
  }

  async getToken(tokenHash: string): Promise<TokenRow | undefined> {
    const r = await this.one("SELECT * FROM tokens WHERE token_hash = $1", [tokenHash]);
    return r && toToken(r);
  }
  async putToken(t: TokenRow) {
    await this.q(
      `INSERT INTO tokens (token_hash, corp_id, client_key, kind, scopes, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (token_hash) DO UPDATE SET scopes = EXCLUDED.scopes, expires_at = EXCLUDED.expires_at`,
      [t.tokenHash, t.corpId, t.clientKey, t.kind, JSON.stringify(t.scopes), t.expiresAt],
    );
  }

  async getConference(conferenceId: string, forUpdate = false) {
    const r = await this.one(`SELECT * FROM conferences WHERE conference_id = $1${this.lock(forUpdate)}`, [
      conferenceId,
    ]);
    return r && toConference(r);
  }
  async insertConference(c: ConferenceRow) {
    await this.q(`INSERT INTO conferences (${CONF_COLS}) VALUES (${placeholders(22)})`, conferenceParams(c));
  }
  async updateConference(c: ConferenceRow) {
    await this.q(`UPDATE conferences SET ${CONF_SET} WHERE conference_id = $1`, conferenceParams(c));
  }

  async getMember(conferenceId: string, unionId: string) {
    const r = await this.one("SELECT * FROM members WHERE conference_id = $1 AND union_id = $2", [
      conferenceId,
      unionId,
    ]);
    return r && toMember(r);
  }
  async listMembers(conferenceId: string, offset = 0, limit = -1) {
    const rows = await this.q(
      "SELECT * FROM members WHERE conference_id = $1 ORDER BY seq LIMIT $2 OFFSET $3",
      [conferenceId, limit < 0 ? null : limit, offset],
    );
    return rows.map(toMember);
  }
  async countMembers(conferenceId: string) {
    const r = await this.one("SELECT COUNT(*)::int AS n FROM members WHERE conference_id = $1", [
      conferenceId,
    ]);
    return r!.n as number;
  }
  /** How many members of a conference are co-hosts (the cap check, without listing members). */
  async countCoHosts(conferenceId: string) {
    const r = await this.one("SELECT COUNT(*)::int AS n FROM members WHERE conference_id = $1 AND co_host", [
      conferenceId,
    ]);
    return r!.n as number;
  }
  async putMember(m: MemberRow) {
    await this.q(
      `INSERT INTO members (${MEMBER_COLS})
       VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM members WHERE conference_id = $1),
         ${placeholders(14, 3)})
       ON CONFLICT (conference_id, union_id) DO UPDATE SET ${MEMBER_SET}`,
      [m.conferenceId, m.unionId, ...memberParams(m)],
    );
  }
  async listMembershipsOf(unionId: string, statuses: number[]) {
    const rows = await this.q(
      "SELECT * FROM members WHERE union_id = $1 AND attend_status = ANY($2::int[]) ORDER BY conference_id",
      [unionId, statuses],
    );
    return rows.map(toMember);
  }

  async listMembersWithStatus(conferenceId: string, statuses: number[]) {
    const rows = await this.q(
      "SELECT * FROM members WHERE conference_id = $1 AND attend_status = ANY($2::int[]) ORDER BY seq",
      [conferenceId, statuses],
    );
    return rows.map(toMember);
  }
  async countMembersWithStatus(conferenceId: string, statuses: number[]) {
    const r = await this.one(
      "SELECT COUNT(*)::int AS n FROM members WHERE conference_id = $1 AND attend_status = ANY($2::int[])",
      [conferenceId, statuses],
    );
    return r!.n as number;
  }

  async getBooking(id: string, forUpdate = false) {
    const sql = `SELECT doc FROM bookings WHERE schedule_conference_id = $1${this.lock(forUpdate)}`;
    const r = await this.one(sql, [id]);
    return r && toBooking(r);
  }
  async getBookingByRoomCode(roomCode: string) {
    const r = await this.one("SELECT doc FROM bookings WHERE room_code = $1", [roomCode]);
    return r && toBooking(r);
  }
  async putBooking(bk: BookingRow) {
    await this.q(
      `INSERT INTO bookings (schedule_conference_id, corp_id, room_code, created_at, doc) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (schedule_conference_id) DO UPDATE SET doc = EXCLUDED.doc`,
      bookingParams(bk),
    );
  }
  async listBookings(corpId: string) {
    const sql = "SELECT doc FROM bookings WHERE corp_id = $1 ORDER BY created_at, schedule_conference_id";
    return (await this.q(sql, [corpId])).map(toBooking);
  }
  async listConferencesByRoomCode(roomCode: string) {
    const sql = "SELECT * FROM conferences WHERE room_code = $1 ORDER BY start_time, conference_id";
    return (await this.q(sql, [roomCode])).map(toConference);
  }

  async appendChange(c: NewChange) {
    await this.q(
      `INSERT INTO changes (conference_id, seq, at, app, operation, target, before, after)
       VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM changes WHERE conference_id = $1), $2, $3, $4, $5, $6, $7)`,
      [
        c.conferenceId,
        c.at,
        c.app,
        c.operation,
        c.target,
        JSON.stringify(c.before ?? null),
        JSON.stringify(c.after ?? null),
      ],
    );
  }
  async listChanges(conferenceId: string): Promise<ChangeRow[]> {
    const rows = await this.q("SELECT * FROM changes WHERE conference_id = $1 ORDER BY seq", [conferenceId]);
    return rows.map(toChange);
  }

  async reset(corpId?: string) {
    if (corpId === undefined) {
      await this.q("DELETE FROM members");
      await this.q("DELETE FROM changes");
      await this.q("DELETE FROM conferences");
      await this.q("DELETE FROM tokens");
      await this.q("DELETE FROM bookings");
      await this.q("UPDATE apps SET token_nonce = NULL, token_expires_at = 0");
      return;
    }
    const confs = "SELECT conference_id FROM conferences WHERE corp_id = $1";
    await this.q(`DELETE FROM members WHERE conference_id IN (${confs})`, [corpId]);
    await this.q(`DELETE FROM changes WHERE conference_id IN (${confs})`, [corpId]);
    // A booking's change log is keyed by its id (spec-more section 11: the booking audit).
    const bookings = "SELECT schedule_conference_id FROM bookings WHERE corp_id = $1";
    await this.q(`DELETE FROM changes WHERE conference_id IN (${bookings})`, [corpId]);
    await this.q("DELETE FROM bookings WHERE corp_id = $1", [corpId]);
    await this.q("DELETE FROM conferences WHERE corp_id = $1", [corpId]);
    await this.q("DELETE FROM tokens WHERE corp_id = $1", [corpId]);
    await this.q("UPDATE apps SET token_nonce = NULL, token_expires_at = 0 WHERE corp_id = $1", [corpId]);
  }

  // --- management (control plane) ---
  async deauthorizeSuite(suiteKey: string, corpId: string) {
    await this.q("DELETE FROM suite_auths WHERE suite_key = $1 AND corp_id = $2", [suiteKey, corpId]);
    await this.q("DELETE FROM tokens WHERE client_key = $1 AND kind = 'suite' AND corp_id = $2", [
      suiteKey,
      corpId,
    ]);
  }
  async listSuiteAuths(suiteKey: string) {
    const rows = await this.q("SELECT corp_id FROM suite_auths WHERE suite_key = $1 ORDER BY corp_id", [
      suiteKey,
    ]);
    return rows.map((r) => r.corp_id as string);
  }
  async deleteTokensOf(clientKey: string, corpId?: string) {
    if (corpId === undefined) await this.q("DELETE FROM tokens WHERE client_key = $1", [clientKey]);
    else await this.q("DELETE FROM tokens WHERE client_key = $1 AND corp_id = $2", [clientKey, corpId]);
  }
  async deleteUser(unionId: string) {
    await this.q("DELETE FROM users WHERE union_id = $1", [unionId]);
  }
  async deleteApp(appKey: string) {
    await this.q("DELETE FROM tokens WHERE client_key = $1 AND kind = 'app'", [appKey]);
    await this.q("DELETE FROM apps WHERE app_key = $1", [appKey]);
  }
  async deleteSuite(suiteKey: string) {
    await this.q("DELETE FROM tokens WHERE client_key = $1 AND kind = 'suite'", [suiteKey]);
    await this.q("DELETE FROM suite_auths WHERE suite_key = $1", [suiteKey]);
    await this.q("DELETE FROM suites WHERE suite_key = $1", [suiteKey]);
  }
  async deleteOrg(corpId: string) {
    await this.q("DELETE FROM tokens WHERE corp_id = $1", [corpId]);
    await this.q("DELETE FROM suite_auths WHERE corp_id = $1", [corpId]);
    await this.q("DELETE FROM apps WHERE corp_id = $1", [corpId]);
    await this.q("DELETE FROM users WHERE corp_id = $1", [corpId]);
    await this.q("DELETE FROM orgs WHERE corp_id = $1", [corpId]);
  }
  async countConferences(corpId: string) {
    const r = await this.one("SELECT COUNT(*)::int AS n FROM conferences WHERE corp_id = $1", [corpId]);
    return r!.n as number;
  }

  // --- snapshots ---
  /** Every row of every table, ordered by key (members and changes by conference, then seq). */
  async exportAll(): Promise<StateDump> {
    return {
      orgs: await this.listOrgs(),
      users: await this.listUsers(),
      apps: await this.listApps(),
      suites: await this.listSuites(),
      suiteAuths: (
        await this.q("SELECT suite_key, corp_id FROM suite_auths ORDER BY suite_key, corp_id")
      ).map((r) => ({ suiteKey: r.suite_key as string, corpId: r.corp_id as string })),
      tokens: (await this.q("SELECT * FROM tokens ORDER BY token_hash")).map(toToken),
      conferences: (await this.q("SELECT * FROM conferences ORDER BY conference_id")).map(toConference),
      members: (await this.q("SELECT * FROM members ORDER BY conference_id, seq")).map(toMember),
      changes: (await this.q("SELECT * FROM changes ORDER BY conference_id, seq")).map(toChange),
      bookings: (await this.q("SELECT doc FROM bookings ORDER BY schedule_conference_id")).map(toBooking),
    };
  }
  /** Replaces every table's rows with `d`, keeping member and change `seq` as given. */
  async importAll(d: StateDump) {
    for (const t of [
      "members",
      "changes",
      "bookings",
      "conferences",
      "tokens",
      "suite_auths",
      "suites",
      "apps",
      "users",
      "orgs",
    ]) {
      await this.q(`DELETE FROM ${t}`);
    }
    for (const o of d.orgs) await this.putOrg(o);
    for (const u of d.users) await this.putUser(u);
    for (const a of d.apps) await this.putApp(a);
    for (const s of d.suites) await this.putSuite(s);
    for (const a of d.suiteAuths) await this.authorizeSuite(a.suiteKey, a.corpId);
    for (const t of d.tokens) await this.putToken(t);
    for (const c of d.conferences) await this.insertConference(c);
    for (const bk of d.bookings) await this.putBooking(bk);
    for (const m of d.members) {
      await this.q(`INSERT INTO members (${MEMBER_COLS}) VALUES (${placeholders(17)})`, [
        m.conferenceId,
        m.unionId,
        m.seq,
        ...memberParams(m),
      ]);
    }
    for (const c of d.changes) {
      await this.q(
        `INSERT INTO changes (conference_id, seq, at, app, operation, target, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          c.conferenceId,
          c.seq,
          c.at,
          c.app,
          c.operation,
          c.target,
          JSON.stringify(c.before ?? null),
          JSON.stringify(c.after ?? null),
        ],
      );
    }
  }
}

/**
 * PostgreSQL text cannot hold U+0000, which client input (a title, an id in a URL) may contain and SQLite
 * stores as given. Every string goes in with U+0000 as U+0001 U+0002 and U+0001 as U+0001 U+0001, and
 * comes back decoded, so any string round-trips and lookups still compare exactly. (JSON columns are
 * unaffected: JSON.stringify already escapes both characters.)
 */
export const encodeText = (s: string) =>
  s.includes("\u0000") || s.includes("\u0001")
    ? s.replaceAll("\u0001", "\u0001\u0001").replaceAll("\u0000", "\u0001\u0002")
    : s;
export function decodeText(s: string): string {
  if (!s.includes("\u0001")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\u0001" && i + 1 < s.length) out += s[++i] === "\u0002" ? "\u0000" : "\u0001";
    else out += s[i];
  }
  return out;
}
const encodeParam = (p: unknown) =>
  typeof p === "string"
    ? encodeText(p)
    : Array.isArray(p)
      ? p.map((v) => (typeof v === "string" ? encodeText(v) : v))
      : p;

/** Any failure of the driver or the server, as a StoreError (500 systemError), SQLSTATE kept. */
export function toStoreError(e: unknown): PgStoreError {
  if (e instanceof PgStoreError) return e;
  const err = e as { message?: string; code?: string; constraint?: string };
  return new PgStoreError(`postgres: ${err?.message ?? String(e)}`, err?.code, err?.constraint);
}
