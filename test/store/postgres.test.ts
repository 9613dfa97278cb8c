/** What only the PostgreSQL driver does: opening (fail fast, schema version, concurrent migrations). */
import assert from "node:assert/strict";
import { test } from "node:test";
import pg from "pg";
import { migrations } from "../../src/store/sql/migrations.js";
import { PostgresStore } from "../../src/store/postgres/index.js";
import { StoreError } from "../../src/store/store.js";
import { testStoreKinds } from "../helpers/app.js";

const skip = testStoreKinds().includes("postgres")
  ? false
  : "PostgreSQL only: run with VCONF_TEST_STORE=postgres or VCONF_TEST_STORES=sqlite,postgres";
const helpers = () => import("../helpers/postgres.js");

test("open fails with a StoreError naming the server when it is unreachable", { skip }, async () => {
  await assert.rejects(
    PostgresStore.open("postgres://vconf:secret-pw@127.0.0.1:1/vconf", { connectionTimeoutMillis: 2000 }),
    (e) =>
      e instanceof StoreError &&
      /cannot open PostgreSQL at 127\.0\.0\.1:1\/vconf/.test(e.message) &&
      !e.message.includes("secret-pw"),
  );
});

test("instances starting at once apply each migration exactly once", { skip }, async () => {
  const { createTestDatabase } = await helpers();
  const db = await createTestDatabase();
  try {
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open(db.url, { max: 2 })));
    const { rows } = await stores[0].pool.query("SELECT version FROM schema_version ORDER BY version");
    assert.deepEqual(
      rows.map((r) => r.version),
      migrations.map((m) => m.version),
    );
    await Promise.all(stores.map((s) => s.close()));
  } finally {
    await db.drop();
  }
});

test("open refuses a schema newer than the code", { skip }, async () => {
  const { createTestDatabase } = await helpers();
  const db = await createTestDatabase();
  try {
    await (await PostgresStore.open(db.url)).close();
    const client = new pg.Client(db.url);
    await client.connect();
    await client.query("INSERT INTO schema_version (version) VALUES (999)");
    await client.end();
    await assert.rejects(
      PostgresStore.open(db.url),
      (e) => e instanceof StoreError && /schema version 999 is newer than this vconf/.test(e.message),
    );
  } finally {
    await db.drop();
  }
});

test("a closed store refuses transactions with a StoreError", { skip }, async () => {
  const { openTestPostgres } = await helpers();
  const { store, cleanup } = await openTestPostgres();
  await store.close();
  await assert.rejects(
    store.transaction((tx) => tx.listOrgs()),
    (e) => e instanceof StoreError,
  );
  await cleanup();
});

test("connections the server drops are replaced: the next transaction works", { skip }, async () => {
  const { createTestDatabase } = await helpers();
  const db = await createTestDatabase();
  const store = await PostgresStore.open(db.url, { max: 2 });
  try {
    await store.transaction((tx) => tx.putOrg({ corpId: "corp-a", name: "A" }));
    const name = new URL(db.url).pathname.slice(1);
    const admin = new pg.Client(db.url);
    await admin.connect();
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name],
    );
    await admin.end();
    const org = await store.transaction((tx) => tx.getOrg("corp-a"));
    assert.deepEqual(org, { corpId: "corp-a", name: "A" });
  } finally {
    await store.close();
    await db.drop();
  }
});
