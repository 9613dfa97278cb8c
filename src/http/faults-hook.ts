import type { FastifyRequest } from "fastify";
import type { Faults } from "../emulator/faults.js";
import type { RouteConfig } from "../schemas/common.js";

/** Requests answered by an injected error (an answer no route documents): the test suite's check skips them. */
export const injectedErrors = new WeakSet<FastifyRequest>();

/**
 * Applies the control plane's injected faults (a preHandler hook): after the gateway checks (token, scope,
 * rate limit) and request validation, before the operation runs. An error fault answers its envelope and
 * the operation never runs, so state is unchanged; a delay fault waits, then lets the call run.
 */
export function faultsHook(faults: Faults) {
  return async (request: FastifyRequest) => {
    const operation = (request.routeOptions.config as Partial<RouteConfig>).operation;
    if (!operation) return;
    let hit = faults.hit(operation);
    // A shared fault set's hit is confirmed cluster-wide first (a spent one is skipped: the next applies).
    while (hit?.claim && !(await hit.claim)) hit = faults.hit(operation);
    if (!hit) return;
    if (hit.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, hit.delayMs));
    if (hit.error) {
      injectedErrors.add(request);
      throw hit.error;
    }
  };
}
