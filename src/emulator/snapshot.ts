import { assert } from "../errors.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from "../schemas/emulator/snapshot.js";
import type { Deps } from "../domain/deps.js";

/** `GET /_vconf/v1/snapshot`: every table in one read transaction. */
export async function exportSnapshot(deps: Deps): Promise<Snapshot> {
  const dump = await deps.store.transaction((tx) => tx.exportAll(), { readOnly: true });
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, ...dump };
}

/**
 * What is wrong with a (schema-valid) snapshot beyond its shape: duplicate keys and rows that point at
 * nothing. Each problem names the row (`/users/3: …`).
 */
export function snapshotProblems(doc: Snapshot): string[] {
  const problems: string[] = [];
  if (doc.version !== SNAPSHOT_VERSION) {
    return [`/version: this vconf reads snapshot version ${SNAPSHOT_VERSION}, not ${doc.version}`];
  }
  const unique = <T>(table: string, rows: T[], key: (r: T) => string) => {
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      const k = key(r);
      if (seen.has(k)) problems.push(`/${table}/${i}: duplicate ${k}`);
      seen.add(k);
    });
    return seen;
  };
  const orgs = unique("orgs", doc.orgs, (o) => o.corpId);
  unique("users", doc.users, (u) => u.unionId);
  unique("apps", doc.apps, (a) => a.appKey);
  const suites = unique("suites", doc.suites, (s) => s.suiteKey);
  unique("suiteAuths", doc.suiteAuths, (a) => `${a.suiteKey} ${a.corpId}`);
  unique("tokens", doc.tokens, (t) => t.tokenHash);
  const conferences = unique("conferences", doc.conferences, (c) => c.conferenceId);
  unique("members", doc.members, (m) => `${m.conferenceId} ${m.unionId}`);
  unique("members", doc.members, (m) => `${m.conferenceId} seq ${m.seq}`);
  unique("changes", doc.changes, (c) => `${c.conferenceId} seq ${c.seq}`);
  unique("bookings", doc.bookings ?? [], (bk) => bk.scheduleConferenceId);
  unique("bookings", doc.bookings ?? [], (bk) => `roomCode ${bk.roomCode}`);

  const refers = <T>(table: string, rows: T[], ref: (r: T) => [string, string, Set<string>]) =>
    rows.forEach((r, i) => {
      const [field, value, known] = ref(r);
      if (!known.has(value)) problems.push(`/${table}/${i}/${field}: no ${value} in this snapshot`);
    });
  refers("users", doc.users, (u) => ["corpId", u.corpId, orgs]);
  refers("apps", doc.apps, (a) => ["corpId", a.corpId, orgs]);
  refers("suiteAuths", doc.suiteAuths, (a) => ["suiteKey", a.suiteKey, suites]);
  refers("suiteAuths", doc.suiteAuths, (a) => ["corpId", a.corpId, orgs]);
  refers("members", doc.members, (m) => ["conferenceId", m.conferenceId, conferences]);
  return problems;
}

/**
 * `PUT /_vconf/v1/snapshot`: replaces the whole state with `doc` in one transaction. A document with any
 * problem is refused before anything is touched.
 */
export async function importSnapshot(deps: Deps, doc: Snapshot) {
  const problems = snapshotProblems(doc);
  assert(problems.length === 0, "paramsError", problems.slice(0, 20).join("; "));
  const { format: _f, version: _v, ...rest } = doc;
  // Snapshots from before bookings existed have neither bookings nor instance links.
  const dump = {
    ...rest,
    conferences: rest.conferences.map((c) => ({ ...c, scheduleConferenceId: c.scheduleConferenceId ?? "" })),
    bookings: rest.bookings ?? [],
  };
  await deps.store.transaction((tx) => tx.importAll(dump));
  return { success: true };
}
