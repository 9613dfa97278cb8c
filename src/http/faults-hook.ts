import type { FastifyReply, FastifyRequest } from "fastify";
import type { FaultHit, Faults } from "../emulator/faults.js";
import type { RouteConfig } from "../schemas/common.js";

/** Requests answered by an injected error (an answer no route documents): the test suite's check skips them. */
export const injectedErrors = new WeakSet<FastifyRequest>();

/**
 * Applies the control plane's injected faults (a preHandler hook): after the gateway checks (token, scope,
 * rate limit) and request validation, before the operation runs. An error fault answers its envelope and
 * the operation never runs, so state is unchanged; a delay fault waits, then lets the call run.
 */
export function faultsHook(faults: Faults) {
  // Fastify's callback form: a request no fault targets goes on in the same tick, without a promise.
  return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    const operation = (request.routeOptions.config as Partial<RouteConfig>).operation;
    const first = operation ? faults.hit(operation) : undefined;
    if (!first) return done();
    const apply = (hit: FaultHit) => {
      const answer = () => {
        if (!hit.error) return done();
        injectedErrors.add(request);
        done(hit.error);
      };
      if (hit.delayMs > 0) setTimeout(answer, hit.delayMs);
      else answer();
    };
    // A shared fault set's hit is confirmed cluster-wide first (a spent one is skipped: the next applies).
    const confirm = (hit: FaultHit | undefined): void => {
      if (!hit) return done();
      if (!hit.claim) return apply(hit);
      hit.claim.then(
        (ok) => (ok ? apply(hit) : confirm(faults.hit(operation!))),
        (e: Error) => done(e),
      );
    };
    confirm(first);
  };
}
