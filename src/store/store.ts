import type { EventsTx } from "../events/events-tx.js";
import type {
  DeliveryRow,
  EventRow,
  EventSeqRow,
  EventSettingsRow,
  SubscriptionRow,
} from "../events/types.js";

/**
 * The store interface every backend implements. Domain code sees only `Store.transaction` and the `Tx`
 * it hands out: one transaction per request, answered only after it is committed durably.
 */

import type {
  AppRow,
  BookingRow,
  ChangeRow,
  ConferenceRow,
  ExtensionAppSetting,
  MediaRow,
  MediaState,
  MemberRow,
  OrgRow,
  SettingRow,
  SuiteAuthRow,
  SuiteRow,
  TokenRow,
  UserRow,
} from "./rows.js";
import type {
  ConferenceExtrasRow,
  McuInviteRow,
  RecordWhiteAccountRow,
  StreamOutRow,
} from "./rows-extras.js";

/** A page of QueryConferenceMembers as the store renders it (`Tx.memberPage`). */
export interface MemberPage {
  /** Members of the conference, all pages. */
  total: number;
  /** JSON text: the page's members as `memberModel` (src/domain/conferences/presenters.ts) renders them. */
  models: string;
}

// The row types are derived from their schemas in rows.ts; re-exported so the domain imports one module.
export type {
  AppRow,
  BookingRow,
  ChangeRow,
  ConferenceRow,
  ExtensionAppSetting,
  MediaRow,
  MediaState,
  MemberRow,
  OrgRow,
  SettingRow,
  SuiteAuthRow,
  SuiteRow,
  TokenRow,
  UserRow,
  ConferenceExtrasRow,
  McuInviteRow,
  RecordWhiteAccountRow,
  StreamOutRow,
};

export type NewChange = Omit<ChangeRow, "seq">;

/** Which conferences `Tx.listConferences` returns: one org's or all, live (status ≠ 1) or ended or both. */
export interface ConferenceFilter {
  corpId?: string;
  ended?: boolean;
  offset: number;
  limit: number;
}

/** Every row of every table: what a snapshot holds (`exportAll` / `importAll`). */
export interface StateDump {
  orgs: OrgRow[];
  users: UserRow[];
  apps: AppRow[];
  suites: SuiteRow[];
  suiteAuths: SuiteAuthRow[];
  tokens: TokenRow[];
  conferences: ConferenceRow[];
  members: MemberRow[];
  changes: ChangeRow[];
  bookings: BookingRow[];
  /** Absent in snapshots written before media existed. */
  media?: MediaRow[];
  /** Absent in snapshots written before streams and extInfo existed. */
  extras?: ConferenceExtrasRow[];
  /** Absent in snapshots written before the recording white list existed. */
  recordWhiteAccounts?: RecordWhiteAccountRow[];
  // Events (src/events/): optional in a document written before they existed.
  eventSeqs?: EventSeqRow[];
  events?: EventRow[];
  eventDeliveries?: DeliveryRow[];
  eventSubscriptions?: SubscriptionRow[];
  eventSettings?: EventSettingsRow[];
}

/** What a token authenticates as, with its expiry (see `Store.cachedAuth`). */
export interface CachedAuth {
  corpId: string;
  clientKey: string;
  kind: "app" | "suite";
  scopes: string[];
  expiresAt: number;
}

/** One transaction's statements: the conference part below, the events part in `EventsTx`. */
export interface Tx extends EventsTx {
  /** One of vconf's own settings kept across restarts (the emulated clock), as text; not in snapshots. */
  getSetting(name: string): Promise<string | undefined>;
  /** Stores a setting; `undefined` removes it. */
  putSetting(name: string, value: string | undefined): Promise<void>;

  getOrg(corpId: string): Promise<OrgRow | undefined>;
  putOrg(org: OrgRow): Promise<void>;
  listOrgs(): Promise<OrgRow[]>;

  getUser(unionId: string): Promise<UserRow | undefined>;
  /** The users among `unionIds` that exist, keyed by unionId. */
  getUsers(unionIds: string[]): Promise<Map<string, UserRow>>;
  putUser(user: UserRow): Promise<void>;
  listUsers(corpId?: string): Promise<UserRow[]>;

  getApp(appKey: string): Promise<AppRow | undefined>;
  putApp(app: AppRow): Promise<void>;
  listApps(corpId?: string): Promise<AppRow[]>;

  getSuite(suiteKey: string): Promise<SuiteRow | undefined>;
  putSuite(suite: SuiteRow): Promise<void>;
  listSuites(): Promise<SuiteRow[]>;
  isSuiteAuthorized(suiteKey: string, corpId: string): Promise<boolean>;
  authorizeSuite(suiteKey: string, corpId: string): Promise<void>;

  getToken(tokenHash: string): Promise<TokenRow | undefined>;
  putToken(token: TokenRow): Promise<void>;

  /** Reads a conference; `forUpdate` locks it until the transaction ends (serializes writers). */
  getConference(conferenceId: string, forUpdate?: boolean): Promise<ConferenceRow | undefined>;
  insertConference(conf: ConferenceRow): Promise<void>;
  updateConference(conf: ConferenceRow): Promise<void>;

  getMember(conferenceId: string, unionId: string): Promise<MemberRow | undefined>;
  /** Members of a conference in list order; `offset`/`limit` page through them. */
  listMembers(conferenceId: string, offset?: number, limit?: number): Promise<MemberRow[]>;
  countMembers(conferenceId: string): Promise<number>;
  /**
   * One page of QueryConferenceMembers in one statement: the member count and the page (members
   * `offset`… in list order, at most `limit`) as the JSON array of their `memberModel`s.
   */
  memberPage(conferenceId: string, offset: number, limit: number): Promise<MemberPage>;
  /**
   * Offers what authentication resolved in this transaction to the store's cache (optional; drivers with
   * `Store.cachedAuth` keep it once the transaction commits).
   */
  rememberAuth?(tokenHash: string, auth: CachedAuth): void;
  /** How many members of a conference are co-hosts (the cap check, without listing members). */
  countCoHosts(conferenceId: string): Promise<number>;
  /** Inserts or replaces a member; a new member gets the next `seq` (the passed `seq` is ignored then). */
  putMember(member: MemberRow): Promise<void>;
  /** Members of `unionId` across conferences, with `attendStatus` among `statuses`. */
  listMembershipsOf(unionId: string, statuses: number[]): Promise<MemberRow[]>;
  /** Members of a conference with `attendStatus` among `statuses`, in list order. */
  listMembersWithStatus(conferenceId: string, statuses: number[]): Promise<MemberRow[]>;
  /** How many members of a conference have `attendStatus` among `statuses`. */
  countMembersWithStatus(conferenceId: string, statuses: number[]): Promise<number>;

  /** Reads a booking; `forUpdate` locks it until the transaction ends. */
  getBooking(scheduleConferenceId: string, forUpdate?: boolean): Promise<BookingRow | undefined>;
  getBookingByRoomCode(roomCode: string): Promise<BookingRow | undefined>;
  /** Inserts or replaces a booking. */
  putBooking(booking: BookingRow): Promise<void>;
  /** An org's bookings, oldest first. */
  listBookings(corpId: string): Promise<BookingRow[]>;
  /** The conferences with this room code (any status), oldest first (startTime, then conferenceId). */
  listConferencesByRoomCode(roomCode: string): Promise<ConferenceRow[]>;
  /** An org's meetings in progress (status 2), oldest first (startTime, then conferenceId), paged. */
  listLiveConferences(corpId: string, offset: number, limit: number): Promise<ConferenceRow[]>;
  /** How many meetings of an org are in progress. */
  countLiveConferences(corpId: string): Promise<number>;
  /** A conference's media row; `forUpdate` locks it (callers lock the conference first anyway). */
  getMedia(conferenceId: string, forUpdate?: boolean): Promise<MediaRow | undefined>;
  /** Inserts or replaces a conference's media row. */
  putMedia(row: MediaRow): Promise<void>;
  /** An org's started conferences (status 1 or 2) with startTime in [from, to], oldest first. */
  listStartedConferences(corpId: string, from: number, to: number): Promise<ConferenceRow[]>;
  /** A conference's streams, subtitle apps, extInfo and MCUs (callers lock the conference first). */
  getExtras(conferenceId: string): Promise<ConferenceExtrasRow | undefined>;
  /** Inserts or replaces a conference's extras row. */
  putExtras(row: ConferenceExtrasRow): Promise<void>;
  /** An org's recording white list of `bizType`, in key order. */
  listRecordWhiteAccounts(corpId: string, bizType: string): Promise<RecordWhiteAccountRow[]>;
  /** Adds an entry; an entry already there stays as it was. */
  addRecordWhiteAccount(row: RecordWhiteAccountRow): Promise<void>;
  /** Removes an entry (none: nothing happens). */
  removeRecordWhiteAccount(key: Omit<RecordWhiteAccountRow, "addedBy" | "addedAt">): Promise<void>;

  appendChange(change: NewChange): Promise<void>;
  listChanges(conferenceId: string): Promise<ChangeRow[]>;

  /**
   * Drops bookings, conferences (with their media and extras), members, changes, tokens and recording
   * white lists (all, or one org's).
   */
  reset(corpId?: string): Promise<void>;

  // --- management (control plane) ---
  /** Withdraws a suite's authorization by an org (its tokens for that org are dropped too). */
  deauthorizeSuite(suiteKey: string, corpId: string): Promise<void>;
  /** The orgs that authorized a suite, by corpId. */
  listSuiteAuths(suiteKey: string): Promise<string[]>;
  /** Drops every token issued to `clientKey` (an app or suite key), or only those for `corpId`. */
  deleteTokensOf(clientKey: string, corpId?: string): Promise<void>;
  /** Deletes a user row (memberships in conferences stay: they are history). */
  deleteUser(unionId: string): Promise<void>;
  /** Deletes an app and its tokens. */
  deleteApp(appKey: string): Promise<void>;
  /** Deletes a suite, its authorizations and its tokens. */
  deleteSuite(suiteKey: string): Promise<void>;
  /** Deletes an org with its users, apps, suite authorizations and every token for it. */
  deleteOrg(corpId: string): Promise<void>;
  /** How many conferences (any status) belong to an org. */
  countConferences(corpId: string): Promise<number>;
  /** Conferences newest first (startTime, then id, descending), filtered; `offset`/`limit` page them. */
  listConferences(filter: ConferenceFilter): Promise<ConferenceRow[]>;

  // --- snapshots ---
  /** Every row of every table, rows ordered by key (members and changes by conference, then seq). */
  exportAll(): Promise<StateDump>;
  /** Replaces every table's rows with `dump`, keeping member and change `seq` as given. */
  importAll(dump: StateDump): Promise<void>;
}

export interface TransactionOptions {
  readOnly?: boolean;
}

export interface Store {
  readonly kind: "sqlite" | "postgres";
  /** Runs `fn` in one transaction; resolves only after the commit is durable. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /**
   * What authentication last resolved for a token, from memory, if the driver keeps it (optional): lets
   * authentication skip a transaction. A driver that implements it must forget an entry whenever a write
   * could change its answer (the token row; the app's or suite's scopes or existence; the suite's
   * authorization), and must not offer it where another process may write those rows (several PostgreSQL
   * instances) unless bounded by a short TTL. The caller checks expiry on every call and falls back to a
   * transaction when the entry is missing or looks expired.
   */
  cachedAuth?(tokenHash: string): CachedAuth | undefined;
  /**
   * Whether the store can take writes now (optional; `GET /healthz` answers 503 with the reason when not).
   * Never waits on a lock or a slow disk: it reports what the last writes found, plus cheap checks.
   */
  health?(): Promise<StoreHealth>;
  /**
   * Calls `onMessage` for each notification on `channel` sent by any instance's committed transaction
   * (PostgreSQL LISTEN/NOTIFY). Optional: a store one process owns has nobody else to hear from.
   * Resolves to the function that stops listening.
   */
  listen?(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Runs one statement on its own (autocommit), outside any request's transaction: the cluster-wide
   * emulator state of src/cluster/ (rate counters, faults, journal). Optional: only a store several
   * processes share has it. Rejects with a StoreError.
   */
  sharedQuery?(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Where the driver reports its commits, syncs and cache lookups (metrics); one observer at a time. */
  observe?(observer: StoreObserver): void;
  close(): Promise<void>;
}

/** What `Store.health` reports. */
export type StoreHealth = { ok: true } | { ok: false; reason: string };

/** What a driver reports as it works (src/http/metrics.ts records it); each call is cheap and synchronous. */
export interface StoreObserver {
  /** A COMMIT of a batch that wrote returned after `seconds`, carrying `transactions` write transactions. */
  committed(seconds: number, transactions: number): void;
  /** An fsync of the log returned after `seconds` (SQLite's WAL fdatasync). */
  synced(seconds: number): void;
  /** The in-memory auth cache was asked for a token: found it, or not. */
  authCache(hit: boolean): void;
}

/** The observer of a store nobody watches. */
export const UNOBSERVED: StoreObserver = { committed() {}, synced() {}, authCache() {} };

/** Thrown by a store when it cannot do its work (disk, connection); rendered as 500 systemError. */
export class StoreError extends Error {
  override name = "StoreError";
}

/**
 * The migrations a store at schema `current` still needs, oldest first; refuses a schema newer than the
 * code (an older vconf must not write a database a newer one migrated). Versions are assigned to branches
 * ahead of their merge, so the list may have gaps and its entries may be merged out of order: both are
 * fine, versions are compared, never positions.
 */
export function pendingMigrations<M extends { version: number }>(current: number, migrations: M[]): M[] {
  const latest = Math.max(...migrations.map((m) => m.version));
  if (current > latest) {
    throw new StoreError(
      `database schema version ${current} is newer than this vconf (${latest}); upgrade vconf`,
    );
  }
  return migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
}
