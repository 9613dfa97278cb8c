/**
 * The scale rows' data as generated SQL (SQLite): one `INSERT … SELECT` over a recursive counter per table,
 * each row the codec's encoding of the same row `bench/setup.ts` would load through the store API, with
 * only its ids varying. A million conferences load in seconds instead of minutes of statement calls.
 */
import type { Database } from "better-sqlite3";
import { newMember } from "../src/domain/conferences/members.js";
import { codecs } from "../src/store/sql/statements.js";
import { conferences, members } from "../src/store/sql/tables.js";
import { sqliteDialect } from "../src/store/sqlite/dialect.js";
import type { UserRow } from "../src/store/store.js";
import { CORP, conferenceRow, userId } from "./setup.js";

const codec = codecs(sqliteDialect);
/** Conference ids as `conferenceId(i)` spells them: 24 hex digits. */
const ID = "printf('%024x', i)";
const counter = "WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + ? FROM n WHERE i + ? < ?)";

/** The SELECT list of `columns`: `over` gives an expression for some of them, the rest are parameters. */
function select(columns: readonly string[], values: unknown[], over: Record<string, string>) {
  const params: unknown[] = [];
  const list = columns.map((c, k) => {
    if (over[c]) return over[c];
    params.push(values[k]);
    return "?";
  });
  return { list: list.join(", "), params };
}

const users = "u(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM u WHERE j + 1 < ?)";
const template = () => conferenceRow("x", userId(0), Date.now());
const host: UserRow = { unionId: userId(0), corpId: CORP, userId: "b0", name: "User 0" };

/** Conferences `from`..`to`-1, each with its host (user 0) as member 1; one statement per table. */
export function bulkConferences(db: Database, from: number, to: number): void {
  if (from >= to) return;
  const conf = template();
  const c = select(conferences.columns, codec.conference.encode(conf), { conference_id: ID });
  const h = select(members.columns, codec.member.encode(newMember(conf, host, { host: true, seq: 1 })), {
    conference_id: ID,
  });
  db.transaction(() => {
    db.prepare(`${counter} INSERT INTO conferences (${conferences.list}) SELECT ${c.list} FROM n`).run(
      from,
      1,
      1,
      to,
      ...c.params,
    );
    db.prepare(`${counter} INSERT INTO members (${members.list}) SELECT ${h.list} FROM n`).run(
      from,
      1,
      1,
      to,
      ...h.params,
    );
  })();
}

/**
 * Users 1..`size`-1 as members 2..`size` of every `every`-th conference from `from` (which
 * `bulkConferences` loaded, with their hosts), as `loadMembers` would invite them; one statement.
 */
export function bulkMembers(db: Database, from: number, to: number, every: number, size: number): void {
  if (from >= to || size < 2) return;
  const m = select(members.columns, codec.member.encode(newMember(template(), host)), {
    conference_id: ID,
    union_id: "'union-b' || u.j",
    user_nick: "'User ' || u.j",
    seq: "u.j + 1",
  });
  db.prepare(
    `${counter}, ${users} INSERT INTO members (${members.list}) SELECT ${m.list} FROM n, u ORDER BY i, u.j`,
  ).run(from, every, every, to, size, ...m.params);
}
