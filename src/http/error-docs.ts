import { catalog, type ErrorCode } from "../errors.js";
import type { RouteConfig } from "../schemas/common.js";

/** One error answer an operation can give: DingTalk's code, its HTTP status and usual message. */
export interface DocumentedError {
  code: string;
  status: number;
  message: string;
  /** `operation`: declared next to the route; `gateway`: what the edge answers for every such route. */
  from: "operation" | "gateway";
}

/** What a route is, as Fastify holds it (route options at registration, `request.routeOptions` later). */
export interface RouteFacts {
  url: string;
  config?: unknown;
  schema?: { body?: unknown; querystring?: unknown; params?: unknown; hide?: boolean };
}

/** The token checks every `/v1.0` call with a scope passes first (src/http/auth.ts), in DingTalk's order. */
const TOKEN_GATEWAY: ErrorCode[] = [
  "AuthenticationFailed.MissingParameter",
  "InvalidAuthentication",
  "Forbidden.AccessDenied.AccessTokenPermissionDenied",
  "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
  "Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi",
];

/** The token endpoints answer a missing or non-string field `f` with `Missingf` (see `missingParameter`). */
function missingCodes(body: unknown): DocumentedError[] {
  const props = (body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  return Object.keys(props).map((name) => ({
    code: `Missing${name}`,
    status: 400,
    message: `${name} is mandatory for this action.`,
    from: "gateway",
  }));
}

/**
 * Answers any request may get whatever its route (refusals of the HTTP layer, an unknown path): the
 * document describes them once, not per operation.
 */
export const ANY_REQUEST: readonly ErrorCode[] = [
  "InvalidAction.NotFound",
  "InvalidRequest",
  "RequestTimeout",
  "ExpectationFailed",
  "RequestHeaderFieldsTooLarge",
];

/** The sentence the OpenAPI description gives `ANY_REQUEST`. */
export function anyRequestErrors(): string {
  return ANY_REQUEST.map((c) => `${catalog[c].status} \`${c}\``).join(", ");
}

const entry = (code: ErrorCode, from: DocumentedError["from"]): DocumentedError => ({
  code,
  status: catalog[code].status,
  message: catalog[code].message,
  from,
});

/** DingTalk's legacy oapi errcodes vconf answers (src/events/subscriptions.ts), with their usual errmsg. */
export const LEGACY_ERRORS: Readonly<Record<number, string>> = {
  [-1]: "系统繁忙",
  40014: "不合法的access_token",
  40035: "不合法的参数",
  40089: "不合法的appkey或appsecret",
  71006: "回调地址已经存在",
  71007: "回调地址不存在",
  71008: "回调地址校验失败",
};

/** A legacy route's errors: HTTP 200, `{errcode, errmsg}`; the code listed is the errcode as text. */
function legacyErrors(errcodes: readonly number[]): DocumentedError[] {
  return [...new Set([...errcodes, 40035, -1])].map((errcode) => ({
    code: String(errcode),
    status: 200,
    message: LEGACY_ERRORS[errcode] ?? "",
    from: "operation" as const,
  }));
}

/**
 * Every error answer a route can give, from the route itself: the codes its config declares (`errors`,
 * the operation's own refusals) plus what the edge answers for any route of its kind — the token
 * gateway on `/v1.0` routes with a scope, the admin key on the control plane, the route's validation
 * code when it validates input, the body errors when it takes a body, and `systemError` (a storage
 * failure) everywhere. The OpenAPI document and the test suite's check of every answered code both use
 * this, so the reference cannot drift from what the routes declare.
 */
export function documentedErrors(route: RouteFacts): DocumentedError[] {
  const config = (route.config ?? {}) as Partial<RouteConfig>;
  const schema = route.schema ?? {};
  if (config.legacy) return legacyErrors(config.legacy);
  const out = new Map<string, DocumentedError>();
  const add = (e: DocumentedError) => {
    if (!out.has(e.code)) out.set(e.code, e);
  };
  for (const code of config.errors ?? []) add(entry(code, "operation"));
  if (route.url.startsWith("/_vconf/")) add(entry("vconf.AdminKeyRequired", "gateway"));
  else if (config.scope) for (const code of TOKEN_GATEWAY) add(entry(code, "gateway"));
  // The body parsers read a body sent on any route and method (src/http/body-parsers.ts), so every route
  // can answer the body errors, and an over-deep JSON body its validation code (json-depth.ts).
  add(entry("Missingbody", "gateway"));
  add(entry("RequestEntityTooLarge", "gateway"));
  if (schema.body || schema.querystring || schema.params) {
    if (config.invalid === "missing") missingCodes(schema.body).forEach(add);
    else if (config.invalid) add(entry(config.invalid, "gateway"));
  }
  if (config.invalid !== "missing") add(entry(config.invalid ?? "paramsError", "gateway"));
  add(entry("systemError", "gateway"));
  return [...out.values()].sort((a, b) => a.status - b.status);
}

/** Whether `code` is one the route documents (every code `documentedErrors` lists). */
export function isDocumented(route: RouteFacts, code: string): boolean {
  return documentedErrors(route).some((e) => e.code === code);
}
