import { perLength, type Dialect } from "./dialect.js";
import {
  codec,
  insertInto,
  insertNextSeq,
  onConflictUpdate,
  selectFrom,
  updateByKey,
  upsert,
} from "./table.js";
import { extrasCodecs, extrasStatements } from "./extras.js";
import {
  apps,
  bookings,
  changes,
  conferenceMedia,
  conferences,
  members,
  orgs,
  settings,
  suiteAuths,
  suites,
  tokens,
  users,
} from "./tables.js";
import { eventResets } from "./events.js";

/**
 * Every statement of the store, written once with `?` placeholders and built for one dialect when a
 * driver loads (`text` numbers the placeholders for PostgreSQL); statements over a list are built once
 * per list length. No statement text is assembled per call.
 */
export function statements(d: Dialect) {
  const t = d.text;
  const member = selectFrom(members);
  const confsOf = "SELECT conference_id FROM conferences WHERE corp_id = ?";
  return {
    ...extrasStatements(d),
    getSetting: t(`${selectFrom(settings)} WHERE name = ?`),
    putSetting: t(upsert(settings)),
    deleteSetting: t("DELETE FROM settings WHERE name = ?"),

    getOrg: t(`${selectFrom(orgs)} WHERE corp_id = ?`),
    putOrg: t(upsert(orgs)),
    listOrgs: t(`${selectFrom(orgs)} ORDER BY corp_id`),

    getUser: t(`${selectFrom(users)} WHERE union_id = ?`),
    getUsers: perLength((n) => t(`${selectFrom(users)} WHERE ${d.inList("union_id", n, "text")}`)),
    putUser: t(upsert(users)),
    listUsers: t(`${selectFrom(users)} ORDER BY union_id`),
    listUsersOf: t(`${selectFrom(users)} WHERE corp_id = ? ORDER BY union_id`),
    deleteUser: t("DELETE FROM users WHERE union_id = ?"),

    getApp: t(`${selectFrom(apps)} WHERE app_key = ?`),
    getAppForUpdate: t(`${selectFrom(apps)} WHERE app_key = ?${d.forUpdate}`),
    putApp: t(upsert(apps)),
    listApps: t(`${selectFrom(apps)} ORDER BY app_key`),
    listAppsOf: t(`${selectFrom(apps)} WHERE corp_id = ? ORDER BY app_key`),

    getSuite: t(`${selectFrom(suites)} WHERE suite_key = ?`),
    putSuite: t(upsert(suites)),
    listSuites: t(`${selectFrom(suites)} ORDER BY suite_key`),
    isSuiteAuthorized: t("SELECT 1 FROM suite_auths WHERE suite_key = ? AND corp_id = ?"),
    authorizeSuite: t(`${insertInto(suiteAuths)} ON CONFLICT DO NOTHING`),
    listSuiteAuths: t("SELECT corp_id FROM suite_auths WHERE suite_key = ? ORDER BY corp_id"),
    allSuiteAuths: t(`${selectFrom(suiteAuths)} ORDER BY suite_key, corp_id`),

    getToken: t(`${selectFrom(tokens)} WHERE token_hash = ?`),
    // Re-issuing a token refreshes its scopes and expiry; who it belongs to never changes.
    putToken: t(upsert(tokens, ["scopes", "expires_at"])),
    allTokens: t(`${selectFrom(tokens)} ORDER BY token_hash`),

    getConference: t(`${selectFrom(conferences)} WHERE conference_id = ?`),
    getConferenceForUpdate: t(`${selectFrom(conferences)} WHERE conference_id = ?${d.forUpdate}`),
    insertConference: t(insertInto(conferences)),
    updateConference: t(updateByKey(conferences)),
    countConferences: t(`SELECT ${d.count} AS n FROM conferences WHERE corp_id = ?`),
    allConferences: t(`${selectFrom(conferences)} ORDER BY conference_id`),
    // The control plane's listing, newest first (the id breaks ties, so pages neither skip nor repeat):
    // one statement per filter, so the org filter can use an index led by corp_id (conferences_live).
    listConferences: conferenceLists(t),

    getMember: t(`${member} WHERE conference_id = ? AND union_id = ?`),
    listMembers: t(`${member} WHERE conference_id = ? ORDER BY seq LIMIT ? OFFSET ?`),
    countMembers: t(`SELECT ${d.count} AS n FROM members WHERE conference_id = ?`),
    memberPage: t(memberPage(d)),
    // Matches the partial index members_cohosts (migration 2): the cap check reads only co-hosts' entries.
    countCoHosts: t(`SELECT ${d.count} AS n FROM members WHERE conference_id = ? AND ${d.isTrue("co_host")}`),
    // A member keeps its seq on update: the list order is the order members were first added.
    putMember: t(
      insertNextSeq(members, "conference_id") +
        onConflictUpdate(
          members,
          members.columns.filter((c) => !members.key.includes(c) && c !== "seq"),
        ),
    ),
    insertMember: t(insertInto(members)),
    membershipsOf: perLength((n) =>
      t(`${member} WHERE union_id = ? AND ${d.inList("attend_status", n, "int")} ORDER BY conference_id`),
    ),
    membersWithStatus: perLength((n) =>
      t(`${member} WHERE conference_id = ? AND ${d.inList("attend_status", n, "int")} ORDER BY seq`),
    ),
    countMembersWithStatus: perLength((n) =>
      t(
        `SELECT ${d.count} AS n FROM members WHERE conference_id = ? AND ${d.inList("attend_status", n, "int")}`,
      ),
    ),
    allMembers: t(`${member} ORDER BY conference_id, seq`),

    appendChange: t(insertNextSeq(changes, "conference_id")),
    insertChange: t(insertInto(changes)),
    listChanges: t(`${selectFrom(changes)} WHERE conference_id = ? ORDER BY seq`),
    allChanges: t(`${selectFrom(changes)} ORDER BY conference_id, seq`),

    getBooking: t(`${selectFrom(bookings)} WHERE schedule_conference_id = ?`),
    getBookingForUpdate: t(`${selectFrom(bookings)} WHERE schedule_conference_id = ?${d.forUpdate}`),
    getBookingByRoomCode: t(`${selectFrom(bookings)} WHERE room_code = ?`),
    putBooking: t(upsert(bookings)),
    listBookings: t(`${selectFrom(bookings)} WHERE corp_id = ? ORDER BY created_at, schedule_conference_id`),
    allBookings: t(`${selectFrom(bookings)} ORDER BY schedule_conference_id`),
    conferencesByRoomCode: t(
      `${selectFrom(conferences)} WHERE room_code = ? ORDER BY start_time, conference_id`,
    ),
    liveConferences: t(
      `${selectFrom(conferences)} WHERE corp_id = ? AND status = 2 ` +
        "ORDER BY start_time, conference_id LIMIT ? OFFSET ?",
    ),
    countLiveConferences: t(`SELECT ${d.count} AS n FROM conferences WHERE corp_id = ? AND status = 2`),
    getMedia: t(`${selectFrom(conferenceMedia)} WHERE conference_id = ?`),
    getMediaForUpdate: t(`${selectFrom(conferenceMedia)} WHERE conference_id = ?${d.forUpdate}`),
    putMedia: t(upsert(conferenceMedia)),
    allMedia: t(`${selectFrom(conferenceMedia)} ORDER BY conference_id`),
    listStartedConferences: t(
      `${selectFrom(conferences)} WHERE corp_id = ? AND status IN (1, 2) AND start_time BETWEEN ? AND ?
       ORDER BY start_time, conference_id`,
    ),

    /** Everything `reset(corpId)` drops, in foreign-key order. */
    resetOrg: [
      `DELETE FROM conference_extras WHERE conference_id IN (${confsOf})`,
      "DELETE FROM record_white_accounts WHERE corp_id = ?",
      ...eventResets.org,
      `DELETE FROM conference_media WHERE conference_id IN (${confsOf})`,
      `DELETE FROM members WHERE conference_id IN (${confsOf})`,
      `DELETE FROM changes WHERE conference_id IN (${confsOf})`,
      // A booking's change log is keyed by its id (spec-more section 11: the booking audit).
      "DELETE FROM changes WHERE conference_id IN (SELECT schedule_conference_id FROM bookings WHERE corp_id = ?)",
      "DELETE FROM bookings WHERE corp_id = ?",
      "DELETE FROM conferences WHERE corp_id = ?",
      "DELETE FROM tokens WHERE corp_id = ?",
      "UPDATE apps SET token_nonce = NULL, token_expires_at = 0 WHERE corp_id = ?",
    ].map(t),
    resetAll: [
      "DELETE FROM conference_extras",
      "DELETE FROM record_white_accounts",
      ...eventResets.all,
      "DELETE FROM conference_media",
      "DELETE FROM members",
      "DELETE FROM changes",
      "DELETE FROM bookings",
      "DELETE FROM conferences",
      "DELETE FROM tokens",
      "UPDATE apps SET token_nonce = NULL, token_expires_at = 0",
    ].map(t),
    /** Every table emptied, in foreign-key order (before a snapshot is imported). */
    clearAll: [
      "conference_extras",
      "record_white_accounts",
      ...eventResets.clear,
      "conference_media",
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
    ].map((name) => t(`DELETE FROM ${name}`)),

    deauthorizeSuite: [
      "DELETE FROM suite_auths WHERE suite_key = ? AND corp_id = ?",
      "DELETE FROM tokens WHERE client_key = ? AND kind = 'suite' AND corp_id = ?",
    ].map(t),
    deleteTokensOf: t("DELETE FROM tokens WHERE client_key = ?"),
    deleteTokensOfIn: t("DELETE FROM tokens WHERE client_key = ? AND corp_id = ?"),
    deleteApp: [
      ...eventResets.client,
      "DELETE FROM tokens WHERE client_key = ? AND kind = 'app'",
      "DELETE FROM apps WHERE app_key = ?",
    ].map(t),
    deleteSuite: [
      ...eventResets.client,
      "DELETE FROM tokens WHERE client_key = ? AND kind = 'suite'",
      "DELETE FROM suite_auths WHERE suite_key = ?",
      "DELETE FROM suites WHERE suite_key = ?",
    ].map(t),
    deleteOrg: [
      ...eventResets.orgClients.map(t),
      ...["record_white_accounts", "tokens", "suite_auths", "apps", "users", "orgs"].map((name) =>
        t(`DELETE FROM ${name} WHERE corp_id = ?`),
      ),
    ],
  };
}

export type Statements = ReturnType<typeof statements>;

/** The row mappers of every table, for one dialect. */
/** `listConferences` statements by filter: `[org?][any | live | ended]`, each `… LIMIT ? OFFSET ?`. */
function conferenceLists(t: (sql: string) => string) {
  const of = (corp: boolean, status: string) =>
    t(
      `${selectFrom(conferences)} WHERE ${corp ? "corp_id = ?" : "TRUE"}${status} ` +
        "ORDER BY start_time DESC, conference_id DESC LIMIT ? OFFSET ?",
    );
  const byStatus = (corp: boolean) => ({
    any: of(corp, ""),
    live: of(corp, " AND status <> 1"),
    ended: of(corp, " AND status = 1"),
  });
  return { all: byStatus(false), org: byStatus(true) };
}

/**
 * QueryConferenceMembers' page in one statement: the conference's member count and the page's
 * `memberModel`s (src/domain/conferences/presenters.ts; test/store/member-page.test.ts holds them equal)
 * as one JSON text built by the engine, so a page of 500 costs no row objects in JS. Parameters:
 * conference id, conference id, limit, offset.
 */
function memberPage(d: Dialect) {
  const str = (column: string) => d.jsonText(column);
  const bool = (column: string) => `CASE WHEN ${d.isTrue(column)} THEN 'true' ELSE 'false' END`;
  const optional = (key: string, column: string) =>
    `CASE WHEN ${column} IS NULL THEN '' ELSE ',"${key}":' || ${column} END`;
  // Keys in the order the reply schema's serializer (fast-json-stringify) wrote them before: the required
  // ones in schema order, then the optional ones.
  const model = [
    `'{"unionId":' || ${str("union_id")}`,
    `',"conferenceId":' || ${str("conference_id")}`,
    `',"userNick":' || ${str("user_nick")}`,
    `',"duration":' || duration`,
    `',"host":' || ${bool("host")}`,
    `',"coHost":' || ${bool("co_host")}`,
    `',"attendStatus":' || attend_status`,
    `',"pstnJoin":' || ${bool("pstn_join")}`,
    optional("joinTime", "join_time"),
    optional("leaveTime", "leave_time"),
    `CASE WHEN ${d.isTrue("outer_org_member")} THEN ',"outerOrgMember":true}' ELSE '}' END`,
  ].join(" || ");
  return (
    `SELECT (SELECT ${d.count} FROM members WHERE conference_id = ?) AS total, ` +
    `(SELECT ${d.joinOrdered("model", "seq")} FROM (SELECT seq, ${model} AS model FROM members ` +
    "WHERE conference_id = ? ORDER BY seq LIMIT ? OFFSET ?) page) AS models"
  );
}

export function codecs(d: Dialect) {
  return {
    setting: codec(settings, d),
    org: codec(orgs, d),
    user: codec(users, d),
    app: codec(apps, d),
    suite: codec(suites, d),
    suiteAuth: codec(suiteAuths, d),
    token: codec(tokens, d),
    conference: codec(conferences, d),
    member: codec(members, d),
    change: codec(changes, d),
    booking: codec(bookings, d),
    media: codec(conferenceMedia, d),
    ...extrasCodecs(d),
  };
}

export type Codecs = ReturnType<typeof codecs>;
