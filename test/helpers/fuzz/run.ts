import fc from "fast-check";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "../../../src/http/types.js";
import { ADMIN_KEY, api, control, createConference, expectOk, tokenFor } from "../app.js";
import { FIXTURE, R, W } from "../fixture.js";
import { anyRequest, type Body, type FuzzRequest, type Pool } from "./requests.js";
import { fuzzRoutes, routeName, type FuzzRoute } from "./routes.js";

export interface FuzzStats {
  requests: number;
  /** Requests and successes per route. */
  routes: Map<string, { requests: number; ok: number; codes: Map<string, number> }>;
  fiveXX: number;
  nonEnvelope: number;
  stateChanges: number;
  /** The first problems found, each with the request that caused it. */
  failures: string[];
}

export interface FuzzTarget {
  app: App;
  port: number;
  routes: FuzzRoute[];
  pools: Record<Pool, string[]>;
  initial: string;
}

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
/** Every so many requests the initial state is restored, so that ids keep meaning something. */
const RESTORE_EVERY = 40;
/** Bounds a hang on a busy machine; not a speed assertion. */
const ANSWER_WAIT_MS = 30_000;

const DESTRUCTIVE =
  /^(POST \/_vconf\/v1\/(reset|seed)|PUT \/_vconf\/v1\/snapshot|DELETE \/_vconf\/v1\/(orgs|apps|users|suites)|POST .*rotate-secret)/;

const inject = (app: App, method: "GET" | "PUT" | "DELETE", url: string, payload?: string) =>
  app.inject({
    method,
    url,
    headers: { "x-vconf-admin-key": ADMIN_KEY, ...(payload ? { "content-type": "application/json" } : {}) },
    payload,
  });
const snapshotText = async (app: App) => (await inject(app, "GET", "/_vconf/v1/snapshot")).body;

/**
 * Builds a busy state on a test app (buildTestApp: FIXTURE, fixed clock) listening on a real port: tokens
 * of every kind, conferences open and closed with joined, invited, phone and co-host members.
 */
export async function prepareTarget(app: App): Promise<FuzzTarget> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as AddressInfo).port;
  // The two tokens that may write in acme first (the internal app's and the suite's), then the others.
  const suiteBody = { suiteKey: "suite-meetbot", corpId: "dingcorp-acme" };
  const tokens = [
    await tokenFor(app),
    expectOk(await control(app).call("POST", "/_vconf/v1/tokens", suiteBody)).accessToken as string,
    await tokenFor(app, "acme-reader"),
    await tokenFor(app, "acme-noscope"),
    await tokenFor(app, "globex-app"),
  ];
  const acme = api(app, tokens[0]);
  const a = await createConference(app, tokens[0], ["union-bob", "union-carol"]);
  expectOk(await control(app).join(a, "union-bob"));
  expectOk(await acme.cohosts(a, { action: "add", userList: [{ unionId: "union-dave" }] }));
  expectOk(
    await acme.call("POST", `/v1.0/conference/videoConferences/${a}/users/invite`, {
      phoneInviteeList: [{ phoneNumber: "+86 138 0000 0001", nick: "Phone" }],
    }),
  );
  const b = await createConference(app, tokens[0], ["union-erin"]);
  expectOk(await acme.close(b, "union-alice"));
  const g = expectOk(
    await api(app, tokens[4]).create({ userId: "union-gina", confTitle: "G", inviteUserIds: ["union-hank"] }),
  ).conferenceId as string;
  const initial = await snapshotText(app);
  const doc = JSON.parse(initial);
  const orgs = FIXTURE.orgs ?? [];
  const pools: Record<Pool, string[]> = {
    conference: [a, b, g, "0123456789abcdef01234567"],
    // Members of the open conference who are not its host first: most targets then name one.
    union: [
      ...new Set([
        "union-bob",
        "union-carol",
        ...doc.users.map((u: { unionId: string }) => u.unionId),
        "pstn:8613800000001",
        "union-nobody",
      ]),
    ],
    corp: [...doc.orgs.map((o: { corpId: string }) => o.corpId), "dingcorp-nowhere"],
    app: [...doc.apps.map((x: { appKey: string }) => x.appKey), "no-app"],
    suite: ["suite-meetbot", "no-suite"],
    secret: [...orgs.flatMap((o) => (o.apps ?? []).map((x) => x.appSecret)), "wrong-secret"],
    suiteSecret: ["meetbot-secret", "wrong"],
    ticket: ["ticket-1", "wrong"],
    token: tokens,
    phone: ["+86 138 0000 0001", "+86 138 0000 0002", "12", "+1-555-0100"],
    scope: [W, R, "Other.Scope"],
    operation: ["Cohosts", "CreateVideoConference", "QueryConferenceMembers", "GetAccessToken", "Nope"],
  };
  return { app, port, routes: fuzzRoutes(app), pools, initial };
}

const PLACEHOLDER = /@p:(\w+):(\d+)@/g;
const ENCODED = /%40p%3A(\w+)%3A(\d+)%40/g;

function fill(t: FuzzTarget, text: string, encode: (s: string) => string): string {
  const value = (pool: string, i: string) => {
    const list = t.pools[pool as Pool] ?? [];
    return list.length ? list[Number(i) % list.length] : "";
  };
  return text
    .replace(PLACEHOLDER, (_m, p, i) => encode(value(p, i)))
    .replace(ENCODED, (_m, p, i) => encodeURIComponent(value(p, i)))
    .replace(/@admin@/g, ADMIN_KEY);
}
const jsonInner = (s: string) => JSON.stringify(s).slice(1, -1);

function bodyText(t: FuzzTarget, body: Body, current: string): string | undefined {
  switch (body.kind) {
    case "none":
      return undefined;
    case "json":
      return fill(t, JSON.stringify(body.value) ?? "null", jsonInner);
    case "text":
      return body.text;
    case "deep":
      return `{"x":${"[".repeat(body.depth)}${"]".repeat(body.depth)}}`;
    case "huge":
      return JSON.stringify({ x: "x".repeat(body.bytes) });
    case "snapshot": {
      const doc = JSON.parse(current);
      const rows = doc[body.table] as Record<string, unknown>[];
      // "none": the live snapshot as it is, which must import.
      if (rows.length && body.field !== "none") rows[body.row % rows.length][body.field] = body.value;
      return fill(t, JSON.stringify(doc), jsonInner);
    }
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function send(t: FuzzTarget, req: FuzzRequest, body: string | undefined): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = fill(t, v, (s) => s);
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  const path =
    fill(t, req.path, encodeURIComponent) + (req.query ? `?${fill(t, req.query, encodeURIComponent)}` : "");
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: "127.0.0.1", port: t.port, method: req.method, path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on("error", reject);
      },
    );
    r.setTimeout(ANSWER_WAIT_MS, () => r.destroy(new Error("no answer")));
    r.on("error", reject);
    r.end(body);
  });
}

/** DingTalk's legacy oapi routes: errors are HTTP 200 `{errcode, errmsg}` (errcode ≠ 0), not envelopes. */
const LEGACY = /^\/(gettoken|call_back\/)/;

/** A legacy route's refusal: its errcode as text, or undefined for a success or another route. */
export function legacyRefusal(route: string, a: Answer): string | undefined {
  if (a.status !== 200 || !LEGACY.test(route.split(" ")[1] ?? "")) return undefined;
  try {
    const errcode = (JSON.parse(a.body) as { errcode?: unknown }).errcode;
    return errcode === 0 ? undefined : String(errcode);
  } catch {
    return undefined;
  }
}

/** What is wrong with a legacy refusal's form: exactly a numeric `errcode` and a non-empty `errmsg`. */
function legacyProblem(a: Answer): string | undefined {
  const body = JSON.parse(a.body) as Record<string, unknown>;
  const keys = Object.keys(body).sort().join(",");
  if (keys !== "errcode,errmsg") return `a legacy error with keys ${keys}`;
  if (typeof body.errcode !== "number" || typeof body.errmsg !== "string" || !body.errmsg)
    return "a legacy error of wrong types";
  return undefined;
}

/** What is wrong with an answer's form, if anything: a 5xx, or an error not in DingTalk's envelope. */
export function answerProblem(method: string, a: Answer, route = ""): string | undefined {
  if (a.status >= 500) return `status ${a.status}`;
  if (method === "HEAD") return undefined;
  if (legacyRefusal(route, a) !== undefined) return legacyProblem(a);
  const json = /^application\/json/.test(String(a.headers["content-type"]));
  if (a.status < 400) {
    if (!json) return undefined;
    try {
      JSON.parse(a.body);
      return undefined;
    } catch {
      return "a success whose JSON does not parse";
    }
  }
  if (!json) return `an error with content-type ${a.headers["content-type"]}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(a.body);
  } catch {
    return "an error whose JSON does not parse";
  }
  const keys = Object.keys(body ?? {})
    .filter((k) => k !== "accessdenieddetail")
    .sort()
    .join(",");
  if (keys !== "code,message,requestid") return `an error with keys ${keys}`;
  if (typeof body.code !== "string" || !body.code || typeof body.message !== "string")
    return "an envelope of wrong types";
  if (!REQUEST_ID.test(String(body.requestid))) return "an envelope without a DingTalk requestid";
  return undefined;
}

const describe = (req: FuzzRequest, body: string | undefined) =>
  `${req.method} ${req.path}${req.query ? `?${req.query}` : ""} ${JSON.stringify(req.headers)} ${(body ?? "").slice(0, 300)}`;

/**
 * Sends `requests` random requests (seeded) over real HTTP, one at a time. Checks every answer's form
 * and, for every rejected request, that the snapshot is unchanged.
 */
export async function fuzz(
  t: FuzzTarget,
  opts: { seed: number; requests: number; onProgress?: (s: FuzzStats) => void; progressEvery?: number },
): Promise<FuzzStats> {
  const stats: FuzzStats = {
    requests: 0,
    routes: new Map(t.routes.map((r) => [routeName(r), { requests: 0, ok: 0, codes: new Map() }])),
    fiveXX: 0,
    nonEnvelope: 0,
    stateChanges: 0,
    failures: [],
  };
  const fault = (what: string) => {
    if (stats.failures.length < 20) stats.failures.push(what);
  };
  const arb = anyRequest(t.routes);
  const CHUNK = 200;
  let before = t.initial;
  /** Set after a call that drops much of the state: the next request starts from the initial state. */
  let wiped = false;
  for (let chunk = 0; stats.requests < opts.requests; chunk++) {
    const batch = fc.sample(arb, {
      seed: opts.seed + chunk,
      numRuns: Math.min(CHUNK, opts.requests - stats.requests),
    });
    for (const req of batch) {
      if ((stats.requests % RESTORE_EVERY === 0 || wiped) && before !== t.initial) {
        wiped = false;
        expectOk(await inject(t.app, "PUT", "/_vconf/v1/snapshot", t.initial));
        before = t.initial;
      }
      const body = bodyText(t, req.body, before);
      let answer: Answer;
      try {
        answer = await send(t, req, body);
      } catch (e) {
        stats.requests++;
        stats.nonEnvelope++;
        fault(`no answer (${(e as Error).message}): ${describe(req, body)}`);
        continue;
      }
      stats.requests++;
      const route = stats.routes.get(req.route)!;
      route.requests++;
      const legacy = legacyRefusal(req.route, answer);
      const rejected = answer.status >= 400 || legacy !== undefined;
      if (!rejected) route.ok++;
      else {
        const code = legacy ?? /"code":"([^"]*)"/.exec(answer.body)?.[1] ?? String(answer.status);
        route.codes.set(code, (route.codes.get(code) ?? 0) + 1);
      }
      const problem = answerProblem(req.method, answer, req.route);
      if (problem) {
        if (answer.status >= 500) stats.fiveXX++;
        else stats.nonEnvelope++;
        fault(`${problem}: ${describe(req, body)} → ${answer.status} ${answer.body.slice(0, 200)}`);
      }
      if (rejected) {
        const after = await snapshotText(t.app);
        if (after !== before) {
          stats.stateChanges++;
          fault(
            `a rejected request changed the state: ${describe(req, body)} → ${answer.status} ${answer.body}`,
          );
          before = after;
        }
      } else if ((req.method !== "GET" && req.method !== "HEAD") || LEGACY.test(req.path)) {
        // (A legacy GET writes too: /gettoken issues a token, delete_call_back drops a subscription.)
        // Faults set by the fuzz would turn later requests into injected errors: clear them at once.
        if (req.route === "PUT /_vconf/v1/faults") await inject(t.app, "DELETE", "/_vconf/v1/faults");
        before = await snapshotText(t.app);
        wiped = DESTRUCTIVE.test(req.route);
      }
      if (opts.onProgress && stats.requests % (opts.progressEvery ?? 10_000) === 0) opts.onProgress(stats);
    }
  }
  return stats;
}
