import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, defaultConfig, loadConfig, settings } from "../src/config.js";

function problems(env: NodeJS.ProcessEnv, flags: Record<string, string> = {}): string[] {
  try {
    loadConfig(env, flags);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.problems;
  }
  assert.fail("expected loadConfig to throw");
}

test("defaults are the documented ones (vconf-interface.md)", () => {
  assert.deepEqual(loadConfig({}), {
    host: "127.0.0.1",
    port: 8080,
    store: "sqlite",
    dataDir: "./data",
    databaseUrl: undefined,
    seed: undefined,
    adminKey: undefined,
    maxCoHosts: 100,
    maxMembers: 1000,
    rateLimit: 0,
    logLevel: "info",
    journalSize: 1000,
    eventAckTimeoutMs: 10_000,
    eventRetryMaxDelayMs: 60_000,
    eventRetryMaxAttempts: 100,
    eventRetryTtlMs: 86_400_000,
    eventMaxInFlight: 64,
    streamPingMs: 30_000,
  });
});

test("environment variables are read and typed", () => {
  const c = loadConfig({
    VCONF_HOST: "0.0.0.0",
    VCONF_PORT: "0",
    VCONF_STORE: "postgres",
    VCONF_DATA_DIR: "/var/lib/vconf",
    VCONF_DATABASE_URL: "postgres://u:p@db/vconf",
    VCONF_SEED: "seed.json",
    VCONF_ADMIN_KEY: "a-long-admin-key",
    VCONF_MAX_COHOSTS: "500",
    VCONF_MAX_MEMBERS: "20000",
    VCONF_RATE_LIMIT: "20",
    VCONF_LOG_LEVEL: "silent",
    VCONF_JOURNAL_SIZE: "0",
    VCONF_EVENT_ACK_TIMEOUT_MS: "500",
    VCONF_EVENT_RETRY_MAX_DELAY_MS: "200",
    VCONF_EVENT_RETRY_MAX_ATTEMPTS: "3",
    VCONF_EVENT_RETRY_TTL_MS: "60000",
    VCONF_EVENT_MAX_IN_FLIGHT: "8",
    VCONF_STREAM_PING_MS: "1000",
  });
  assert.deepEqual(c, {
    host: "0.0.0.0",
    port: 0,
    store: "postgres",
    dataDir: "/var/lib/vconf",
    databaseUrl: "postgres://u:p@db/vconf",
    seed: "seed.json",
    adminKey: "a-long-admin-key",
    maxCoHosts: 500,
    maxMembers: 20000,
    rateLimit: 20,
    logLevel: "silent",
    journalSize: 0,
    eventAckTimeoutMs: 500,
    eventRetryMaxDelayMs: 200,
    eventRetryMaxAttempts: 3,
    eventRetryTtlMs: 60_000,
    eventMaxInFlight: 8,
    streamPingMs: 1000,
  });
});

test("flags win over the environment", () => {
  const c = loadConfig(
    { VCONF_PORT: "9000", VCONF_HOST: "0.0.0.0", VCONF_MAX_COHOSTS: "7" },
    { "--port": "9001", "--max-cohosts": "8" },
  );
  assert.equal(c.port, 9001);
  assert.equal(c.maxCoHosts, 8);
  assert.equal(c.host, "0.0.0.0", "a setting without a flag still comes from the environment");
});

test("a good flag overrides a bad environment value", () => {
  assert.equal(loadConfig({ VCONF_PORT: "abc" }, { "--port": "1234" }).port, 1234);
});

test("every problem is listed, each naming its variable or flag", () => {
  const list = problems(
    {
      VCONF_PORT: "abc",
      VCONF_STORE: "oracle",
      VCONF_MAX_COHOSTS: "0",
      VCONF_MAX_MEMBERS: "0",
      VCONF_RATE_LIMIT: "-1",
      VCONF_LOG_LEVEL: "loud",
      VCONF_ADMIN_KEY: "short",
      VCONF_HOST: "",
    },
    { "--data-dir": "" },
  );
  const named = list.map((p) => p.split("=")[0]).sort();
  assert.deepEqual(named, [
    "--data-dir",
    "VCONF_ADMIN_KEY",
    "VCONF_HOST",
    "VCONF_LOG_LEVEL",
    "VCONF_MAX_COHOSTS",
    "VCONF_MAX_MEMBERS",
    "VCONF_PORT",
    "VCONF_RATE_LIMIT",
    "VCONF_STORE",
  ]);
  assert.ok(list.includes('VCONF_PORT="abc": must be a whole number from 0 to 65535'), list.join("\n"));
  assert.ok(list.includes('VCONF_STORE="oracle": must be one of sqlite, postgres'), list.join("\n"));
});

test("ConfigError's message lists every problem on its own line", () => {
  try {
    loadConfig({ VCONF_PORT: "x", VCONF_MAX_COHOSTS: "501" });
    assert.fail("expected a ConfigError");
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    const lines = e.message.split("\n");
    assert.equal(lines[0], "invalid settings:");
    assert.equal(lines.length, 3);
    assert.match(lines[1], /^ {2}- VCONF_PORT=/);
    assert.match(lines[2], /^ {2}- VCONF_MAX_COHOSTS=/);
  }
});

test("numbers must be whole numbers in range", () => {
  for (const bad of ["1.5", "1e3", " 80", "80 ", "+80", "0x50", "65536", "-0", ""]) {
    assert.equal(problems({ VCONF_PORT: bad }).length, 1, `VCONF_PORT=${JSON.stringify(bad)}`);
  }
  assert.equal(loadConfig({ VCONF_PORT: "65535" }).port, 65535);
  assert.equal(loadConfig({ VCONF_MAX_COHOSTS: "1" }).maxCoHosts, 1);
  assert.equal(loadConfig({}, { "--max-members": "100000" }).maxMembers, 100_000);
  assert.deepEqual(problems({ VCONF_MAX_MEMBERS: "100001" }), [
    'VCONF_MAX_MEMBERS="100001": must be a whole number from 1 to 100000',
  ]);
});

test("postgres needs a postgres URL", () => {
  assert.deepEqual(problems({ VCONF_STORE: "postgres" }), [
    "VCONF_DATABASE_URL is required when VCONF_STORE=postgres",
  ]);
  assert.equal(problems({ VCONF_STORE: "postgres", VCONF_DATABASE_URL: "mysql://x" }).length, 1);
  assert.equal(
    loadConfig({ VCONF_STORE: "postgres", VCONF_DATABASE_URL: "postgresql://x/y" }).databaseUrl,
    "postgresql://x/y",
  );
});

test("unrelated variables are ignored", () => {
  assert.deepEqual(loadConfig({ VCONF_UNKNOWN: "x", PORT: "1", HOST: "h" }), loadConfig({}));
});

test("every setting has a VCONF_ variable, a --flag and a doc line", () => {
  for (const [key, s] of Object.entries(settings)) {
    assert.match(s.env, /^VCONF_[A-Z_]+$/, key);
    assert.match(s.flag, /^--[a-z-]+$/, key);
    assert.ok(s.doc.length > 0, key);
  }
});

test("defaultConfig overrides only what it is given", () => {
  const c = defaultConfig({ port: 0, maxCoHosts: 3 });
  assert.equal(c.port, 0);
  assert.equal(c.maxCoHosts, 3);
  assert.equal(c.host, "127.0.0.1");
});
