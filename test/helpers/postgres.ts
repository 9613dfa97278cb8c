import { randomBytes } from "node:crypto";
import pg from "pg";
import { PostgresStore } from "../../src/store/postgres/index.js";

/** The admin connection tests create their databases with (scripts/pg-test-cluster.sh prints one). */
export function adminUrl(): string {
  const url = process.env.VCONF_TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      "VCONF_TEST_STORE=postgres needs VCONF_TEST_DATABASE_URL (try: scripts/pg-test-cluster.sh run npm test)",
    );
  }
  return url;
}

/** A new, empty database `vconf_test_<random>` on the test server; returns its URL and a dropper. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = adminUrl();
  const name = `vconf_test_${randomBytes(6).toString("hex")}`;
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function withAdmin(url: string, fn: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh PostgreSQL store for one test, in its own schema of the admin database (`vconf_test_<random>`,
 * reached through `search_path`; as isolated as a database and much cheaper to create), dropped again by
 * `cleanup`; `port` replaces the server's port (a proxy in front of it), `max` the pool size (4). Tests of opening itself use
 * `createTestDatabase`.
 */
export async function openTestPostgres(
  opts: { port?: number; max?: number } = {},
): Promise<{ store: PostgresStore; cleanup: () => Promise<void> }> {
  const admin = adminUrl();
  const schema = `vconf_test_${randomBytes(6).toString("hex")}`;
  await withAdmin(admin, (c) => c.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(admin);
  url.searchParams.set("options", `-c search_path=${schema}`);
  if (opts.port !== undefined) url.port = String(opts.port); // e.g. through a TcpProxy
  const store = await PostgresStore.open(url.toString(), { max: opts.max ?? 4 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await withAdmin(admin, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  };
}
