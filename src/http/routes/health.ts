import type { Deps } from "../../domain/deps.js";
import { envelope, fail } from "../../errors.js";
import type { App } from "../types.js";

/**
 * `GET /healthz`: 200 `{"status":"ok"}` while the store takes writes; 503 otherwise (disk full, files
 * deleted or read-only, a lock held elsewhere, PostgreSQL unreachable) until a write succeeds again. The
 * 503 body is DingTalk's error envelope, like every error vconf answers, plus `status` and the `reason` a
 * person can act on. It never waits on the store's queue or a lock (see `Store.health`).
 */
export function healthRoutes(app: App, deps: Deps) {
  app.get("/healthz", { config: { operation: "Health" } }, async (request, reply) => {
    const health = (await deps.store.health?.()) ?? { ok: true };
    if (health.ok) return { status: "ok" };
    const err = fail("systemError", "systemError:storage failure");
    request.answeredError = { code: err.code, message: err.message };
    reply.code(503).header("content-type", "application/json;charset=utf-8");
    return { ...envelope(err, request.id), status: "unavailable", reason: health.reason };
  });
}
