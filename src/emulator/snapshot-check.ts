import { extrasProblems } from "./snapshot-check-extras.js";
import { SNAPSHOT_VERSION, type Snapshot } from "../schemas/emulator/snapshot.js";
import { bookingProblems } from "./snapshot-bookings.js";
import { BIZ_TYPES } from "../domain/recordings/media.js";
import { artifactsProblem } from "./artifact-check.js";

/** The most problems one refusal lists: enough to fix a document in a few rounds, short enough to read. */
export const MAX_PROBLEMS = 20;

/** Integers the store keeps in 64-bit columns and JavaScript reads back exactly. */
const SAFE = { min: 0, max: Number.MAX_SAFE_INTEGER };

/** The values the domain gives each enum column (store.ts documents them); anything else is refused. */
const ATTEND_STATUS = [1, 2, 3, 4, 5, 6];
const CONFERENCE_STATUS = [0, 1, 2];
const MEDIA_STATUS = [0, 1, 2];
/** Cloud recording and minutes: 0 never, 1 running, 2 paused, 3 ended (store.ts MediaState). */
const RECORD_STATUS = [0, 1, 2, 3];
/** A meeting's recordId as `newRecordId` makes it. */
const RECORD_ID = /^[1-9][0-9]{14}$/;

type Table = Exclude<keyof Snapshot, "format" | "version">;

/**
 * What is wrong with a (schema-valid) snapshot beyond its shape, as the store and the domain rely on it:
 * duplicate keys, rows that point at nothing, enum values the domain never writes and integers out of the
 * store's range. Each problem names the row and field (`conferences[3].corpId dingx is not an org`).
 * Every state vconf itself can reach passes (a deleted user's memberships and conferences stay: history).
 */
export function snapshotProblems(doc: Snapshot): string[] {
  if (doc.version !== SNAPSHOT_VERSION) {
    return [`version: this vconf reads snapshot version ${SNAPSHOT_VERSION}, not ${doc.version}`];
  }
  const problems: string[] = [];
  const at = (table: Table, i: number, field?: string) => `${table}[${i}]${field ? `.${field}` : ""}`;

  /** Indexes `rows` by `key`, reporting every row whose key an earlier row already has. */
  function unique<T>(table: Table, rows: T[], what: string, key: (r: T) => string): Map<string, T> {
    const seen = new Map<string, number>();
    const out = new Map<string, T>();
    rows.forEach((r, i) => {
      const k = key(r);
      const first = seen.get(k);
      if (first !== undefined) problems.push(`${at(table, i)} repeats the ${what} of ${at(table, first)}`);
      else {
        seen.set(k, i);
        out.set(k, r);
      }
    });
    return out;
  }
  const pair = (a: string, b: string) => JSON.stringify([a, b]);
  const orgs = unique("orgs", doc.orgs, "corpId", (o) => o.corpId);
  unique("users", doc.users, "unionId", (u) => u.unionId);
  const apps = unique("apps", doc.apps, "appKey", (a) => a.appKey);
  const suites = unique("suites", doc.suites, "suiteKey", (s) => s.suiteKey);
  const auths = unique("suiteAuths", doc.suiteAuths, "suiteKey and corpId", (a) =>
    pair(a.suiteKey, a.corpId),
  );
  unique("tokens", doc.tokens, "tokenHash", (t) => t.tokenHash);
  const conferences = unique("conferences", doc.conferences, "conferenceId", (c) => c.conferenceId);
  const members = unique("members", doc.members, "conferenceId and unionId", (m) =>
    pair(m.conferenceId, m.unionId),
  );
  unique("members", doc.members, "conferenceId and seq", (m) => pair(m.conferenceId, String(m.seq)));
  unique("changes", doc.changes, "conferenceId and seq", (c) => pair(c.conferenceId, String(c.seq)));

  const check = (ok: boolean, table: Table, i: number, field: string, value: unknown, why: string) => {
    if (!ok) problems.push(`${at(table, i, field)} ${String(value)} ${why}`);
  };
  const oneOf = (allowed: number[], table: Table, i: number, field: string, value: number) =>
    check(allowed.includes(value), table, i, field, value, `is not one of ${allowed.join(", ")}`);
  const inRange = (table: Table, i: number, row: object, fields: string[], min = SAFE.min) => {
    for (const f of fields) {
      const v = (row as Record<string, number | null>)[f];
      if (v === null) continue;
      check(v >= min && v <= SAFE.max, table, i, f, v, `is not from ${min} to ${SAFE.max}`);
    }
  };
  const isOrg = "is not an org";

  doc.users.forEach((u, i) => check(orgs.has(u.corpId), "users", i, "corpId", u.corpId, isOrg));
  doc.apps.forEach((a, i) => {
    check(orgs.has(a.corpId), "apps", i, "corpId", a.corpId, isOrg);
    inRange("apps", i, a, ["tokenExpiresAt"]);
  });
  doc.suiteAuths.forEach((a, i) => {
    check(suites.has(a.suiteKey), "suiteAuths", i, "suiteKey", a.suiteKey, "is not a suite");
    check(orgs.has(a.corpId), "suiteAuths", i, "corpId", a.corpId, isOrg);
  });
  doc.tokens.forEach((t, i) => {
    inRange("tokens", i, t, ["expiresAt"]);
    if (t.kind === "app") {
      const app = apps.get(t.clientKey);
      check(!!app, "tokens", i, "clientKey", t.clientKey, "is not an app");
      // An internal app's tokens are for its own org only.
      if (app) check(app.corpId === t.corpId, "tokens", i, "corpId", t.corpId, `is not ${t.clientKey}'s org`);
    } else {
      check(suites.has(t.clientKey), "tokens", i, "clientKey", t.clientKey, "is not a suite");
      // Withdrawing an authorization drops its tokens, so a suite token needs one.
      const authorized = auths.has(pair(t.clientKey, t.corpId));
      check(authorized, "tokens", i, "corpId", t.corpId, `has not authorized suite ${t.clientKey}`);
    }
  });

  const hosts = new Map<string, number>();
  doc.members.forEach((m, i) => {
    check(
      conferences.has(m.conferenceId),
      "members",
      i,
      "conferenceId",
      m.conferenceId,
      "is not a conference",
    );
    oneOf(ATTEND_STATUS, "members", i, "attendStatus", m.attendStatus);
    oneOf(MEDIA_STATUS, "members", i, "micStatus", m.micStatus);
    oneOf(MEDIA_STATUS, "members", i, "cameraStatus", m.cameraStatus);
    inRange("members", i, m, ["seq"], 1);
    inRange("members", i, m, ["joinTime", "leaveTime", "duration", "coHostSince"]);
    // The host is never a co-host too (policy.canBeCoHost) and a conference has one host at most.
    check(!(m.host && m.coHost), "members", i, "coHost", m.coHost, "but the member is the host");
    if (m.host) {
      const other = hosts.get(m.conferenceId);
      if (other !== undefined)
        problems.push(`${at("members", i, "host")} true but ${at("members", other)} is the host`);
      else hosts.set(m.conferenceId, i);
    }
  });
  const isMember = (c: { conferenceId: string }, unionId: string) =>
    members.has(pair(c.conferenceId, unionId));
  doc.conferences.forEach((c, i) => {
    check(orgs.has(c.corpId), "conferences", i, "corpId", c.corpId, isOrg);
    oneOf(CONFERENCE_STATUS, "conferences", i, "status", c.status);
    inRange("conferences", i, c, ["startTime", "endTime"]);
    // The organizer is always an instant meeting's first member; the row outlives a deleted user. A
    // booking's instance starts with its host (not always the creator), a pending one with nobody.
    const creatorOk = !!c.scheduleConferenceId || isMember(c, c.creatorId);
    check(creatorOk, "conferences", i, "creatorId", c.creatorId, "is not a member of the conference");
    if (c.focusUnionId !== null) {
      const focusOk = isMember(c, c.focusUnionId);
      check(focusOk, "conferences", i, "focusUnionId", c.focusUnionId, "is not a member of the conference");
    }
  });
  // A booking's change log is keyed by its id (the booking audit).
  const bookings = bookingProblems(doc, problems, orgs, conferences);
  doc.changes.forEach((c, i) => {
    check(
      conferences.has(c.conferenceId) || bookings.has(c.conferenceId),
      "changes",
      i,
      "conferenceId",
      c.conferenceId,
      "is not a conference or schedule conference",
    );
    inRange("changes", i, c, ["seq"], 1);
    inRange("changes", i, c, ["at"]);
  });
  checkMedia(doc, conferences, check, oneOf, unique);
  problems.push(...extrasProblems(doc, new Set(conferences.keys()), new Set(orgs.keys())));
  eventProblems(doc, unique, check, inRange);
  return problems;
}

type Unique = <T>(table: Table, rows: T[], what: string, key: (r: T) => string) => Map<string, T>;
type Check = (ok: boolean, table: Table, i: number, field: string, value: unknown, why: string) => void;
type InRange = (table: Table, i: number, row: object, fields: string[], min?: number) => void;

/**
 * The media rows (spec more §4–§6, §10): one per conference, of a conference; statuses and the recordId as
 * the domain writes them, session times in the store's range, grants of a known kind, and artifacts that
 * `PUT …/artifacts` would accept (what the reads serve must have the SDK's types).
 */
function checkMedia(
  doc: Snapshot,
  conferences: Map<string, unknown>,
  check: Check,
  oneOf: (allowed: number[], table: Table, i: number, field: string, value: number) => void,
  unique: (
    table: Table,
    rows: { conferenceId: string }[],
    what: string,
    key: (r: { conferenceId: string }) => string,
  ) => unknown,
) {
  const media = doc.media ?? [];
  unique("media", media, "conferenceId", (m) => m.conferenceId);
  media.forEach((m, i) => {
    const isConf = conferences.has(m.conferenceId);
    check(isConf, "media", i, "conferenceId", m.conferenceId, "is not a conference");
    const s = m.state;
    if (s.recordId !== null)
      check(RECORD_ID.test(s.recordId), "media", i, "state.recordId", s.recordId, "is not 15 digits");
    oneOf(RECORD_STATUS, "media", i, "state.cloudRecord.status", s.cloudRecord.status);
    oneOf(RECORD_STATUS, "media", i, "state.minutes.status", s.minutes.status);
    s.cloudRecord.sessions.forEach((session, j) => {
      const field = `state.cloudRecord.sessions[${j}]`;
      const inStore = (v: number) => v >= 0 && v <= Number.MAX_SAFE_INTEGER;
      check(
        inStore(session.startTime),
        "media",
        i,
        `${field}.startTime`,
        session.startTime,
        "is out of range",
      );
      if (session.endTime !== undefined)
        check(
          session.endTime >= session.startTime && inStore(session.endTime),
          "media",
          i,
          `${field}.endTime`,
          session.endTime,
          "is before its startTime or out of range",
        );
    });
    s.recordGrants.forEach((g, j) =>
      check(
        BIZ_TYPES.includes(g.bizType),
        "media",
        i,
        `state.recordGrants[${j}].bizType`,
        g.bizType,
        "is not cloud_record or minutes",
      ),
    );
    const problem = artifactsProblem(m.artifacts);
    check(problem === null, "media", i, "artifacts", "fail", `the artifacts check: ${problem}`);
  });
}

/** The events tables (optional: a document from before events has none): keys, references, ranges. */
function eventProblems(doc: Snapshot, unique: Unique, check: Check, inRange: InRange) {
  const key = (...parts: string[]) => JSON.stringify(parts);
  const events = unique("events", doc.events ?? [], "eventId", (e) => e.eventId);
  unique("eventSeqs", doc.eventSeqs ?? [], "conferenceId", (e) => e.conferenceId);
  unique("eventDeliveries", doc.eventDeliveries ?? [], "eventId, kind, clientKey and corpId", (d) =>
    key(d.eventId, d.kind, d.clientKey, d.corpId),
  );
  unique("eventSubscriptions", doc.eventSubscriptions ?? [], "kind, clientKey and corpId", (x) =>
    key(x.kind, x.clientKey, x.corpId),
  );
  unique("eventSettings", doc.eventSettings ?? [], "clientKey", (x) => x.clientKey);
  (doc.events ?? []).forEach((e, i) => inRange("events", i, e, ["no", "bornAt", "statusSeqNum"]));
  (doc.eventSeqs ?? []).forEach((e, i) => inRange("eventSeqs", i, e, ["lastSeq"]));
  (doc.eventDeliveries ?? []).forEach((d, i) => {
    check(events.has(d.eventId), "eventDeliveries", i, "eventId", d.eventId, "is not an event");
    inRange("eventDeliveries", i, d, ["eventNo", "bornAt", "attempts", "nextAt", "leaseUntil", "settledAt"]);
  });
}
