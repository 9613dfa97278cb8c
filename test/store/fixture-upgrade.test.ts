import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { buildApp } from "../../src/app.js";
import { ManualClock } from "../../src/domain/clock.js";
import { CONTROL, SCHEDULES } from "../../src/schemas/paths.js";
import { migrations } from "../../src/store/sql/migrations.js";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import { ADMIN_KEY, CONF, expectOk } from "../helpers/app.js";

/**
 * A data dir written by vconf at commit df2262a (before bookings; schema version 2): seeded with
 * `seed.json`, one conference by alice with bob, carol and dave invited, bob and carol co-hosts, dave
 * joined, then a graceful stop. `info.json`/`members.json` are what that vconf answered. Today's vconf
 * must migrate it in place and answer the same.
 */
const FIXTURE = new URL("../fixtures/df2262a/", import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURE), "utf8"));

test("a data dir made by an older vconf (df2262a) migrates and keeps its conference and members", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "vconf-fixture-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(new URL("vconf.db", FIXTURE), join(dir, "vconf.db"));
  const old = new Database(join(dir, "vconf.db"));
  assert.equal(old.pragma("user_version", { simple: true }), 2);
  old.close();

  const store = SqliteStore.open(dir);
  const app = buildApp({
    deps: { store, clock: new ManualClock(), maxCoHosts: 100, maxMembers: 1000 },
    config: { adminKey: ADMIN_KEY, rateLimit: 0, logLevel: "silent", journalSize: 10 },
    logger: false,
  });
  t.after(async () => {
    await app.close();
    await store.close();
  });
  await app.ready();
  const admin = { "x-vconf-admin-key": ADMIN_KEY };
  const tok = expectOk(
    await app.inject({
      method: "POST",
      url: `${CONTROL}/tokens`,
      headers: admin,
      payload: { appKey: "acme-app" },
    }),
  ).accessToken;
  const headers = { "x-acs-dingtalk-access-token": tok };
  const info = read("info.json");
  const id = info.confInfo.conferenceId;
  // The same answer, plus the field newer vconf adds to every confInfo (spec-more section 12).
  const now = { confInfo: { ...info.confInfo, cloudRecordStatus: 0 } };
  assert.deepEqual(expectOk(await app.inject({ method: "GET", url: `${CONF}/${id}`, headers })), now);
  assert.deepEqual(
    expectOk(await app.inject({ method: "GET", url: `${CONF}/${id}/members`, headers })),
    read("members.json"),
  );
  // The new tables work on the migrated file.
  const booking = {
    creatorUnionId: "union-alice",
    title: "After the upgrade",
    startTime: Date.UTC(2027, 0, 1),
    endTime: Date.UTC(2027, 0, 1, 1),
  };
  expectOk(await app.inject({ method: "POST", url: SCHEDULES, headers, payload: booking }));

  const db = new Database(join(dir, "vconf.db"), { readonly: true });
  t.after(() => db.close());
  assert.equal(db.pragma("user_version", { simple: true }), Math.max(...migrations.map((m) => m.version)));
});
