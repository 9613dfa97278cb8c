import type { PoolClient } from "pg";
import {
  StoreError,
  type AppRow,
  type ChangeRow,
  type ConferenceRow,
  type MemberRow,
  type NewChange,
  type OrgRow,
  type SuiteRow,
  type TokenRow,
  type Tx,
  type UserRow,
} from "../store.js";

type Row = Record<string, unknown>;

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

const toConference = (r: Row): ConferenceRow => ({
  conferenceId: r.conference_id as string,
  corpId: r.corp_id as string,
  title: r.title as string,
  creatorId: r.creator_id as string,
  creatorApp: r.creator_app as string,
  conferencePassword: r.conference_password as string,
  hostPassword: r.host_password as string,
  roomCode: r.room_code as string,
  externalLinkUrl: r.external_link_url as string,
  phoneNumbers: JSON.parse(r.phone_numbers as string),
  status: r.status as number,
  startTime: r.start_time as number,
  endTime: (r.end_time as number | null) ?? null,
  inviteCaller: r.invite_caller as boolean,
  locked: r.locked as boolean,
  muteAll: r.mute_all as boolean,
  forceMute: r.force_mute as boolean,
  onlyInternal: r.only_internal as boolean,
  autoTransferHost: r.auto_transfer_host as boolean,
  forbiddenShareScreen: r.forbidden_share_screen as boolean,
  focusUnionId: (r.focus_union_id as string | null) ?? null,
});

const CONF_COLS = `conference_id, corp_id, title, creator_id, creator_app, conference_password, host_password,
  room_code, external_link_url, phone_numbers, status, start_time, end_time, invite_caller, locked, mute_all,
  force_mute, only_internal, auto_transfer_host, forbidden_share_screen, focus_union_id`;
/** `col = $n` for every column but the key ($1), in `conferenceParams` order. */
const CONF_SET = CONF_COLS.split(",")
  .map((c, i) => `${c.trim()} = $${i + 1}`)
  .slice(1)
  .join(", ");
const conferenceParams = (c: ConferenceRow) => [
  c.conferenceId,
  c.corpId,
  c.title,
  c.creatorId,
  c.creatorApp,
  c.conferencePassword,
  c.hostPassword,
  c.roomCode,
  c.externalLinkUrl,
  JSON.stringify(c.phoneNumbers),
  c.status,
  c.startTime,
  c.endTime,
  c.inviteCaller,
  c.locked,
  c.muteAll,
  c.forceMute,
  c.onlyInternal,
  c.autoTransferHost,
  c.forbiddenShareScreen,
  c.focusUnionId,
];
const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(", ");

const toMember = (r: Row): MemberRow => ({
  conferenceId: r.conference_id as string,
  unionId: r.union_id as string,
  seq: r.seq as number,
  userNick: r.user_nick as string,
  host: r.host as boolean,
  coHost: r.co_host as boolean,
  attendStatus: r.attend_status as number,
  joinTime: (r.join_time as number | null) ?? null,
  leaveTime: (r.leave_time as number | null) ?? null,
  duration: r.duration as number,
  outerOrgMember: r.outer_org_member as boolean,
  pstnJoin: r.pstn_join as boolean,
  micStatus: r.mic_status as number,
  cameraStatus: r.camera_status as number,
  forbiddenRejoin: r.forbidden_rejoin as boolean,
  coHostSince: (r.co_host_since as number | null) ?? null,
  deviceType: (r.device_type as string | null) ?? null,
});
const toApp = (r: Row): AppRow => ({
  appKey: r.app_key as string,
  corpId: r.corp_id as string,
  secretHash: r.secret_hash as string,
  scopes: JSON.parse(r.scopes as string),
  tokenNonce: (r.token_nonce as string | null) ?? null,
  tokenExpiresAt: r.token_expires_at as number,
});
const toSuite = (r: Row): SuiteRow => ({
  suiteKey: r.suite_key as string,
  secretHash: r.secret_hash as string,
  ticketHash: r.ticket_hash as string,
  scopes: JSON.parse(r.scopes as string),
});
const toUser = (r: Row): UserRow => ({
  unionId: r.union_id as string,
  corpId: r.corp_id as string,
  userId: r.user_id as string,
  name: r.name as string,
});
const toOrg = (r: Row): OrgRow => ({ corpId: r.corp_id as string, name: r.name as string });

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
    try {
      return (await this.client.query(sql, params)).rows;
    } catch (e) {
      throw toStoreError(e);
    }
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
    return (
      r && {
        tokenHash: r.token_hash as string,
        corpId: r.corp_id as string,
        clientKey: r.client_key as string,
        kind: r.kind as "app" | "suite",
        scopes: JSON.parse(r.scopes as string),
        expiresAt: r.expires_at as number,
      }
    );
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
    await this.q(`INSERT INTO conferences (${CONF_COLS}) VALUES (${placeholders(21)})`, conferenceParams(c));
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
  async putMember(m: MemberRow) {
    await this.q(
      `INSERT INTO members (conference_id, union_id, seq, user_nick, host, co_host, attend_status, join_time,
         leave_time, duration, outer_org_member, pstn_join, mic_status, camera_status, forbidden_rejoin,
         co_host_since, device_type)
       VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM members WHERE conference_id = $1),
         ${placeholders(14, 3)})
       ON CONFLICT (conference_id, union_id) DO UPDATE SET user_nick = EXCLUDED.user_nick, host = EXCLUDED.host,
         co_host = EXCLUDED.co_host, attend_status = EXCLUDED.attend_status, join_time = EXCLUDED.join_time,
         leave_time = EXCLUDED.leave_time, duration = EXCLUDED.duration,
         outer_org_member = EXCLUDED.outer_org_member, pstn_join = EXCLUDED.pstn_join,
         mic_status = EXCLUDED.mic_status, camera_status = EXCLUDED.camera_status,
         forbidden_rejoin = EXCLUDED.forbidden_rejoin, co_host_since = EXCLUDED.co_host_since,
         device_type = EXCLUDED.device_type`,
      [
        m.conferenceId,
        m.unionId,
        m.userNick,
        m.host,
        m.coHost,
        m.attendStatus,
        m.joinTime,
        m.leaveTime,
        m.duration,
        m.outerOrgMember,
        m.pstnJoin,
        m.micStatus,
        m.cameraStatus,
        m.forbiddenRejoin,
        m.coHostSince,
        m.deviceType,
      ],
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
    return rows.map((r) => ({
      conferenceId: r.conference_id as string,
      seq: r.seq as number,
      at: r.at as number,
      app: r.app as string,
      operation: r.operation as string,
      target: r.target as string,
      before: JSON.parse((r.before as string) ?? "null"),
      after: JSON.parse((r.after as string) ?? "null"),
    }));
  }

  async reset(corpId?: string) {
    if (corpId === undefined) {
      await this.q("DELETE FROM members");
      await this.q("DELETE FROM changes");
      await this.q("DELETE FROM conferences");
      await this.q("DELETE FROM tokens");
      await this.q("UPDATE apps SET token_nonce = NULL, token_expires_at = 0");
      return;
    }
    const confs = "SELECT conference_id FROM conferences WHERE corp_id = $1";
    await this.q(`DELETE FROM members WHERE conference_id IN (${confs})`, [corpId]);
    await this.q(`DELETE FROM changes WHERE conference_id IN (${confs})`, [corpId]);
    await this.q("DELETE FROM conferences WHERE corp_id = $1", [corpId]);
    await this.q("DELETE FROM tokens WHERE corp_id = $1", [corpId]);
    await this.q("UPDATE apps SET token_nonce = NULL, token_expires_at = 0 WHERE corp_id = $1", [corpId]);
  }
}

/** Any failure of the driver or the server, as a StoreError (500 systemError), SQLSTATE kept. */
export function toStoreError(e: unknown): PgStoreError {
  if (e instanceof PgStoreError) return e;
  const err = e as { message?: string; code?: string; constraint?: string };
  return new PgStoreError(`postgres: ${err?.message ?? String(e)}`, err?.code, err?.constraint);
}
