import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { type ApiError, fail } from "../errors.js";
import type { Caller, Deps } from "../domain/deps.js";
import { cachedCaller, resolveCaller } from "../domain/identity/tokens.js";
import { hashToken } from "../domain/identity/secrets.js";
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

/** A hook's continuation (Fastify's callback form: no promise and no extra tick when it runs at once). */
export type Done = (err?: Error) => void;

/**
 * The gateway checks, in DingTalk's order: token header → token valid → scope → rate limit. Runs before
 * the body is parsed or validated, so a bad token wins over a bad body. A token the store's memory holds
 * is answered synchronously (`cachedCaller`); only a miss waits for a transaction.
 */
export function gateway(deps: Deps, limiter: RateLimiter) {
  const qpsRefusal = (caller: Caller) =>
    fail(
      caller.kind === "suite"
        ? "Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi"
        : "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
    );
  /** Answers `done` with the refusal, if any, once the caller is known. */
  const admit = (request: FastifyRequest, config: Partial<RouteConfig>, caller: Caller, done: Done): void => {
    // Known from here on (the journal names the app of a refused call); handlers run only if all checks pass.
    request.caller = caller;
    const scope = config.scope!;
    if (!caller.scopes.includes(scope)) {
      return done(
        fail("Forbidden.AccessDenied.AccessTokenPermissionDenied", undefined, { requiredScopes: [scope] }),
      );
    }
    // Synchronous unless a shared limiter has to lease budget first (once per batch of calls).
    const allowed = limiter.allow(caller, config.operation!);
    if (allowed === true) return done();
    if (allowed === false) return done(qpsRefusal(caller));
    allowed.then(
      (ok) => done(ok ? undefined : qpsRefusal(caller)),
      (e: Error) => done(e),
    );
  };
  return (request: FastifyRequest, done: Done): void => {
    const config = request.routeOptions.config as Partial<RouteConfig>;
    if (!config.scope) return done();
    const raw = request.headers["x-acs-dingtalk-access-token"];
    const token = Array.isArray(raw) ? raw[0] : raw;
    if (!token) return done(fail("AuthenticationFailed.MissingParameter"));
    const hash = hashToken(token);
    const cached = cachedCaller(deps, hash);
    if (cached) return admit(request, config, cached, done);
    resolveCaller(deps, hash).then(
      (caller) => admit(request, config, caller, done),
      (e: Error) => done(e),
    );
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
 * Checks `x-vconf-admin-key` in constant time on every control-plane route; returns the refusal, if any.
 * Runs on request, before the body is read, so a refused request's body is never buffered or parsed.
 */
export function adminKeyCheck(adminKey: string) {
  const expected = Buffer.from(adminKey);
  return (request: FastifyRequest): ApiError | undefined => {
    if (!isControlPlane(request)) return undefined;
    const raw = request.headers["x-vconf-admin-key"];
    const given = Buffer.from(typeof raw === "string" ? raw : "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return fail("vconf.AdminKeyRequired");
    return undefined;
  };
}
