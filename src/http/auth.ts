import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { fail } from "../errors.js";
import type { Caller, Deps } from "../domain/deps.js";
import { authenticate } from "../domain/identity/tokens.js";
import type { RouteConfig } from "../schemas/common.js";
import type { RateLimiter } from "./rate-limit.js";
import { CONTROL } from "../schemas/paths.js";

declare module "fastify" {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/** The caller of a request that passed the gateway checks (set by the hook below). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw fail("systemError", "systemError:no caller");
  return request.caller;
}

/**
 * The gateway checks, in DingTalk's order: token header → token valid → scope → rate limit. Runs before
 * the body is parsed or validated, so a bad token wins over a bad body.
 */
export function gatewayHook(deps: Deps, limiter: RateLimiter) {
  return async (request: FastifyRequest) => {
    const config = request.routeOptions.config as Partial<RouteConfig>;
    if (!config.scope) return;
    const raw = request.headers["x-acs-dingtalk-access-token"];
    const token = Array.isArray(raw) ? raw[0] : raw;
    if (!token) throw fail("AuthenticationFailed.MissingParameter");
    const caller = await authenticate(deps, token);
    // Known from here on (the journal names the app of a refused call); handlers run only if all checks pass.
    request.caller = caller;
    if (!caller.scopes.includes(config.scope)) {
      throw fail("Forbidden.AccessDenied.AccessTokenPermissionDenied", undefined, {
        requiredScopes: [config.scope],
      });
    }
    // Synchronous unless a shared limiter has to lease budget first (once per batch of calls).
    const allowed = limiter.allow(caller, config.operation!);
    if (!(allowed === true || (allowed !== false && (await allowed)))) {
      throw fail(
        caller.kind === "suite"
          ? "Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi"
          : "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
      );
    }
  };
}

/**
 * Whether the request matched a control-plane route. Decided on the route the router matched (its
 * registered path), never on the raw URL: `/%5Fvconf/…`, `/_%76conf/…` or an absolute-form target
 * `http://host/_vconf/…` all reach the same route, and so the same check.
 */
export function isControlPlane(request: FastifyRequest): boolean {
  return request.routeOptions.url?.startsWith(`${CONTROL}/`) ?? false;
}

/**
 * Checks `x-vconf-admin-key` in constant time on every control-plane route. An `onRequest` hook: it runs
 * before the body is read, so a refused request's body is never buffered or parsed.
 */
export function adminKeyHook(adminKey: string) {
  const expected = Buffer.from(adminKey);
  return async (request: FastifyRequest) => {
    if (!isControlPlane(request)) return;
    const raw = request.headers["x-vconf-admin-key"];
    const given = Buffer.from(typeof raw === "string" ? raw : "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw fail("vconf.AdminKeyRequired");
  };
}
