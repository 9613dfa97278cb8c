import type {
  BookingRow,
  ChangeRow,
  ConferenceExtrasRow,
  RecordWhiteAccountRow,
  ConferenceFilter,
  ConferenceRow,
  MediaRow,
  MemberPage,
  MemberRow,
  NewChange,
  OrgRow,
  StateDump,
  SuiteRow,
  TokenRow,
  Tx,
  UserRow,
  AppRow,
} from "../store.js";
import type { Dialect } from "./dialect.js";
import { eventKit, EventsSqlTx } from "./events.js";
import type { Codecs, Statements } from "./statements.js";
import type { Row } from "./table.js";

/**
 * The tiny interface a driver gives the one `Tx`: run a statement (text built by `statements`) and get
 * its first row, all rows, or nothing. SQLite answers synchronously (prepared statements, cached), the
 * PostgreSQL driver with a promise on the transaction's pooled client.
 */
export interface Runner {
  one(sql: string, params: unknown[]): Row | undefined | Promise<Row | undefined>;
  all(sql: string, params: unknown[]): Row[] | Promise<Row[]>;
  run(sql: string, params: unknown[]): unknown;
}

/** What a driver builds once (at load) for its dialect and hands every `SqlTx`. */
export interface SqlKit {
  d: Dialect;
  q: Statements;
  rows: Codecs;
}

/**
 * The `Tx` of both drivers. In a write transaction `getConference(id, true)` and `getApp` lock their row
 * (the dialect's `FOR UPDATE`; nothing on SQLite, whose writers are serial anyway), so writers of one
 * conference (or one app's token) run one after another across every vconf instance.
 */
export class SqlTx extends EventsSqlTx implements Tx {
  constructor(
    r: Runner,
    private readonly k: SqlKit,
    private readonly readOnly = false,
  ) {
    super(r, eventKit(k.d));
  }

  private async count(sql: string, params: unknown[]): Promise<number> {
    return (await this.r.one(sql, params))!.n as number;
  }
  private async runAll(sqls: string[], params: unknown[]) {
    for (const sql of sqls) await this.r.run(sql, params);
  }

  async getSetting(name: string) {
    const r = await this.r.one(this.k.q.getSetting, [name]);
    return r && this.k.rows.setting.decode(r).value;
  }
  async putSetting(name: string, value: string | undefined) {
    if (value === undefined) await this.r.run(this.k.q.deleteSetting, [name]);
    else await this.r.run(this.k.q.putSetting, this.k.rows.setting.encode({ name, value }));
  }

  async getOrg(corpId: string) {
    const r = await this.r.one(this.k.q.getOrg, [corpId]);
    return r && this.k.rows.org.decode(r);
  }
  async putOrg(o: OrgRow) {
    await this.r.run(this.k.q.putOrg, this.k.rows.org.encode(o));
  }
  async listOrgs() {
    return (await this.r.all(this.k.q.listOrgs, [])).map(this.k.rows.org.decode);
  }

  async getUser(unionId: string) {
    const r = await this.r.one(this.k.q.getUser, [unionId]);
    return r && this.k.rows.user.decode(r);
  }
  async getUsers(unionIds: string[]) {
    const out = new Map<string, UserRow>();
    if (unionIds.length === 0) return out;
    const rows = await this.r.all(this.k.q.getUsers(unionIds.length), this.k.d.listParams(unionIds));
    for (const r of rows) out.set(r.union_id as string, this.k.rows.user.decode(r));
    return out;
  }
  async putUser(u: UserRow) {
    await this.r.run(this.k.q.putUser, this.k.rows.user.encode(u));
  }
  async listUsers(corpId?: string) {
    const rows =
      corpId === undefined
        ? await this.r.all(this.k.q.listUsers, [])
        : await this.r.all(this.k.q.listUsersOf, [corpId]);
    return rows.map(this.k.rows.user.decode);
  }

  /** In a write transaction the app row stays locked until commit: token issuance is one at a time. */
  async getApp(appKey: string) {
    const r = await this.r.one(this.readOnly ? this.k.q.getApp : this.k.q.getAppForUpdate, [appKey]);
    return r && this.k.rows.app.decode(r);
  }
  async putApp(a: AppRow) {
    await this.r.run(this.k.q.putApp, this.k.rows.app.encode(a));
  }
  async listApps(corpId?: string) {
    const rows =
      corpId === undefined
        ? await this.r.all(this.k.q.listApps, [])
        : await this.r.all(this.k.q.listAppsOf, [corpId]);
    return rows.map(this.k.rows.app.decode);
  }

  async getSuite(suiteKey: string) {
    const r = await this.r.one(this.k.q.getSuite, [suiteKey]);
    return r && this.k.rows.suite.decode(r);
  }
  async putSuite(s: SuiteRow) {
    await this.r.run(this.k.q.putSuite, this.k.rows.suite.encode(s));
  }
  async listSuites() {
    return (await this.r.all(this.k.q.listSuites, [])).map(this.k.rows.suite.decode);
  }
  async isSuiteAuthorized(suiteKey: string, corpId: string) {
    return !!(await this.r.one(this.k.q.isSuiteAuthorized, [suiteKey, corpId]));
  }
  async authorizeSuite(suiteKey: string, corpId: string) {
    await this.r.run(this.k.q.authorizeSuite, [suiteKey, corpId]);
  }

  async getToken(tokenHash: string): Promise<TokenRow | undefined> {
    const r = await this.r.one(this.k.q.getToken, [tokenHash]);
    return r && this.k.rows.token.decode(r);
  }
  async putToken(t: TokenRow) {
    await this.r.run(this.k.q.putToken, this.k.rows.token.encode(t));
  }

  async getConference(conferenceId: string, forUpdate = false) {
    const sql = forUpdate && !this.readOnly ? this.k.q.getConferenceForUpdate : this.k.q.getConference;
    const r = await this.r.one(sql, [conferenceId]);
    return r && this.k.rows.conference.decode(r);
  }
  async insertConference(c: ConferenceRow) {
    await this.r.run(this.k.q.insertConference, this.k.rows.conference.encode(c));
  }
  async updateConference(c: ConferenceRow) {
    await this.r.run(this.k.q.updateConference, this.k.rows.conference.keyLast(c));
  }

  async getMember(conferenceId: string, unionId: string) {
    const r = await this.r.one(this.k.q.getMember, [conferenceId, unionId]);
    return r && this.k.rows.member.decode(r);
  }
  async listMembers(conferenceId: string, offset = 0, limit = -1) {
    const params = [conferenceId, limit < 0 ? this.k.d.noLimit : limit, offset];
    return (await this.r.all(this.k.q.listMembers, params)).map(this.k.rows.member.decode);
  }
  async memberPage(conferenceId: string, offset: number, limit: number): Promise<MemberPage> {
    const params = [conferenceId, conferenceId, limit, offset];
    const r = (await this.r.one(this.k.q.memberPage, params))!;
    const models = r.models as string | null;
    return { total: r.total as number, models: models === null ? "[]" : this.k.d.decodeJson(`[${models}]`) };
  }
  countMembers(conferenceId: string) {
    return this.count(this.k.q.countMembers, [conferenceId]);
  }
  countCoHosts(conferenceId: string) {
    return this.count(this.k.q.countCoHosts, [conferenceId]);
  }
  async putMember(m: MemberRow) {
    await this.r.run(this.k.q.putMember, this.k.rows.member.nextSeq(m, "conference_id"));
  }
  async listMembershipsOf(unionId: string, statuses: number[]) {
    if (statuses.length === 0) return [];
    const sql = this.k.q.membershipsOf(statuses.length);
    const rows = await this.r.all(sql, [unionId, ...this.k.d.listParams(statuses)]);
    return rows.map(this.k.rows.member.decode);
  }
  async listMembersWithStatus(conferenceId: string, statuses: number[]) {
    if (statuses.length === 0) return [];
    const sql = this.k.q.membersWithStatus(statuses.length);
    const rows = await this.r.all(sql, [conferenceId, ...this.k.d.listParams(statuses)]);
    return rows.map(this.k.rows.member.decode);
  }
  async countMembersWithStatus(conferenceId: string, statuses: number[]) {
    if (statuses.length === 0) return 0;
    const sql = this.k.q.countMembersWithStatus(statuses.length);
    return this.count(sql, [conferenceId, ...this.k.d.listParams(statuses)]);
  }

  async getExtras(conferenceId: string) {
    const r = await this.r.one(this.k.q.getExtras, [conferenceId]);
    return r && this.k.rows.extras.decode(r);
  }
  async putExtras(row: ConferenceExtrasRow) {
    await this.r.run(this.k.q.putExtras, this.k.rows.extras.encode(row));
  }
  async listRecordWhiteAccounts(corpId: string, bizType: string) {
    return (await this.r.all(this.k.q.listWhiteAccounts, [corpId, bizType])).map(
      this.k.rows.whiteAccount.decode,
    );
  }
  async addRecordWhiteAccount(row: RecordWhiteAccountRow) {
    await this.r.run(this.k.q.addWhiteAccount, this.k.rows.whiteAccount.encode(row));
  }
  async removeRecordWhiteAccount(k: Omit<RecordWhiteAccountRow, "addedBy" | "addedAt">) {
    const params = [k.corpId, k.bizType, k.settingRangeType, k.settingRangeId];
    await this.r.run(this.k.q.removeWhiteAccount, params);
  }

  async appendChange(c: NewChange) {
    await this.r.run(this.k.q.appendChange, this.k.rows.change.nextSeq(c, "conference_id"));
  }
  async listChanges(conferenceId: string): Promise<ChangeRow[]> {
    return (await this.r.all(this.k.q.listChanges, [conferenceId])).map(this.k.rows.change.decode);
  }

  async getBooking(id: string, forUpdate = false) {
    const sql = forUpdate && !this.readOnly ? this.k.q.getBookingForUpdate : this.k.q.getBooking;
    const r = await this.r.one(sql, [id]);
    return r && this.k.rows.booking.decode(r);
  }
  async getBookingByRoomCode(roomCode: string) {
    const r = await this.r.one(this.k.q.getBookingByRoomCode, [roomCode]);
    return r && this.k.rows.booking.decode(r);
  }
  async putBooking(bk: BookingRow) {
    await this.r.run(this.k.q.putBooking, this.k.rows.booking.encode(bk));
  }
  async listBookings(corpId: string) {
    return (await this.r.all(this.k.q.listBookings, [corpId])).map(this.k.rows.booking.decode);
  }
  async listConferencesByRoomCode(roomCode: string) {
    return (await this.r.all(this.k.q.conferencesByRoomCode, [roomCode])).map(this.k.rows.conference.decode);
  }
  async listLiveConferences(corpId: string, offset: number, limit: number) {
    const rows = await this.r.all(this.k.q.liveConferences, [corpId, limit, offset]);
    return rows.map(this.k.rows.conference.decode);
  }
  countLiveConferences(corpId: string) {
    return this.count(this.k.q.countLiveConferences, [corpId]);
  }
  async getMedia(conferenceId: string, forUpdate = false) {
    const sql = forUpdate && !this.readOnly ? this.k.q.getMediaForUpdate : this.k.q.getMedia;
    const r = await this.r.one(sql, [conferenceId]);
    return r && this.k.rows.media.decode(r);
  }
  async putMedia(m: MediaRow) {
    await this.r.run(this.k.q.putMedia, this.k.rows.media.encode(m));
  }
  async listStartedConferences(corpId: string, from: number, to: number) {
    const rows = await this.r.all(this.k.q.listStartedConferences, [corpId, from, to]);
    return rows.map(this.k.rows.conference.decode);
  }

  async reset(corpId?: string) {
    if (corpId === undefined) await this.runAll(this.k.q.resetAll, []);
    else await this.runAll(this.k.q.resetOrg, [corpId]);
  }

  // --- management (control plane) ---
  async deauthorizeSuite(suiteKey: string, corpId: string) {
    await this.runAll(this.k.q.deauthorizeSuite, [suiteKey, corpId]);
  }
  async listSuiteAuths(suiteKey: string) {
    return (await this.r.all(this.k.q.listSuiteAuths, [suiteKey])).map((r) => r.corp_id as string);
  }
  async deleteTokensOf(clientKey: string, corpId?: string) {
    if (corpId === undefined) await this.r.run(this.k.q.deleteTokensOf, [clientKey]);
    else await this.r.run(this.k.q.deleteTokensOfIn, [clientKey, corpId]);
  }
  async deleteUser(unionId: string) {
    await this.r.run(this.k.q.deleteUser, [unionId]);
  }
  async deleteApp(appKey: string) {
    await this.runAll(this.k.q.deleteApp, [appKey]);
  }
  async deleteSuite(suiteKey: string) {
    await this.runAll(this.k.q.deleteSuite, [suiteKey]);
  }
  async deleteOrg(corpId: string) {
    await this.runAll(this.k.q.deleteOrg, [corpId]);
  }
  countConferences(corpId: string) {
    return this.count(this.k.q.countConferences, [corpId]);
  }
  async listConferences({ corpId, ended, offset, limit }: ConferenceFilter) {
    const lists = this.k.q.listConferences[corpId === undefined ? "all" : "org"];
    const sql = lists[ended === undefined ? "any" : ended ? "ended" : "live"];
    const params = corpId === undefined ? [limit, offset] : [corpId, limit, offset];
    return (await this.r.all(sql, params)).map(this.k.rows.conference.decode);
  }

  // --- snapshots ---
  async exportAll(): Promise<StateDump> {
    const { q, rows } = this.k;
    return {
      orgs: await this.listOrgs(),
      users: await this.listUsers(),
      apps: await this.listApps(),
      suites: await this.listSuites(),
      suiteAuths: (await this.r.all(q.allSuiteAuths, [])).map(rows.suiteAuth.decode),
      tokens: (await this.r.all(q.allTokens, [])).map(rows.token.decode),
      conferences: (await this.r.all(q.allConferences, [])).map(rows.conference.decode),
      members: (await this.r.all(q.allMembers, [])).map(rows.member.decode),
      changes: (await this.r.all(q.allChanges, [])).map(rows.change.decode),
      bookings: (await this.r.all(q.allBookings, [])).map(rows.booking.decode),
      media: (await this.r.all(q.allMedia, [])).map(rows.media.decode),
      extras: (await this.r.all(q.allExtras, [])).map(rows.extras.decode),
      recordWhiteAccounts: (await this.r.all(q.allWhiteAccounts, [])).map(rows.whiteAccount.decode),
      ...(await this.exportEvents()),
    };
  }
  /** Rows go in as given, member and change `seq` included. */
  async importAll(d: StateDump) {
    const { q, rows } = this.k;
    await this.runAll(q.clearAll, []);
    for (const o of d.orgs) await this.putOrg(o);
    for (const u of d.users) await this.putUser(u);
    for (const a of d.apps) await this.putApp(a);
    for (const s of d.suites) await this.putSuite(s);
    for (const a of d.suiteAuths) await this.authorizeSuite(a.suiteKey, a.corpId);
    for (const t of d.tokens) await this.putToken(t);
    for (const c of d.conferences) await this.insertConference(c);
    for (const bk of d.bookings) await this.putBooking(bk);
    for (const m of d.members) await this.r.run(q.insertMember, rows.member.encode(m));
    for (const c of d.changes) await this.r.run(q.insertChange, rows.change.encode(c));
    for (const m of d.media ?? []) await this.putMedia(m);
    for (const e of d.extras ?? []) await this.r.run(q.insertExtras, rows.extras.encode(e));
    for (const w of d.recordWhiteAccounts ?? []) await this.addRecordWhiteAccount(w);
    await this.importEvents(d);
  }
}
