import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../domain/deps.js";
import type { Journal } from "../emulator/journal.js";
import { INSTANCE_ID } from "../cluster/instance.js";
import type { RouteConfig } from "../schemas/common.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The DingTalk error this request was answered with (set by the error handler). */
    answeredError: { code: string; message: string } | null;
  }
}

/**
 * Operations the journal leaves out: reading, emptying or watching the journal itself (it would fill
 * with its own reads), the console's static files, and the operational endpoints scraped by machines. Every DingTalk call and every other control-plane call,
 * including refused ones (wrong admin key, unknown path), is journaled.
 */
const NOT_JOURNALED = new Set([
  "vconf.Requests",
  "vconf.ClearRequests",
  "vconf.Watch",
  "vconf.Console",
  "Health",
  "Metrics",
  "vconf.OpenApi",
  "vconf.Docs",
]);

/** The app a token-endpoint call names (its body), for calls that have no caller yet. */
function namedApp(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  const key = b.appKey ?? b.suiteKey ?? b.client_id;
  return typeof key === "string" && key !== "" ? key.slice(0, 128) : undefined;
}

/** Records one journal entry per answered request (an onResponse hook). */
export function journalHook(deps: Deps, journal: Pick<Journal, "record">) {
  return (
    request: FastifyRequest,
    reply: FastifyReply,
    { operation, path, latencyMs }: { operation: string; path: string; latencyMs: number },
  ) => {
    if (NOT_JOURNALED.has(operation)) return;
    const config = request.routeOptions.config as Partial<RouteConfig> | undefined;
    const app =
      request.caller?.clientKey ??
      (request.routeOptions.url?.startsWith("/v1.0/oauth2/") ? namedApp(request.body) : undefined);
    journal.record({
      time: new Date(deps.clock.now()).toISOString(),
      requestid: request.id,
      method: request.method,
      path,
      operation: config?.operation ?? operation,
      ...(app === undefined ? {} : { app }),
      status: reply.statusCode,
      latencyMs,
      instance: INSTANCE_ID,
      ...(request.answeredError ?? {}),
    });
  };
}
