/**
 * Schema version 10 (sql/keyed-tables.ts): on SQLite members, the change log and the event counter are
 * WITHOUT ROWID tables, and conferences_corp is gone (conferences_live, led by corp_id, does its work).
 * An older data dir migrates in place keeping every row; every hot statement still finds its rows
 * through an index, never by scanning a table (at a million conferences a scan is a stall).
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { statements } from "../../src/store/sql/statements.js";
import { sqliteDialect } from "../../src/store/sqlite/dialect.js";
import { SqliteStore } from "../../src/store/sqlite/index.js";

const FIXTURE = new URL("../fixtures/df2262a/vconf.db", import.meta.url);

function fixtureDir(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), "vconf-keyed-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(FIXTURE, join(dir, "vconf.db"));
  return dir;
}

const dump = (db: Database.Database, table: string, order: string) =>
  db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all();

test("an older data dir migrates to keyed tables with every member and change-log row kept", async (t) => {
  const dir = fixtureDir(t);
  const old = new Database(join(dir, "vconf.db"), { readonly: true });
  const members = dump(old, "members", "conference_id, union_id");
  const changes = dump(old, "changes", "conference_id, seq");
  old.close();
  assert.ok(members.length > 0 && changes.length > 0, "the fixture has rows to keep");

  const store = SqliteStore.open(dir);
  const schema = (name: string) =>
    (
      store.db.prepare("SELECT sql FROM sqlite_schema WHERE name = ?").get(name) as
        { sql: string } | undefined
    )?.sql;
  try {
    for (const table of ["members", "changes", "event_seqs"]) {
      assert.match(schema(table) ?? "", /WITHOUT ROWID\s*$/, `${table} is keyed`);
      assert.equal(schema(`${table}_v10`), undefined, "no copy left behind");
    }
    for (const index of ["members_order", "members_user", "members_cohosts", "conferences_live"]) {
      assert.ok(schema(index), `${index} exists`);
    }
    assert.equal(schema("conferences_corp"), undefined);
    assert.deepEqual(dump(store.db, "members", "conference_id, union_id"), members);
    assert.deepEqual(dump(store.db, "changes", "conference_id, seq"), changes);
    assert.deepEqual(store.db.pragma("foreign_key_check"), []);
    // The migrated tables take writes: a member's seq and a change's seq continue from the old rows.
    const conferenceId = (members[0] as { conference_id: string }).conference_id;
    await store.transaction(async (tx) => {
      const m = await tx.getMember(conferenceId, (members[0] as { union_id: string }).union_id);
      await tx.putMember({ ...m!, unionId: "union-new", seq: 0 });
      await tx.appendChange({
        conferenceId,
        at: 1,
        app: "a",
        operation: "Test",
        target: "union-new",
        before: null,
        after: null,
      });
    });
    const seqs = (table: string) =>
      (
        store.db
          .prepare(`SELECT seq FROM ${table} WHERE conference_id = ? ORDER BY seq`)
          .all(conferenceId) as {
          seq: number;
        }[]
      ).map((r) => r.seq);
    const memberSeqs = seqs("members");
    assert.equal(memberSeqs.at(-1), memberSeqs.at(-2)! + 1);
    const changeSeqs = seqs("changes");
    assert.equal(changeSeqs.at(-1), changeSeqs.at(-2)! + 1);
  } finally {
    await store.close();
  }
});

test("every hot statement reads through an index, none scans a table", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "vconf-plan-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = SqliteStore.open(dir);
  t.after(() => store.close());
  const q = statements(sqliteDialect);
  const hot = {
    getConference: q.getConference,
    getUser: q.getUser,
    getUsers: q.getUsers(2),
    getMember: q.getMember,
    listMembers: q.listMembers,
    countMembers: q.countMembers,
    countCoHosts: q.countCoHosts,
    memberPage: q.memberPage,
    putMember: q.putMember,
    appendChange: q.appendChange,
    listChanges: q.listChanges,
    getToken: q.getToken,
    getApp: q.getApp,
    countConferences: q.countConferences,
    orgConferences: q.listConferences.org.any,
    liveConferences: q.liveConferences,
    conferencesByRoomCode: q.conferencesByRoomCode,
    membershipsOf: q.membershipsOf(1),
  };
  for (const [name, sql] of Object.entries(hot)) {
    const n = (sql.match(/\?/g) ?? []).length;
    const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<string>(n).fill("x")) as {
      detail: string;
    }[];
    const scans = plan.map((p) => p.detail).filter((d) => /^SCAN (?!CONSTANT ROW|page\b)/.test(d));
    assert.deepEqual(scans, [], `${name} scans: ${plan.map((p) => p.detail).join("; ")}`);
  }
});
