import type { Deps } from "../../../domain/deps.js";
import { fail } from "../../../errors.js";
import { listEvents, redeliver } from "../../../events/control.js";
import type { EventsRuntime } from "../../../events/runtime.js";
import { deleteEventDocument, getEventDocument, putEventDocument } from "../../../events/subscriptions.js";
import { responses } from "../../../schemas/common.js";
import { Done } from "../../../schemas/emulator/control.js";
import {
  AppKeyParams,
  SuiteKeyParams,
  ConnectionParams,
  ConnectionsReply,
  DisconnectBody,
  EventDocument,
  EventDocumentReply,
  EventIdParams,
  EventsQuery,
  EventsReply,
  RedeliverReply,
} from "../../../schemas/events/control.js";
import type { App } from "../../types.js";
import { CONTROL } from "../../../schemas/paths.js";

const tags = ["control plane: events"];
const ctl = (operation: string) => ({ operation, invalid: "paramsError" as const });
/** Routes naming an event, app, suite or connection (or `after`, an event): unknown is vconf.NotFound. */
const named = (operation: string) => ({ ...ctl(operation), errors: ["vconf.NotFound"] as const });

/** The control plane for events (vconf-events.md §5): the outbox, redelivery, Stream connections, documents. */
export function eventControlRoutes(app: App, deps: Deps, events: EventsRuntime) {
  app.get(
    `${CONTROL}/events`,
    {
      schema: {
        tags,
        summary: "The outbox with each event's deliveries",
        querystring: EventsQuery,
        response: responses(EventsReply),
      },
      config: named("vconf.ListEvents"),
    },
    (req) => listEvents(deps, events, req.query),
  );
  app.post(
    `${CONTROL}/events/:eventId/redeliver`,
    {
      schema: {
        tags,
        summary: "Send an event again to every subscriber",
        params: EventIdParams,
        response: responses(RedeliverReply),
      },
      config: named("vconf.Redeliver"),
    },
    (req) => redeliver(deps, events, req.params.eventId),
  );
  app.get(
    `${CONTROL}/stream/connections`,
    {
      schema: {
        tags,
        summary: "Open Stream connections on this instance",
        response: responses(ConnectionsReply),
      },
      config: ctl("vconf.ListStreamConnections"),
    },
    () => ({ connections: events.gateway.list() }),
  );
  app.post(
    `${CONTROL}/stream/connections/:id/disconnect`,
    {
      schema: {
        tags,
        summary: "SYSTEM disconnect, then close after 10 s",
        params: ConnectionParams,
        body: DisconnectBody,
        response: responses(Done),
      },
      config: named("vconf.DisconnectStream"),
    },
    (req) => {
      if (!events.gateway.disconnect(req.params.id, req.body?.reason ?? "connection is expired"))
        throw fail("vconf.NotFound", `no connection ${req.params.id} on this instance`);
      return { success: true };
    },
  );
  for (const kind of ["app", "suite"] as const) {
    const param = kind === "app" ? "appKey" : "suiteKey";
    const path = `${CONTROL}/${kind}s/:${param}/events`;
    const Params = kind === "app" ? AppKeyParams : SuiteKeyParams;
    const keyOf = (p: Record<string, string>) => p[param];
    const name = kind === "app" ? "App" : "Suite";
    app.get(
      path,
      {
        schema: {
          tags,
          summary: `The ${kind}'s event subscriptions`,
          params: Params,
          response: responses(EventDocumentReply),
        },
        config: named(`vconf.Get${name}Events`),
      },
      (req) => getEventDocument(deps, kind, keyOf(req.params)),
    );
    app.put(
      path,
      {
        schema: {
          tags,
          summary: `Replace the ${kind}'s event document (HTTP push, extensions)`,
          params: Params,
          body: EventDocument,
          response: responses(EventDocumentReply),
        },
        config: named(`vconf.Put${name}Events`),
      },
      (req) => putEventDocument(deps, kind, keyOf(req.params), req.body),
    );
    app.delete(
      path,
      {
        schema: {
          tags,
          summary: `Drop the ${kind}'s subscriptions (Stream, HTTP) and extensions`,
          params: Params,
          response: responses(Done),
        },
        config: named(`vconf.Delete${name}Events`),
      },
      (req) => deleteEventDocument(deps, kind, keyOf(req.params)),
    );
  }
}
