import Fastify, {
  LogController,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Config } from "./config.js";
import type { Deps } from "./domain/deps.js";
import { fail, newRequestId } from "./errors.js";
import { EmulatorClock } from "./emulator/clock.js";
import { Faults, localFaultControl } from "./emulator/faults.js";
import { clusterOf } from "./cluster/index.js";
import { Journal } from "./emulator/journal.js";
import { adminKeyCheck, gateway, isControlPlane } from "./http/auth.js";
import { bodyParsers } from "./http/body-parsers.js";
import { errorHandler, routingErrorHandler } from "./http/error-handler.js";
import { faultsHook } from "./http/faults-hook.js";
import { journalHook } from "./http/journal-hook.js";
import { Metrics } from "./http/metrics.js";
import { openApi } from "./http/openapi.js";
import { WindowRateLimiter } from "./http/rate-limit.js";
import { conferenceRoutes } from "./http/routes/conferences.js";
import { clockRoutes } from "./http/routes/emulator/clock.js";
import { consoleRoutes } from "./http/routes/emulator/console.js";
import { controlRoutes } from "./http/routes/emulator/control.js";
import { clientRoutes } from "./http/routes/identity/clients.js";
import { directoryRoutes } from "./http/routes/identity/directory.js";
import { faultRoutes } from "./http/routes/emulator/faults.js";
import { inspectRoutes } from "./http/routes/emulator/inspect.js";
import { healthRoutes } from "./http/routes/health.js";
import { journalRoutes } from "./http/routes/emulator/journal.js";
import { snapshotRoutes } from "./http/routes/emulator/snapshot.js";
import { artifactRoutes } from "./http/routes/emulator/artifacts.js";
import { minutesRoutes } from "./http/routes/media/minutes.js";
import { recordingRoutes } from "./http/routes/media/recordings.js";
import { statisticsRoutes } from "./http/routes/media/statistics.js";
import { hostControlRoutes } from "./http/routes/host-controls.js";
import { meetingExtraRoutes } from "./http/routes/meeting-extras.js";
import { streamRoutes } from "./http/routes/streams.js";
import { scheduleRoutes } from "./http/routes/schedules.js";
import { oauthRoutes } from "./http/routes/identity/tokens.js";
import {
  clientErrorHandler,
  continueHook,
  pathOf,
  routeExpectations,
  transportRefusal,
} from "./http/transport.js";
import type { App } from "./http/types.js";
import { ErrorEnvelope, type RouteConfig } from "./schemas/common.js";
import { stackStore, type StoreStack } from "./stack.js";
import { registerEventMetrics } from "./events/metrics.js";
import { eventControlRoutes } from "./http/routes/events/control.js";
import { eventDingtalkRoutes } from "./http/routes/events/dingtalk.js";

export interface AppOptions {
  /**
   * The clock should be an EmulatorClock (the control plane moves it: `/_vconf/v1/clock`); any other
   * clock is wrapped in one, in place, so the domain and the control plane share it.
   */
  deps: Deps;
  config: Pick<Config, "rateLimit" | "logLevel"> & { adminKey: string; journalSize?: number };
  /** Where the app records its metrics (default: a new set); other parts may register families in it. */
  metrics?: Metrics;
  /** Fastify logger option; tests pass false. */
  logger?: FastifyServerOptions["logger"];
  /**
   * The layered store (stack.ts) whose `store` is `deps.store`; without one, `deps.store` is taken as
   * the driver and stacked here (its events are not delivered: nothing attaches the gateway).
   */
  stack?: StoreStack;
}

const BODYLESS = new Set(["GET", "HEAD"]);

/** Unread bodies up to this size are drained off a kept connection rather than closing it. */
const DRAIN_MAX = 4 * 1024 * 1024;

function drainable(request: FastifyRequest): boolean {
  const length = Number(request.headers["content-length"]);
  return request.headers["transfer-encoding"] === undefined && length >= 0 && length <= DRAIN_MAX;
}

/** The logger options with a `req` serializer that leaves the query string (ids, tokens) out. */
function withoutQueryStrings(logger: AppOptions["logger"], level: string): AppOptions["logger"] {
  if (logger === false) return false;
  const options = typeof logger === "object" ? logger : { level };
  const req = (request: FastifyRequest) => ({ method: request.method, path: pathOf(request.url) });
  return { ...options, serializers: { ...options.serializers, req } };
}

/** Builds the HTTP app: plugins, hooks and an explicit route list. Never listens. */
export function buildApp({
  deps: given,
  config,
  logger,
  metrics: givenMetrics,
  stack: givenStack,
}: AppOptions): App {
  const clock = given.clock instanceof EmulatorClock ? given.clock : new EmulatorClock(given.clock);
  given.clock = clock;
  const stack = givenStack ?? stackStore(given.store, clock);
  const { live, events } = stack;
  const deps: Deps = { ...given, store: stack.store };
  const app = Fastify({
    logger: withoutQueryStrings(logger, config.logLevel),
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "requestid" }),
    genReqId: newRequestId,
    bodyLimit: 1024 * 1024,
    // Ids of any length reach the endpoint and get its "unknown id" answer (Node caps the URL at 16 KiB).
    routerOptions: { maxParamLength: 16 * 1024 },
    // During a graceful close, requests that still arrive are served (the store closes after the app),
    // rather than answered with Fastify's own 503 body, which is not DingTalk's envelope.
    return503OnClosing: false,
    // A missing Host is refused by transportRefusal, in the envelope, instead of Node's empty 400;
    // requests Node's parser refuses get the envelope from clientErrorHandler.
    http: { requireHostHeader: false },
    clientErrorHandler,
    frameworkErrors: (err, request, reply) => {
      // No onSend hook runs for these either: close rather than drain an unread body.
      if (request.raw.complete === false) reply.header("connection", "close");
      routingErrorHandler(err, request, reply);
      logRequest(request, reply); // no hooks run for these
    },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  /** The DingTalk operations (and token calls) faults may target: every route under /v1.0. */
  const faultable = new Set<string>();
  const faults = new Faults(() => faultable);
  // Several instances on PostgreSQL share the rate limit, faults and journal (src/cluster/).
  const cluster = clusterOf(stack.raw, faults, {
    rateLimit: config.rateLimit,
    journalSize: config.journalSize ?? 1000,
    // DingTalk's throttle counts real seconds: the emulated clock may stand still (frozen) or jump.
    now: () => clock.base.now(),
    watched: () => live.size > 0,
    log: (msg, err) => app.log.warn({ err }, msg),
  });
  if (cluster) {
    app.addHook("onReady", () => cluster.start());
    app.addHook("onClose", () => cluster.stop());
  }
  const journal = cluster?.journal ?? new Journal(config.journalSize ?? 1000);
  journal.onRecord((entry) => live.publish({ topic: "requests", entry }));
  const metrics = givenMetrics ?? new Metrics();
  metrics.journalSize = () => journal.length;
  stack.raw.observe?.(metrics.store);
  registerEventMetrics(metrics.registry, events);
  const record = journalHook(deps, journal);
  events.useFaults((kind, clientKey) => faults.hitDelivery(kind, clientKey));
  app.addHook("onRoute", (route) => {
    const operation = (route.config as Partial<RouteConfig> | undefined)?.operation;
    if (operation && route.url.startsWith("/v1.0/")) faultable.add(operation);
  });
  app.decorateRequest("caller", null);
  app.decorateRequest("answeredError", null);
  app.addSchema(ErrorEnvelope);
  app.setErrorHandler(errorHandler);
  const notFound = (request: FastifyRequest) => {
    request.log.debug({ method: request.method, path: pathOf(request.url) }, "no such route");
    return fail("InvalidAction.NotFound");
  };
  app.setNotFoundHandler((request) => {
    throw notFound(request);
  });
  bodyParsers(app);
  routeExpectations(app.server);

  // A keep-alive connection busy when close() starts would otherwise stay open until its timeout (72 s),
  // holding up a SIGTERM; answers sent while closing tell the client to drop the connection.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  // Every hook below is in Fastify's callback form and synchronous on the common path: an async hook costs
  // a promise and a microtask tick per request each (the co-host profile: ~35% in hooks and reply).
  app.addHook("onSend", (request, reply, payload, done) => {
    // An answer given before the body was read (a refused key or token, an unknown path): close rather
    // than let Node drain a body of any size off the connection to reuse it. A body of a bounded, small
    // size is drained instead: closing with unread bytes resets the socket (RST), which cut off long
    // answers in flight (GET /openapi.json with a 1 MiB body, found by the all-routes fuzz).
    if (closing || (request.raw.complete === false && !drainable(request))) {
      reply.header("connection", "close");
    }
    done(null, payload);
  });

  const adminKey = adminKeyCheck(config.adminKey);
  // DingTalk's throttle counts real seconds: the emulated clock may stand still (frozen) or jump.
  const checkGateway = gateway(
    deps,
    cluster?.rateLimiter ?? new WindowRateLimiter(config.rateLimit, () => clock.base.now()),
  );
  // One onRequest hook, in this order: transport refusals, unknown paths (answered before their body is
  // read: the not-found handler runs after parsing), the admin key, then the gateway checks.
  app.addHook("onRequest", (request, _reply, done) => {
    const refused =
      transportRefusal(request) ?? (request.is404 ? notFound(request) : undefined) ?? adminKey(request);
    if (refused) return done(refused);
    checkGateway(request, done);
  });
  app.addHook("preParsing", continueHook);
  // Control-plane calls take an absent body as `{}` (its optional bodies); DingTalk routes do not.
  app.addHook("preValidation", (request, _reply, done) => {
    if (request.body === undefined && isControlPlane(request) && !BODYLESS.has(request.method)) {
      request.body = {};
    }
    done();
  });
  app.addHook("preHandler", faultsHook(faults));
  app.addHook("onResponse", (request, reply, done) => {
    logRequest(request, reply);
    done();
  });
  /** One log line, one metrics sample and one journal entry per request. */
  function logRequest(request: FastifyRequest, reply: FastifyReply) {
    const operation = (request.routeOptions.config as Partial<RouteConfig>)?.operation ?? "NotFound";
    const latency = Number.isFinite(reply.elapsedTime) ? reply.elapsedTime : 0;
    const latencyMs = Math.round(latency * 100) / 100;
    const path = pathOf(request.url);
    metrics.record(operation, reply.statusCode, latency / 1000);
    record(request, reply, { operation, path, latencyMs });
    request.log.info(
      {
        operation,
        method: request.method,
        path,
        status: reply.statusCode,
        latencyMs,
        app: request.caller?.clientKey,
      },
      "request",
    );
  }

  healthRoutes(app, deps);
  app.get("/metrics", { config: { operation: "Metrics" } }, async (_req, reply) =>
    reply.type(metrics.contentType).send(await metrics.render()),
  );
  // Routes are registered in a plugin that loads after @fastify/swagger, so the OpenAPI document sees them.
  openApi(app);
  app.register(async (app: App) => {
    oauthRoutes(app, deps);
    conferenceRoutes(app, deps);
    controlRoutes(app, deps);
    hostControlRoutes(app, deps);
    streamRoutes(app, deps);
    meetingExtraRoutes(app, deps);
    scheduleRoutes(app, deps);
    journalRoutes(app, journal);
    faultRoutes(app, cluster?.faults ?? localFaultControl(faults));
    snapshotRoutes(app, deps);
    directoryRoutes(app, deps);
    clientRoutes(app, deps);
    recordingRoutes(app, deps);
    minutesRoutes(app, deps);
    statisticsRoutes(app, deps);
    artifactRoutes(app, deps);
    clockRoutes(app, deps, clock);
    inspectRoutes(app, deps);
    app.register(consoleRoutes, { bus: live });
    eventDingtalkRoutes(app, deps);
    eventControlRoutes(app, deps, events);
  });
  return app;
}
