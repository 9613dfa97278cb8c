import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { buildApp } from "../../src/app.js";
import { ManualClock, systemClock } from "../../src/domain/clock.js";
import type { Deps } from "../../src/domain/deps.js";
import { applySeed } from "../../src/domain/seed.js";
import type { App } from "../../src/http/types.js";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import type { Store } from "../../src/store/store.js";
import { FIXTURE } from "./fixture.js";
import { DEFAULT_EVENT_SETTINGS, type EventSettings, EventsRuntime } from "../../src/events/runtime.js";

export const ADMIN_KEY = "test-admin-key";

/** Which backend tests run on: VCONF_TEST_STORE=postgres picks PostgreSQL (VCONF_TEST_DATABASE_URL). */
export async function openTestStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  if ((process.env.VCONF_TEST_STORE ?? "sqlite") === "postgres") {
    const { openTestPostgres } = await import("./postgres.js");
    return openTestPostgres();
  }
  const dir = mkdtempSync(join(tmpdir(), "vconf-test-"));
  const store = SqliteStore.open(dir);
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestContext {
  app: App;
  deps: Deps;
  clock: ManualClock;
  /** The outbox, Stream gateway and delivery engine (delivering only with `listen`). */
  events: EventsRuntime;
  /** With `listen`: the server's base URL and port (real HTTP, gateway attached). */
  url: string;
  port: number;
  close: () => Promise<void>;
}

/** Delivery settings shrunk for tests: a missing ACK is noticed in 300 ms, retries wait at most 100 ms. */
export const FAST_EVENTS: EventSettings = {
  ...DEFAULT_EVENT_SETTINGS,
  eventAckTimeoutMs: 300,
  eventRetryMaxDelayMs: 100,
  streamPingMs: 60_000,
};

/** A fresh app on a fresh store, seeded with FIXTURE, with a fixed clock. */
export async function buildTestApp(
  opts: {
    maxCoHosts?: number;
    rateLimit?: number;
    journalSize?: number;
    /** Listen on a free port, attach the Stream gateway and start delivering events. */
    listen?: boolean;
    events?: Partial<EventSettings>;
    /** The system clock instead of the fixed ManualClock (default with `listen`: deliveries run in real time). */
    realClock?: boolean;
  } = {},
): Promise<TestContext> {
  const { store: raw, cleanup } = await openTestStore();
  const clock = new ManualClock();
  const used = (opts.realClock ?? opts.listen) ? systemClock : clock;
  const events = new EventsRuntime(raw, used, { ...FAST_EVENTS, ...opts.events });
  const store = events.store;
  const deps: Deps = { store, clock: used, maxCoHosts: opts.maxCoHosts ?? 100 };
  await applySeed(deps, FIXTURE);
  const app = buildApp({
    deps,
    config: {
      adminKey: ADMIN_KEY,
      rateLimit: opts.rateLimit ?? 0,
      logLevel: "silent",
      journalSize: opts.journalSize ?? 1000,
    },
    logger: false,
    events,
  });
  await app.ready();
  let port = 0;
  if (opts.listen) {
    await app.listen({ host: "127.0.0.1", port: 0 });
    port = (app.server.address() as { port: number }).port;
    await events.attach(app.server);
  }
  return {
    app,
    deps,
    clock,
    events,
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      if (opts.listen) await events.close();
      await app.close();
      await cleanup();
    },
  };
}

/** Asserts status and DingTalk code, printing the body when they differ. */
export function expectError(
  res: LightMyRequestResponse,
  status: number,
  code: string,
  message?: string | RegExp,
) {
  const body = res.json();
  assert.equal(res.statusCode, status, `expected ${status} ${code}, got ${res.statusCode}: ${res.body}`);
  assert.equal(body.code, code, `expected code ${code}, got: ${res.body}`);
  assert.match(body.requestid, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  assert.equal(typeof body.message, "string");
  if (typeof message === "string") assert.equal(body.message, message);
  else if (message) assert.match(body.message, message);
  return body;
}

/** Asserts a 200 and returns the parsed body, printing it otherwise. */
export function expectOk(res: LightMyRequestResponse) {
  assert.equal(res.statusCode, 200, `expected 200, got ${res.statusCode}: ${res.body}`);
  return res.json();
}

/** An access token for `appKey` through the real token endpoint. */
export async function tokenFor(app: App, appKey = "acme-app", appSecret?: string): Promise<string> {
  const secrets: Record<string, string> = {
    "acme-app": "acme-secret",
    "acme-reader": "reader-secret",
    "acme-noscope": "noscope-secret",
    "globex-app": "globex-secret",
  };
  const res = await app.inject({
    method: "POST",
    url: "/v1.0/oauth2/accessToken",
    payload: { appKey, appSecret: appSecret ?? secrets[appKey] },
  });
  return expectOk(res).accessToken;
}

export const CONF = "/v1.0/conference/videoConferences";

/** A small client over inject for the conference calls. */
export function api(app: App, token: string) {
  const headers = { "x-acs-dingtalk-access-token": token };
  return {
    create: (body: Record<string, unknown>) =>
      app.inject({ method: "POST", url: CONF, headers, payload: body }),
    info: (id: string) => app.inject({ method: "GET", url: `${CONF}/${id}`, headers }),
    members: (id: string, query = "") =>
      app.inject({ method: "GET", url: `${CONF}/${id}/members${query}`, headers }),
    cohosts: (id: string, body: unknown) =>
      app.inject({ method: "POST", url: `${CONF}/${id}/coHosts/set`, headers, payload: body as object }),
    close: (id: string, unionId?: string) =>
      app.inject({
        method: "DELETE",
        url: `${CONF}/${id}${unionId === undefined ? "" : `?unionId=${encodeURIComponent(unionId)}`}`,
        headers,
      }),
    call: (method: "GET" | "POST" | "PUT" | "DELETE", url: string, body?: unknown) =>
      app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) }),
  };
}

/** The control plane, with the admin key. */
export function control(app: App) {
  const headers = { "x-vconf-admin-key": ADMIN_KEY };
  return {
    join: (conf: string, unionId: string, body: Record<string, unknown> = {}) =>
      app.inject({
        method: "POST",
        url: `/_vconf/v1/conferences/${conf}/attendees/${unionId}/join`,
        headers,
        payload: body,
      }),
    leave: (conf: string, unionId: string) =>
      app.inject({
        method: "POST",
        url: `/_vconf/v1/conferences/${conf}/attendees/${unionId}/leave`,
        headers,
      }),
    audit: (conf: string) =>
      app.inject({ method: "GET", url: `/_vconf/v1/conferences/${conf}/audit`, headers }),
    call: (method: "GET" | "POST" | "PUT" | "DELETE", url: string, body?: unknown) =>
      app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) }),
  };
}

/** Creates a conference organized by alice with `invite` invited; returns its id. */
export async function createConference(app: App, token: string, invite: string[] = []): Promise<string> {
  const res = await api(app, token).create({
    userId: "union-alice",
    confTitle: "Weekly sync",
    inviteUserIds: invite,
  });
  return expectOk(res).conferenceId;
}

/** Adds users `union-<name>` (userId `<name>`) to an org of the fixture through the control plane's seed. */
export async function seedUsers(app: App, names: string[], corpId = "dingcorp-acme"): Promise<string[]> {
  const org = FIXTURE.orgs!.find((o) => o.corpId === corpId)!;
  const users = names.map((n) => ({ unionId: `union-${n}`, userId: n, name: n }));
  expectOk(await control(app).call("POST", "/_vconf/v1/seed", { orgs: [{ corpId, name: org.name, users }] }));
  return users.map((u) => u.unionId);
}
