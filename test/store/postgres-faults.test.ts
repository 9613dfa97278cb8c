/**
 * Faults between vconf and PostgreSQL, through a TCP proxy in front of the real server: while PostgreSQL
 * is unreachable `/healthz` answers 503 and writes answer `systemError:storage failure`; a connection lost
 * at COMMIT answers the same and leaves nothing behind.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { buildApp } from "../../src/app.js";
import { ManualClock } from "../../src/domain/clock.js";
import type { Deps } from "../../src/domain/deps.js";
import { applySeed } from "../../src/emulator/seed.js";
import type { App } from "../../src/http/types.js";
import { ADMIN_KEY } from "../helpers/app.js";
import { FIXTURE } from "../helpers/fixture.js";
import { httpJson } from "../helpers/process.js";
import { simpleQuery, TcpProxy } from "../helpers/tcp-proxy.js";

const ON_POSTGRES = process.env.VCONF_TEST_STORE === "postgres";
const skip = ON_POSTGRES ? false : "PostgreSQL only: run with VCONF_TEST_STORE=postgres";
const admin = { "x-vconf-admin-key": ADMIN_KEY };

let proxy: TcpProxy;
before(async () => {
  if (!ON_POSTGRES) return;
  const { adminUrl } = await import("../helpers/postgres.js");
  const server = new URL(adminUrl());
  proxy = await TcpProxy.start(server.hostname, Number(server.port));
});
after(async () => proxy?.close());

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  proxy?.up();
  while (open.length) await open.pop()!();
});

/** An app on a fresh PostgreSQL store reached through the proxy, listening on a real port. */
async function serve(): Promise<string> {
  const { openTestPostgres } = await import("../helpers/postgres.js");
  const { store, cleanup } = await openTestPostgres({ port: proxy.port });
  const deps: Deps = { store, clock: new ManualClock(), maxCoHosts: 100, maxMembers: 1000 };
  await applySeed(deps, FIXTURE);
  const app: App = buildApp({
    deps,
    config: { adminKey: ADMIN_KEY, rateLimit: 0, logLevel: "silent" },
    logger: false,
  });
  open.push(async () => {
    await app.close();
    await cleanup();
  });
  return app.listen({ host: "127.0.0.1", port: 0 });
}

const seedOrg = (base: string, corpId: string) =>
  httpJson(base, "POST", "/_vconf/v1/seed", admin, { orgs: [{ corpId, name: corpId }] });
const orgIds = async (base: string) =>
  ((await httpJson(base, "GET", "/_vconf/v1/orgs", admin)).body.orgs as { corpId: string }[]).map(
    (o) => o.corpId,
  );

test("healthz answers 503 while PostgreSQL is unreachable, and 200 once it is back", { skip }, async () => {
  const base = await serve();
  assert.equal((await httpJson(base, "GET", "/healthz", {})).status, 200);

  proxy.down();
  const sick = await httpJson(base, "GET", "/healthz", {});
  assert.equal(sick.status, 503, sick.text);
  assert.equal(sick.body.code, "systemError");
  assert.equal(sick.body.status, "unavailable");
  assert.match(sick.body.reason, /^PostgreSQL unreachable: /);
  const write = await seedOrg(base, "dingcorp-unreachable");
  assert.equal(write.status, 500, write.text);
  assert.equal(write.body.message, "systemError:storage failure");

  proxy.up();
  const well = await httpJson(base, "GET", "/healthz", {});
  assert.equal(well.status, 200, well.text);
  assert.equal((await seedOrg(base, "dingcorp-back")).status, 200);
  assert.deepEqual(
    (await orgIds(base)).filter((id) => id.startsWith("dingcorp-u") || id === "dingcorp-back"),
    ["dingcorp-back"],
  );
});

test(
  "a connection lost at COMMIT answers systemError:storage failure and commits nothing",
  { skip },
  async () => {
    const base = await serve();
    proxy.cutWhenClientSends(simpleQuery("COMMIT"));
    const res = await seedOrg(base, "dingcorp-cut");
    assert.equal(res.status, 500, res.text);
    assert.equal(res.body.code, "systemError");
    assert.equal(res.body.message, "systemError:storage failure");
    assert.ok(!(await orgIds(base)).includes("dingcorp-cut"), "the cut transaction is not committed");
    assert.equal((await seedOrg(base, "dingcorp-after")).status, 200);
    assert.ok((await orgIds(base)).includes("dingcorp-after"));
  },
);
