/**
 * Storage faults as a client sees them over real HTTP: a write the store cannot take answers 500
 * `systemError:storage failure` and changes nothing, `/healthz` answers 503 with the reason until a write
 * succeeds again. On SQLite a large snapshot import meets a full disk (`PRAGMA max_page_count`).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import { ADMIN_KEY, freshApps, type TestContext } from "../helpers/app.js";
import { httpJson } from "../helpers/process.js";

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const onSqlite = (process.env.VCONF_TEST_STORE ?? "sqlite") === "sqlite";

const fresh = freshApps();

async function serve(): Promise<{ ctx: TestContext; base: string }> {
  const ctx = await fresh({ listen: true });
  return { ctx, base: ctx.url };
}

const admin = { "x-vconf-admin-key": ADMIN_KEY };

test("healthz answers 200 {status: ok} while the store takes writes", async () => {
  const { base } = await serve();
  const res = await httpJson(base, "GET", "/healthz", {});
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body, { status: "ok" });
});

test(
  "a snapshot import that fills the disk answers systemError, changes nothing; healthz is 503 until a write succeeds",
  { skip: onSqlite ? false : "SQLite only (max_page_count)" },
  async () => {
    const { ctx, base } = await serve();
    const store = ctx.deps.store as SqliteStore;
    const before = await httpJson(base, "GET", "/_vconf/v1/snapshot", admin);
    assert.equal(before.status, 200, before.text);
    const users = Array.from({ length: 3000 }, (_, i) => ({
      unionId: `union-bulk-${i}`,
      corpId: "dingcorp-acme",
      userId: `bulk-${i}`,
      name: "n".repeat(300),
    }));
    const large = { ...before.body, users: [...before.body.users, ...users] };

    const pages = store.db.pragma("page_count", { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 8}`);
    const put = await httpJson(base, "PUT", "/_vconf/v1/snapshot", admin, large);
    assert.equal(put.status, 500, put.text);
    assert.equal(put.body.code, "systemError");
    assert.equal(put.body.message, "systemError:storage failure");

    const sick = await httpJson(base, "GET", "/healthz", {});
    assert.equal(sick.status, 503, sick.text);
    assert.match(sick.contentType, /application\/json/);
    assert.equal(sick.body.code, "systemError");
    assert.match(sick.body.requestid, REQUEST_ID);
    assert.equal(sick.body.message, "systemError:storage failure");
    assert.equal(sick.body.status, "unavailable");
    assert.match(sick.body.reason, /database or disk is full/);

    const after = await httpJson(base, "GET", "/_vconf/v1/snapshot", admin);
    assert.deepEqual(after.body, before.body, "the failed import left the state as it was");

    store.db.pragma("max_page_count = 1073741823");
    const retry = await httpJson(base, "PUT", "/_vconf/v1/snapshot", admin, large);
    assert.equal(retry.status, 200, retry.text);
    const well = await httpJson(base, "GET", "/healthz", {});
    assert.equal(well.status, 200, well.text);
    const now = await httpJson(base, "GET", "/_vconf/v1/snapshot", admin);
    assert.equal(now.body.users.length, before.body.users.length + users.length);
  },
);
