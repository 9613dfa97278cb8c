import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, beforeEach } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { buildApp } from "../../src/app.js";
import { ManualClock, systemClock } from "../../src/domain/clock.js";
import { EmulatorClock } from "../../src/emulator/clock.js";
import type { Deps } from "../../src/domain/deps.js";
import { applySeed } from "../../src/emulator/seed.js";
import type { Metrics } from "../../src/http/metrics.js";
import type { App } from "../../src/http/types.js";
import { BASE as CONF, CONTROL, OAUTH } from "../../src/schemas/paths.js";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import type { Store } from "../../src/store/store.js";
import { watchErrorDocs } from "./error-docs.js";
import { FIXTURE } from "./fixture.js";
import { DEFAULT_EVENT_SETTINGS, type EventSettings, type EventsRuntime } from "../../src/events/runtime.js";
import { stackStore } from "../../src/stack.js";
import type { LiveBus } from "../../src/emulator/live-bus.js";

export const ADMIN_KEY = "test-admin-key";

export type StoreKind = Store["kind"];

/** The backend tests run on: VCONF_TEST_STORE=postgres picks PostgreSQL (VCONF_TEST_DATABASE_URL). */
export const defaultStoreKind = (): StoreKind =>
  process.env.VCONF_TEST_STORE === "postgres" ? "postgres" : "sqlite";

/**
 * The backends the store contract suites run on, all in one run: VCONF_TEST_STORES=sqlite,postgres
 * (default: the one VCONF_TEST_STORE names). An unknown name is an error, not a silent skip.
 */
export function testStoreKinds(): StoreKind[] {
  const list = process.env.VCONF_TEST_STORES;
  if (!list) return [defaultStoreKind()];
  return list.split(",").map((name) => {
    const kind = name.trim();
    if (kind !== "sqlite" && kind !== "postgres") {
      throw new Error(`VCONF_TEST_STORES: unknown store "${kind}" (sqlite, postgres)`);
    }
    return kind;
  });
}

/** A fresh, empty store of `kind` (default: VCONF_TEST_STORE's) and what removes it again. */
export async function openTestStore(
  kind: StoreKind = defaultStoreKind(),
): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  if (kind === "postgres") {
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
  deps: Deps & { clock: EmulatorClock };
  /** The base of `deps.clock`: tests move time by hand (the control plane's clock runs on top of it). */
  clock: ManualClock;
  /** The outbox, Stream gateway and delivery engine (delivering only with `listen`). */
  events: EventsRuntime;
  /** The console's live bus (the top layer of the store, src/stack.ts). */
  live: LiveBus;
  /** `http://127.0.0.1:<port>` and the port when built with `listen`, else "" and 0. */
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

/** `useTestApp`'s handle: this test's app, and a way to swap it for one with other options. */
export interface TestApp extends TestContext {
  /** Closes this test's app and builds another with `opts` (a test that needs other settings). */
  rebuild(opts?: TestAppOptions): Promise<void>;
}

export interface TestAppOptions {
  maxCoHosts?: number;
  maxMembers?: number;
  rateLimit?: number;
  journalSize?: number;
  /** Also listen on 127.0.0.1 (port 0), for clients that need a real socket (SDK, client, CLI); also
   * attaches the Stream gateway and starts delivering events. */
  listen?: boolean;
  /** Delivery settings over FAST_EVENTS. */
  events?: Partial<EventSettings>;
  /** The system clock instead of the fixed ManualClock (event delivery runs in real time). */
  realClock?: boolean;
  /** The app's metrics (built beforehand, e.g. with families of a test's own). */
  metrics?: Metrics;
}

/** A fresh app on a fresh store, seeded with FIXTURE, with a fixed clock. */
export async function buildTestApp(opts: TestAppOptions = {}): Promise<TestContext> {
  const { store: raw, cleanup } = await openTestStore();
  const clock = new ManualClock();
  const base = opts.realClock ? systemClock : clock;
  const emulated = new EmulatorClock(base);
  const stack = stackStore(raw, emulated, { events: { ...FAST_EVENTS, ...opts.events } });
  const { events } = stack;
  const deps = {
    store: stack.store,
    clock: emulated,
    maxCoHosts: opts.maxCoHosts ?? 100,
    maxMembers: opts.maxMembers ?? 1000,
  };
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
    metrics: opts.metrics,
    stack,
  });
  const undocumented = watchErrorDocs(app);
  await app.ready();
  let url = "";
  if (opts.listen) url = await app.listen({ host: "127.0.0.1", port: 0 });
  if (opts.listen) await events.attach(app.server);
  return {
    app,
    deps,
    clock,
    events,
    live: stack.live,
    url,
    port: url ? (app.server.address() as { port: number }).port : 0,
    close: async () => {
      if (opts.listen) await events.close();
      await app.close();
      await cleanup();
      assert.deepEqual(undocumented, [], "every error answered is listed in the API reference");
    },
  };
}

/**
 * The test app of every test in this file (or `describe` block): registers the hooks that build a fresh
 * one before each test (`per: "file"`: once, before the first) and close it after. The handle's fields
 * are filled in by the hook, so read them inside tests, not at load time. `setup` runs in the same hook
 * once the app is up: Node 20 starts a file's top-level `before` hooks without awaiting the one before,
 * so a separate `before` could see no app yet.
 */
export function useTestApp(
  opts: TestAppOptions & { per?: "test" | "file" } = {},
  setup?: (ctx: TestApp) => Promise<void> | void,
): TestApp {
  const live = {} as TestApp;
  const open = async (o: TestAppOptions) => {
    Object.assign(live, await buildTestApp(o));
    await setup?.(live);
  };
  live.rebuild = async (o = {}) => {
    await live.close();
    await open({ ...opts, ...o });
  };
  const each = opts.per !== "file";
  (each ? beforeEach : before)(() => open(opts));
  (each ? afterEach : after)(() => live.close());
  return live;
}

/**
 * For files whose tests build several apps (or differently configured ones): the returned function builds
 * one, and every app it built is closed after each test.
 */
export function freshApps(): (opts?: TestAppOptions) => Promise<TestContext> {
  const open: TestContext[] = [];
  afterEach(async () => {
    while (open.length) await open.pop()!.close();
  });
  return async (opts = {}) => {
    const ctx = await buildTestApp(opts);
    open.push(ctx);
    return ctx;
  };
}

/** A fresh app for one test (or a second one beside `useTestApp`'s), closed when the test ends. */
export async function testApp(
  t: { after(fn: () => Promise<void>): void },
  opts: TestAppOptions = {},
): Promise<TestContext> {
  const ctx = await buildTestApp(opts);
  t.after(() => ctx.close());
  return ctx;
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
    url: `${OAUTH}/accessToken`,
    payload: { appKey, appSecret: appSecret ?? secrets[appKey] },
  });
  return expectOk(res).accessToken;
}

/** The conference calls' base path (the routes' own constant). */
export { BASE as CONF } from "../../src/schemas/paths.js";

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
        url: `${CONTROL}/conferences/${conf}/attendees/${unionId}/join`,
        headers,
        payload: body,
      }),
    leave: (conf: string, unionId: string) =>
      app.inject({
        method: "POST",
        url: `${CONTROL}/conferences/${conf}/attendees/${unionId}/leave`,
        headers,
      }),
    audit: (conf: string) =>
      app.inject({ method: "GET", url: `${CONTROL}/conferences/${conf}/audit`, headers }),
    call: (method: "GET" | "POST" | "PUT" | "DELETE", url: string, body?: unknown) =>
      app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) }),
  };
}

/** The control plane's snapshot: the whole stored state (a refused call must leave it as it was). */
export async function snapshotOf(app: App) {
  return expectOk(await control(app).call("GET", `${CONTROL}/snapshot`));
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
  expectOk(await control(app).call("POST", `${CONTROL}/seed`, { orgs: [{ corpId, name: org.name, users }] }));
  return users.map((u) => u.unionId);
}
