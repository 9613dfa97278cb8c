import type { Database, Statement } from "better-sqlite3";
import { bookingParams, toBooking } from "../booking-doc.js";
import type {
  AppRow,
  BookingRow,
  ChangeRow,
  ConferenceRow,
  MemberRow,
  NewChange,
  OrgRow,
  StateDump,
  SuiteAuthRow,
  SuiteRow,
  TokenRow,
  Tx,
  UserRow,
} from "../store.js";
import {
  b,
  CONF_COLS,
  CONF_UPDATE,
  conferenceParams,
  type Row,
  toApp,
  toChange,
  toConference,
  toMember,
  toSuite,
  toToken,
  toUser,
} from "./rows.js";

/** The SQLite `Tx`: prepared statements, cached per SQL text, run synchronously. */
export class SqliteTx implements Tx {
  private statements = new Map<string, Statement>();
  constructor(private db: Database) {}

  private st(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
  private one(sql: string, ...p: unknown[]): Row | undefined {
    return this.st(sql).get(...p) as Row | undefined;
  }
  private all(sql: string, ...p: unknown[]): Row[] {
    return this.st(sql).all(...p) as Row[];
  }
  private run(sql: string, ...p: unknown[]): void {
    this.st(sql).run(...p);
  }

  async getOrg(corpId: string): Promise<OrgRow | undefined> {
    const r = this.one("SELECT corp_id, name FROM orgs WHERE corp_id = ?", corpId);
    return r && { corpId: r.corp_id as string, name: r.name as string };
  }
  async putOrg(o: OrgRow) {
    this.run(
      "INSERT INTO orgs (corp_id, name) VALUES (?, ?) ON CONFLICT(corp_id) DO UPDATE SET name = excluded.name",
      o.corpId,
      o.name,
    );
  }
  async listOrgs() {
    return this.all("SELECT corp_id, name FROM orgs ORDER BY corp_id").map((r) => ({
      corpId: r.corp_id as string,
      name: r.name as string,
    }));
  }

  async getUser(unionId: string) {
    const r = this.one("SELECT * FROM users WHERE union_id = ?", unionId);
    return r && toUser(r);
  }
  async getUsers(unionIds: string[]) {
    const out = new Map<string, UserRow>();
    for (const id of unionIds) {
      const r = this.one("SELECT * FROM users WHERE union_id = ?", id);
      if (r) out.set(id, toUser(r));
    }
    return out;
  }
  async putUser(u: UserRow) {
    this.run(
      `INSERT INTO users (union_id, corp_id, user_id, name) VALUES (?, ?, ?, ?)
       ON CONFLICT(union_id) DO UPDATE SET corp_id = excluded.corp_id, user_id = excluded.user_id, name = excluded.name`,
      u.unionId,
      u.corpId,
      u.userId,
      u.name,
    );
  }
  async listUsers(corpId?: string) {
    const rows = corpId
      ? this.all("SELECT * FROM users WHERE corp_id = ? ORDER BY union_id", corpId)
      : this.all("SELECT * FROM users ORDER BY union_id");
    return rows.map(toUser);
  }

  async getApp(appKey: string) {
    const r = this.one("SELECT * FROM apps WHERE app_key = ?", appKey);
    return r && toApp(r);
  }
  async putApp(a: AppRow) {
    this.run(
      `INSERT INTO apps (app_key, corp_id, secret_hash, scopes, token_nonce, token_expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(app_key) DO UPDATE SET corp_id = excluded.corp_id, secret_hash = excluded.secret_hash,
         scopes = excluded.scopes, token_nonce = excluded.token_nonce, token_expires_at = excluded.token_expires_at`,
      a.appKey,
      a.corpId,
      a.secretHash,
      JSON.stringify(a.scopes),
      a.tokenNonce,
      a.tokenExpiresAt,
    );
  }
  async listApps(corpId?: string) {
    const rows = corpId
      ? this.all("SELECT * FROM apps WHERE corp_id = ? ORDER BY app_key", corpId)
      : this.all("SELECT * FROM apps ORDER BY app_key");
    return rows.map(toApp);
  }

  async getSuite(suiteKey: string) {
    const r = this.one("SELECT * FROM suites WHERE suite_key = ?", suiteKey);
    return r && toSuite(r);
  }
  async putSuite(s: SuiteRow) {
    this.run(
      `INSERT INTO suites (suite_key, secret_hash, ticket_hash, scopes) VALUES (?, ?, ?, ?)
       ON CONFLICT(suite_key) DO UPDATE SET secret_hash = excluded.secret_hash, ticket_hash = excluded.ticket_hash,
         scopes = excluded.scopes`,
      s.suiteKey,
      s.secretHash,
      s.ticketHash,
      JSON.stringify(s.scopes),
    );
  }
  async listSuites() {
    return this.all("SELECT * FROM suites ORDER BY suite_key").map(toSuite);
  }
  async isSuiteAuthorized(suiteKey: string, corpId: string) {
    return !!this.one("SELECT 1 FROM suite_auths WHERE suite_key = ? AND corp_id = ?", suiteKey, corpId);
  }
  async authorizeSuite(suiteKey: string, corpId: string) {
    this.run("INSERT OR IGNORE INTO suite_auths (suite_key, corp_id) VALUES (?, ?)", suiteKey, corpId);
  }

  async getToken(tokenHash: string): Promise<TokenRow | undefined> {
    const r = this.one("SELECT * FROM tokens WHERE token_hash = ?", tokenHash);
    return r && toToken(r);
  }
  async putToken(t: TokenRow) {
    this.run(
      `INSERT INTO tokens (token_hash, corp_id, client_key, kind, scopes, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(token_hash) DO UPDATE SET scopes = excluded.scopes, expires_at = excluded.expires_at`,
      t.tokenHash,
      t.corpId,
      t.clientKey,
      t.kind,
      JSON.stringify(t.scopes),
      t.expiresAt,
    );
  }

  async getConference(conferenceId: string) {
    const r = this.one("SELECT * FROM conferences WHERE conference_id = ?", conferenceId);
    return r && toConference(r);
  }
  async insertConference(c: ConferenceRow) {
    this.run(
      `INSERT INTO conferences (${CONF_COLS}) VALUES (${Array(22).fill("?").join(", ")})`,
      ...conferenceParams(c),
    );
  }
  async updateConference(c: ConferenceRow) {
    this.run(CONF_UPDATE, ...conferenceParams(c).slice(1), c.conferenceId);
  }

  async getMember(conferenceId: string, unionId: string) {
    const r = this.one(
      "SELECT * FROM members WHERE conference_id = ? AND union_id = ?",
      conferenceId,
      unionId,
    );
    return r && toMember(r);
  }
  async listMembers(conferenceId: string, offset = 0, limit = -1) {
    return this.all(
      "SELECT * FROM members WHERE conference_id = ? ORDER BY seq LIMIT ? OFFSET ?",
      conferenceId,
      limit,
      offset,
    ).map(toMember);
  }
  async countMembers(conferenceId: string) {
    return this.one("SELECT COUNT(*) AS n FROM members WHERE conference_id = ?", conferenceId)!.n as number;
  }
  async countCoHosts(conferenceId: string) {
    return this.one(
      "SELECT COUNT(*) AS n FROM members WHERE conference_id = ? AND co_host = 1",
      conferenceId,
    )!.n as number;
  }
  async putMember(m: MemberRow) {
    this.run(
      `INSERT INTO members (conference_id, union_id, seq, user_nick, host, co_host, attend_status, join_time,
         leave_time, duration, outer_org_member, pstn_join, mic_status, camera_status, forbidden_rejoin,
         co_host_since, device_type)
       VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM members WHERE conference_id = ?), ?, ?, ?, ?, ?, ?, ?,
         ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(conference_id, union_id) DO UPDATE SET user_nick = excluded.user_nick, host = excluded.host,
         co_host = excluded.co_host, attend_status = excluded.attend_status, join_time = excluded.join_time,
         leave_time = excluded.leave_time, duration = excluded.duration,
         outer_org_member = excluded.outer_org_member, pstn_join = excluded.pstn_join,
         mic_status = excluded.mic_status, camera_status = excluded.camera_status,
         forbidden_rejoin = excluded.forbidden_rejoin, co_host_since = excluded.co_host_since,
         device_type = excluded.device_type`,
      m.conferenceId,
      m.unionId,
      m.conferenceId,
      m.userNick,
      b(m.host),
      b(m.coHost),
      m.attendStatus,
      m.joinTime,
      m.leaveTime,
      m.duration,
      b(m.outerOrgMember),
      b(m.pstnJoin),
      m.micStatus,
      m.cameraStatus,
      b(m.forbiddenRejoin),
      m.coHostSince,
      m.deviceType,
    );
  }
  async listMembershipsOf(unionId: string, statuses: number[]) {
    return this.all("SELECT * FROM members WHERE union_id = ? ORDER BY conference_id", unionId)
      .map(toMember)
      .filter((m) => statuses.includes(m.attendStatus));
  }

  async listMembersWithStatus(conferenceId: string, statuses: number[]) {
    if (statuses.length === 0) return [];
    return this.all(
      `SELECT * FROM members WHERE conference_id = ? AND attend_status IN (${statuses.map(() => "?").join(", ")})
       ORDER BY seq`,
      conferenceId,
      ...statuses,
    ).map(toMember);
  }
  async countMembersWithStatus(conferenceId: string, statuses: number[]) {
    if (statuses.length === 0) return 0;
    return this.one(
      `SELECT COUNT(*) AS n FROM members WHERE conference_id = ? AND attend_status IN (${statuses.map(() => "?").join(", ")})`,
      conferenceId,
      ...statuses,
    )!.n as number;
  }

  async getBooking(id: string) {
    const r = this.one("SELECT doc FROM bookings WHERE schedule_conference_id = ?", id);
    return r && toBooking(r);
  }
  async getBookingByRoomCode(roomCode: string) {
    const r = this.one("SELECT doc FROM bookings WHERE room_code = ?", roomCode);
    return r && toBooking(r);
  }
  async putBooking(bk: BookingRow) {
    this.run(
      `INSERT INTO bookings (schedule_conference_id, corp_id, room_code, created_at, doc) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(schedule_conference_id) DO UPDATE SET doc = excluded.doc`,
      ...bookingParams(bk),
    );
  }
  async listBookings(corpId: string) {
    const sql = "SELECT doc FROM bookings WHERE corp_id = ? ORDER BY created_at, schedule_conference_id";
    return this.all(sql, corpId).map(toBooking);
  }
  async listConferencesByRoomCode(roomCode: string) {
    const sql = "SELECT * FROM conferences WHERE room_code = ? ORDER BY start_time, conference_id";
    return this.all(sql, roomCode).map(toConference);
  }

  async appendChange(c: NewChange) {
    this.run(
      `INSERT INTO changes (conference_id, seq, at, app, operation, target, before, after)
       VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM changes WHERE conference_id = ?), ?, ?, ?, ?, ?, ?)`,
      c.conferenceId,
      c.conferenceId,
      c.at,
      c.app,
      c.operation,
      c.target,
      JSON.stringify(c.before ?? null),
      JSON.stringify(c.after ?? null),
    );
  }
  async listChanges(conferenceId: string): Promise<ChangeRow[]> {
    return this.all("SELECT * FROM changes WHERE conference_id = ? ORDER BY seq", conferenceId).map(toChange);
  }

  async reset(corpId?: string) {
    if (corpId === undefined) {
      this.db.exec(
        "DELETE FROM members; DELETE FROM changes; DELETE FROM conferences; DELETE FROM tokens; DELETE FROM bookings;",
      );
      this.run("UPDATE apps SET token_nonce = NULL, token_expires_at = 0");
      return;
    }
    const confs = "SELECT conference_id FROM conferences WHERE corp_id = ?";
    this.run(`DELETE FROM members WHERE conference_id IN (${confs})`, corpId);
    this.run(`DELETE FROM changes WHERE conference_id IN (${confs})`, corpId);
    // A booking's change log is keyed by its id (spec-more section 11: the booking audit).
    const bookings = "SELECT schedule_conference_id FROM bookings WHERE corp_id = ?";
    this.run(`DELETE FROM changes WHERE conference_id IN (${bookings})`, corpId);
    this.run("DELETE FROM bookings WHERE corp_id = ?", corpId);
    this.run("DELETE FROM conferences WHERE corp_id = ?", corpId);
    this.run("DELETE FROM tokens WHERE corp_id = ?", corpId);
    this.run("UPDATE apps SET token_nonce = NULL, token_expires_at = 0 WHERE corp_id = ?", corpId);
  }

  async deauthorizeSuite(suiteKey: string, corpId: string) {
    this.run("DELETE FROM suite_auths WHERE suite_key = ? AND corp_id = ?", suiteKey, corpId);
    this.run("DELETE FROM tokens WHERE client_key = ? AND kind = 'suite' AND corp_id = ?", suiteKey, corpId);
  }
  async listSuiteAuths(suiteKey: string) {
    return this.all("SELECT corp_id FROM suite_auths WHERE suite_key = ? ORDER BY corp_id", suiteKey).map(
      (r) => r.corp_id as string,
    );
  }
  async deleteTokensOf(clientKey: string, corpId?: string) {
    if (corpId === undefined) this.run("DELETE FROM tokens WHERE client_key = ?", clientKey);
    else this.run("DELETE FROM tokens WHERE client_key = ? AND corp_id = ?", clientKey, corpId);
  }
  async deleteUser(unionId: string) {
    this.run("DELETE FROM users WHERE union_id = ?", unionId);
  }
  async deleteApp(appKey: string) {
    this.run("DELETE FROM tokens WHERE client_key = ? AND kind = 'app'", appKey);
    this.run("DELETE FROM apps WHERE app_key = ?", appKey);
  }
  async deleteSuite(suiteKey: string) {
    this.run("DELETE FROM tokens WHERE client_key = ? AND kind = 'suite'", suiteKey);
    this.run("DELETE FROM suite_auths WHERE suite_key = ?", suiteKey);
    this.run("DELETE FROM suites WHERE suite_key = ?", suiteKey);
  }
  async deleteOrg(corpId: string) {
    this.run("DELETE FROM tokens WHERE corp_id = ?", corpId);
    this.run("DELETE FROM suite_auths WHERE corp_id = ?", corpId);
    this.run("DELETE FROM apps WHERE corp_id = ?", corpId);
    this.run("DELETE FROM users WHERE corp_id = ?", corpId);
    this.run("DELETE FROM orgs WHERE corp_id = ?", corpId);
  }
  async countConferences(corpId: string) {
    return this.one("SELECT COUNT(*) AS n FROM conferences WHERE corp_id = ?", corpId)!.n as number;
  }

  async exportAll(): Promise<StateDump> {
    return {
      orgs: await this.listOrgs(),
      users: await this.listUsers(),
      apps: await this.listApps(),
      suites: await this.listSuites(),
      suiteAuths: this.all("SELECT suite_key, corp_id FROM suite_auths ORDER BY suite_key, corp_id").map(
        (r): SuiteAuthRow => ({ suiteKey: r.suite_key as string, corpId: r.corp_id as string }),
      ),
      tokens: this.all("SELECT * FROM tokens ORDER BY token_hash").map(toToken),
      conferences: this.all("SELECT * FROM conferences ORDER BY conference_id").map(toConference),
      members: this.all("SELECT * FROM members ORDER BY conference_id, seq").map(toMember),
      changes: this.all("SELECT * FROM changes ORDER BY conference_id, seq").map(toChange),
      bookings: this.all("SELECT doc FROM bookings ORDER BY schedule_conference_id").map(toBooking),
    };
  }
  async importAll(d: StateDump) {
    this.db
      .exec(`DELETE FROM members; DELETE FROM changes; DELETE FROM conferences; DELETE FROM tokens; DELETE FROM bookings;
      DELETE FROM suite_auths; DELETE FROM suites; DELETE FROM apps; DELETE FROM users; DELETE FROM orgs;`);
    for (const o of d.orgs) await this.putOrg(o);
    for (const u of d.users) await this.putUser(u);
    for (const a of d.apps) await this.putApp(a);
    for (const s of d.suites) await this.putSuite(s);
    for (const a of d.suiteAuths) await this.authorizeSuite(a.suiteKey, a.corpId);
    for (const t of d.tokens) await this.putToken(t);
    for (const c of d.conferences) await this.insertConference(c);
    for (const bk of d.bookings) await this.putBooking(bk);
    // putMember/appendChange number rows MAX(seq)+1; in seq order that never passes the kept seq, so
    // setting it afterwards cannot collide.
    const bySeq = <T extends { conferenceId: string; seq: number }>(rows: T[]) =>
      [...rows].sort((a, b) =>
        a.conferenceId < b.conferenceId ? -1 : a.conferenceId > b.conferenceId ? 1 : a.seq - b.seq,
      );
    for (const m of bySeq(d.members)) {
      await this.putMember(m);
      this.run(
        "UPDATE members SET seq = ? WHERE conference_id = ? AND union_id = ?",
        m.seq,
        m.conferenceId,
        m.unionId,
      );
    }
    for (const c of bySeq(d.changes)) {
      const { seq, ...change } = c;
      await this.appendChange(change);
      this.run(
        "UPDATE changes SET seq = ? WHERE conference_id = ? AND seq = (SELECT MAX(seq) FROM changes WHERE conference_id = ?)",
        seq,
        c.conferenceId,
        c.conferenceId,
      );
    }
  }
}
