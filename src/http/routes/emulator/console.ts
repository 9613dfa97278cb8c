import { fastifySSE as sse } from "@fastify/sse";
import fastifyStatic from "@fastify/static";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { LiveBus, LiveNotice, LiveTopic } from "../../../emulator/live-bus.js";
import { assert, fail } from "../../../errors.js";
import Type from "typebox";
import type { RouteConfig } from "../../../schemas/common.js";
import { WatchQuery } from "../../../schemas/emulator/inspect.js";
import { CONTROL, ctl } from "../../../schemas/paths.js";
import type { App } from "../../types.js";

/** The console's bundle, built by `npm run build` (scripts/build-web.ts); the same path from src/ and dist/. */
export const CONSOLE_DIR = fileURLToPath(new URL("../../../../dist/web/", import.meta.url));

/** At most this many watch streams at once (each holds a connection and a listener). */
export const MAX_WATCHERS = 64;
/** A watcher that lets this much output pile up unread is closed; it reconnects and reloads. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface ConsoleOptions {
  bus: LiveBus;
  /** Where the bundle is (tests point it elsewhere). */
  dir?: string;
  /** Heartbeat comment interval on watch streams (keeps proxies from timing them out). */
  heartbeatMs?: number;
}

/**
 * The web console at `/console/` (static files, no CDN) and its live feed, `GET /_vconf/v1/watch`: a
 * server-sent event stream of committed changes, answered requests and the event outbox, behind the admin key like the rest
 * of the control plane. Registered as a plugin so the SSE and static plugins stay in this context.
 */
export async function consoleRoutes(app: App, opts: ConsoleOptions) {
  const dir = opts.dir ?? CONSOLE_DIR;
  // Static files get an operation too: the journal and the request log leave them out.
  app.addHook("onRoute", (route) => {
    const config = (route.config ?? {}) as Partial<RouteConfig>;
    if (!config.operation) route.config = { ...config, operation: "vconf.Console" } as typeof route.config;
  });
  if (existsSync(`${dir}/index.html`)) {
    await app.register(fastifyStatic, { root: dir, prefix: "/console/", wildcard: false, redirect: true });
  } else {
    app.get(
      "/console*",
      { schema: { hide: true }, config: { operation: "vconf.Console", errors: ["vconf.ConsoleNotBuilt"] } },
      () => {
        throw fail("vconf.ConsoleNotBuilt");
      },
    );
  }

  await app.register(sse, { heartbeatInterval: opts.heartbeatMs ?? 15_000 });
  const open = new Set<{ close(): void }>();
  // Streams never end on their own: end them when the server closes, or close() would wait for them.
  app.addHook("preClose", async () => {
    for (const stream of open) stream.close();
  });

  app.get(
    `${CONTROL}/watch`,
    {
      sse: { kind: "manual" },
      schema: {
        tags: ["control plane: inspect"],
        summary: "Server-sent events: committed changes, answered requests, the event outbox",
        description:
          "The first message is `ready` (`{topics}`). Topic `changes` (the default): `change` " +
          '(`{kind:"conference",conferenceId,operations}` once a change is committed, `{kind:"state",reason}` ' +
          "after a reset, snapshot import or directory change). Topic `requests`: `request` (each journaled " +
          "request, as `GET /_vconf/v1/requests` lists it). Topic `events`: `event` (each event written to " +
          "the outbox, once committed, as an item of `GET /_vconf/v1/events`: eventId, eventType, " +
          "conferenceId, corpId, statusSeqNum, bornTime, payload, deliveries) and `delivery` (a delivery's " +
          "new state once recorded: `{eventId, subscriber, status, attempts, lastError?, deliveredAt?, " +
          "failedAt?, nextAt?}` when a send is acknowledged, retried or given up, or the event is " +
          "redelivered; `lastError` only when this change set it). `changes` and `events` tell of this " +
          "instance's commits and sends; `requests`, on PostgreSQL, of every instance's. A client that lets 1 MiB of messages pile up unread is disconnected (it " +
          "reconnects and reloads).",
        querystring: WatchQuery,
        response: {
          200: { description: "text/event-stream", content: { "text/event-stream": { schema: {} } } },
          "4xx": Type.Ref("ErrorEnvelope"),
          "5xx": Type.Ref("ErrorEnvelope"),
        },
      },
      config: { ...ctl("vconf.Watch"), errors: ["paramsError", "vconf.TooManyWatchers"] },
    },
    async (req, reply) => {
      assert(open.size < MAX_WATCHERS, "vconf.TooManyWatchers");
      const topics = new Set((req.query.topics ?? "changes").split(",") as LiveTopic[]);
      const stream = reply.sse;
      const send = (event: string, data: unknown) => {
        if (!stream.isConnected) return;
        if (reply.raw.writableLength > MAX_BUFFERED_BYTES) {
          // Dropped, not ended: an end() would wait behind the unread backlog, holding it in memory.
          stream.close();
          return void reply.raw.destroy();
        }
        stream.send({ event, data }).catch(() => stream.close());
      };
      const unsubscribe = opts.bus.subscribe((n: LiveNotice) => {
        if (!topics.has(n.topic)) return;
        if (n.topic === "requests") return send("request", n.entry);
        if (n.topic === "events")
          return n.kind === "event" ? send("event", n.event) : send("delivery", n.delivery);
        const { topic: _t, ...change } = n;
        send("change", change);
      });
      open.add(stream);
      stream.onClose(() => {
        unsubscribe();
        open.delete(stream);
      });
      stream.keepAlive();
      await stream.send({ event: "ready", data: { topics: [...topics] } });
    },
  );
}
