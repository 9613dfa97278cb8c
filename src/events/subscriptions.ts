import { randomUUID } from "node:crypto";
import { ApiError, fail, paramsError } from "../errors.js";
import type { Caller, Deps } from "../domain/deps.js";
import { verifySecret } from "../domain/identity/secrets.js";
import { authenticate, getAccessToken } from "../domain/identity/tokens.js";
import { AES_KEY } from "./crypto.js";
import { push } from "./http-push.js";
import { EVENT_TYPES, EXTENSIONS } from "./payloads.js";
import type { SubscriptionRow } from "./types.js";
import type { ETx } from "./writer.js";

/**
 * Subscriptions (vconf-events.md §2): a Stream connection opened is one; an HTTP registration through
 * DingTalk's legacy `register_call_back` (checked with `check_url` first) or the control plane is one.
 */

/** A ticket is good for one connection within 90 s (dingtalk-events.md §1.1). */
export const TICKET_MS = 90_000;

const tx = <T>(deps: Deps, fn: (tx: ETx) => Promise<T>, readOnly = false) =>
  deps.store.transaction((t) => fn(t as ETx), { readOnly });

/** `POST /v1.0/gateway/connections/open`: checks the app's (or suite's) key and secret, issues a ticket. */
export async function openConnection(
  deps: Deps,
  body: { clientId: string; clientSecret: string; ua?: string },
  endpoint: string,
) {
  return tx(deps, async (t) => {
    const now = deps.clock.now();
    const app = await t.getApp(body.clientId);
    const suite = app ? undefined : await t.getSuite(body.clientId);
    const hash = app?.secretHash ?? suite?.secretHash;
    if (!hash || !verifySecret(body.clientSecret, hash)) throw fail("invalidClientIdOrSecret");
    const clientKind = app ? "app" : "suite";
    const existing = (await t.listSubscriptions(body.clientId)).some((s) => s.kind === "stream");
    if (!existing) {
      await t.putSubscription({
        kind: "stream",
        clientKey: body.clientId,
        clientKind,
        corpId: app?.corpId ?? "",
        url: null,
        token: null,
        aesKey: null,
        ownerKey: null,
        tags: null,
        source: "api",
        createdAt: now,
      });
    }
    const ticket = randomUUID();
    await t.putStreamTicket({
      ticket,
      clientKey: body.clientId,
      clientKind,
      ua: (body.ua ?? "").slice(0, 256),
      expiresAt: now + TICKET_MS,
    });
    return { endpoint, ticket };
  });
}

/** A legacy oapi error: `{errcode, errmsg}` with HTTP 200, as oapi.dingtalk.com answers. */
export class LegacyError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(errmsg);
  }
}

/** The legacy codes vconf answers (GUESS where DingTalk's list is not public; docs/decisions.md). */
export const legacy = {
  badToken: () => new LegacyError(40014, "不合法的access_token"),
  badParam: (detail: string) => new LegacyError(40035, `不合法的参数: ${detail}`),
  badCredentials: () => new LegacyError(40089, "不合法的appkey或appsecret"),
  exists: () => new LegacyError(71006, "回调地址已经存在"),
  missing: () => new LegacyError(71007, "回调地址不存在"),
  checkFailed: (why: string) => new LegacyError(71008, `回调地址校验失败: ${why}`),
};

/** `GET /gettoken?appkey=&appsecret=`: the internal app's token, in the legacy shape. */
export async function legacyGetToken(deps: Deps, q: { appkey?: string; appsecret?: string }) {
  if (!q.appkey || !q.appsecret) throw legacy.badParam("appkey and appsecret are required");
  try {
    const r = await getAccessToken(deps, { appKey: q.appkey, appSecret: q.appsecret });
    return { errcode: 0, errmsg: "ok", access_token: r.accessToken, expires_in: r.expireIn };
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) throw legacy.badCredentials();
    throw e;
  }
}

async function legacyCaller(deps: Deps, token: string | undefined): Promise<Caller> {
  if (!token) throw legacy.badToken();
  try {
    return await authenticate(deps, token);
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) throw legacy.badToken();
    throw e;
  }
}

export interface HttpDocument {
  url: string;
  token: string;
  aesKey: string;
  tags?: string[];
}

/** What is wrong with an HTTP registration, in its own words, or undefined. */
export function httpProblem(h: { url?: unknown; token?: unknown; aesKey?: unknown; tags?: unknown }) {
  if (typeof h.url !== "string" || !/^https?:\/\/[^\s]+$/.test(h.url) || !URL.canParse(h.url))
    return "url must be an http(s) URL";
  if (typeof h.token !== "string" || h.token.length < 6 || h.token.length >= 64)
    return "token must have 6 to 63 characters";
  if (typeof h.aesKey !== "string" || !AES_KEY.test(h.aesKey)) return "aes_key must be 43 letters or digits";
  if (h.tags !== undefined) {
    if (!Array.isArray(h.tags) || h.tags.length === 0) return "call_back_tag must list event types";
    const unknown = h.tags.find((t) => !EVENT_TYPES.includes(t as string));
    if (unknown !== undefined) return `unknown call_back_tag ${unknown}; known: ${EVENT_TYPES.join(", ")}`;
  }
  return undefined;
}

/** DingTalk's URL check: the encrypted `check_url` must come back as the encrypted `success` in time. */
export async function checkUrl(deps: Deps, row: SubscriptionRow): Promise<string | undefined> {
  return push(
    { url: row.url!, token: row.token!, aesKey: row.aesKey!, ownerKey: row.ownerKey! },
    JSON.stringify({ EventType: "check_url" }),
    deps.clock.now(),
  );
}

type RegisterBody = { call_back_tag?: unknown; token?: unknown; aes_key?: unknown; url?: unknown };

/**
 * `POST /call_back/register_call_back` (and `update_call_back`): one registration per app (per org for
 * a suite), ownerKey = the org's corpId. The URL must pass check_url before anything is stored.
 */
export async function registerCallBack(
  deps: Deps,
  token: string | undefined,
  body: RegisterBody,
  mode: "register" | "update",
) {
  const caller = await legacyCaller(deps, token);
  const current = await findHttp(deps, caller);
  if (mode === "register" && current) throw legacy.exists();
  if (mode === "update" && !current) throw legacy.missing();
  const merged = {
    url: body.url ?? current?.url,
    token: body.token ?? current?.token,
    aesKey: body.aes_key ?? current?.aesKey,
    tags: body.call_back_tag ?? current?.tags ?? undefined,
  };
  if (mode === "register" && body.call_back_tag === undefined)
    throw legacy.badParam("call_back_tag is required");
  const problem = httpProblem(merged);
  if (problem) throw legacy.badParam(problem);
  const row: SubscriptionRow = {
    kind: "http",
    clientKey: caller.clientKey,
    clientKind: caller.kind,
    corpId: caller.corpId,
    url: merged.url as string,
    token: merged.token as string,
    aesKey: merged.aesKey as string,
    ownerKey: caller.corpId,
    tags: merged.tags as string[],
    source: "api",
    createdAt: current?.createdAt ?? deps.clock.now(),
  };
  const failed = await checkUrl(deps, row);
  if (failed) throw legacy.checkFailed(failed);
  await tx(deps, (t) => t.putSubscription(row));
  return { errcode: 0, errmsg: "ok" };
}

async function findHttp(deps: Deps, caller: Caller) {
  const rows = await tx(deps, (t) => t.listSubscriptions(caller.clientKey), true);
  return rows.find((s) => s.kind === "http" && s.corpId === caller.corpId);
}

/** `GET /call_back/get_call_back`. */
export async function getCallBack(deps: Deps, token: string | undefined) {
  const current = await findHttp(deps, await legacyCaller(deps, token));
  if (!current) throw legacy.missing();
  return {
    errcode: 0,
    errmsg: "ok",
    call_back_tag: current.tags ?? [...EVENT_TYPES],
    token: current.token!,
    aes_key: current.aesKey!,
    url: current.url!,
  };
}

/** `GET /call_back/delete_call_back`: pushes still pending for it are dropped. */
export async function deleteCallBack(deps: Deps, token: string | undefined) {
  const caller = await legacyCaller(deps, token);
  if (!(await findHttp(deps, caller))) throw legacy.missing();
  await tx(deps, (t) => t.deleteSubscription("http", caller.clientKey, caller.corpId));
  return { errcode: 0, errmsg: "ok" };
}

/** At most this many failed pushes per `get_call_back_failed_result` call. */
export const FAILED_PAGE = 200;

/**
 * `GET /call_back/get_call_back_failed_result`: pushes that finally failed (not those still retried),
 * oldest first, each returned once: `{call_back_tag, event_time, <tag>: the plaintext event}`.
 */
export async function getFailedResult(deps: Deps, token: string | undefined) {
  const caller = await legacyCaller(deps, token);
  return tx(deps, async (t) => {
    const taken = await t.takeFailedHttp(caller.clientKey, caller.corpId, FAILED_PAGE);
    const hasMore = await t.hasFailedHttp(caller.clientKey, caller.corpId);
    return {
      errcode: 0,
      errmsg: "ok",
      has_more: hasMore,
      failed_list: taken.map(({ event }) => ({
        call_back_tag: event.eventType,
        event_time: event.bornAt,
        [event.eventType]: {
          EventType: event.eventType,
          EventTime: event.bornAt,
          CorpId: event.corpId,
          eventId: event.eventId,
          ...event.payload,
        },
      })),
    };
  });
}

/** The control plane's event document of an app or suite (vconf-events.md §2). */
export interface EventDocument {
  http?: HttpDocument;
  extensions?: string[];
}

async function client(t: ETx, kind: "app" | "suite", key: string) {
  if (kind === "app") {
    const app = await t.getApp(key);
    if (!app) throw fail("vconf.NotFound", `no app ${key}`);
    return { corpId: app.corpId };
  }
  if (!(await t.getSuite(key))) throw fail("vconf.NotFound", `no suite ${key}`);
  return { corpId: "" };
}

/** `GET /_vconf/v1/apps/{appKey}/events` (and suites): an `http` made by register_call_back shows too. */
export async function getEventDocument(deps: Deps, kind: "app" | "suite", key: string) {
  return tx(
    deps,
    async (t) => {
      const { corpId } = await client(t, kind, key);
      const http = (await t.listSubscriptions(key)).find((s) => s.kind === "http" && s.corpId === corpId);
      const settings = await t.getEventSettings(key);
      const doc: EventDocument & { stream: boolean } = {
        stream: (await t.listSubscriptions(key)).some((s) => s.kind === "stream"),
      };
      if (http)
        doc.http = {
          url: http.url!,
          token: http.token!,
          aesKey: http.aesKey!,
          ...(http.tags ? { tags: http.tags } : {}),
        };
      if (settings?.extensions.length) doc.extensions = settings.extensions;
      return doc;
    },
    true,
  );
}

/** Checks a document (seed or control plane); returns its problems, each naming the field. */
export function documentProblems(doc: EventDocument, at = ""): string[] {
  const problems: string[] = [];
  if (doc.http) {
    const p = httpProblem(doc.http);
    if (p) problems.push(`${at}http: ${p.replace("aes_key", "aesKey").replace("call_back_tag", "tags")}`);
  }
  for (const e of doc.extensions ?? []) {
    if (!(e in EXTENSIONS))
      problems.push(`${at}extensions: unknown ${e}; known: ${Object.keys(EXTENSIONS).join(", ")}`);
  }
  return problems;
}

/**
 * `PUT /_vconf/v1/apps/{appKey}/events`: replaces the whole document (no check_url: an operator's
 * setting, as DingTalk's console; the receiver may not be up yet). ownerKey: the appKey (suiteKey).
 */
export async function putEventDocument(deps: Deps, kind: "app" | "suite", key: string, doc: EventDocument) {
  const problems = documentProblems(doc);
  if (problems.length) throw paramsError(problems.join("; "));
  await tx(deps, (t) => writeDocument(t, kind, key, doc, deps.clock.now()));
  return getEventDocument(deps, kind, key);
}

/** Writes a document in `t` (also used by the seed). */
export async function writeDocument(
  t: ETx,
  kind: "app" | "suite",
  key: string,
  doc: EventDocument,
  now: number,
) {
  const { corpId } = await client(t, kind, key);
  const current = (await t.listSubscriptions(key)).find((s) => s.kind === "http" && s.corpId === corpId);
  if (doc.http) {
    await t.putSubscription({
      kind: "http",
      clientKey: key,
      clientKind: kind,
      corpId,
      url: doc.http.url,
      token: doc.http.token,
      aesKey: doc.http.aesKey,
      ownerKey: key,
      tags: doc.http.tags ?? null,
      source: "config",
      createdAt: current?.createdAt ?? now,
    });
  } else if (current) {
    await t.deleteSubscription("http", key, corpId);
  }
  if (doc.extensions?.length)
    await t.putEventSettings({ clientKey: key, extensions: [...new Set(doc.extensions)] });
  else await t.deleteEventSettings(key);
}

/** `DELETE /_vconf/v1/apps/{appKey}/events`: no HTTP registration, no extensions, no Stream subscription. */
export async function deleteEventDocument(deps: Deps, kind: "app" | "suite", key: string) {
  await tx(deps, async (t) => {
    await client(t, kind, key);
    for (const s of await t.listSubscriptions(key)) await t.deleteSubscription(s.kind, key, s.corpId);
    await t.deleteEventSettings(key);
  });
  return { success: true };
}
