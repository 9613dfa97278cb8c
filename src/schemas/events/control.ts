import Type from "typebox";

const closed = { additionalProperties: false } as const;

export const EventsQuery = Type.Object({
  conferenceId: Type.Optional(Type.String({ maxLength: 128 })),
  eventType: Type.Optional(Type.String({ maxLength: 128 })),
  status: Type.Optional(
    Type.Union([Type.Literal("pending"), Type.Literal("delivered"), Type.Literal("failed")], {
      description: "events with a delivery in this status",
    }),
  ),
  limit: Type.Optional(Type.String({ description: "at most this many (default 100, at most 1000)" })),
  newest: Type.Optional(
    Type.Literal("true", { description: "the newest `limit` events (still oldest first)" }),
  ),
  after: Type.Optional(Type.String({ maxLength: 64, description: "only events written after this eventId" })),
  waitMs: Type.Optional(
    Type.String({ description: "with after: wait up to this long (≤ 30000 ms) for a new event" }),
  ),
});

const Delivery = Type.Object({
  subscriber: Type.Object({
    kind: Type.Union([Type.Literal("stream"), Type.Literal("http")]),
    appKey: Type.Optional(Type.String()),
    suiteKey: Type.Optional(Type.String()),
    corpId: Type.Optional(Type.String()),
  }),
  status: Type.Union([Type.Literal("pending"), Type.Literal("delivered"), Type.Literal("failed")]),
  attempts: Type.Integer(),
  lastError: Type.Optional(Type.String()),
  deliveredAt: Type.Optional(Type.Integer()),
  failedAt: Type.Optional(Type.Integer()),
  nextAt: Type.Optional(Type.Integer()),
});

export const EventView = Type.Object({
  eventId: Type.String(),
  eventType: Type.String(),
  conferenceId: Type.String(),
  corpId: Type.String(),
  statusSeqNum: Type.Union([Type.Integer(), Type.Null()]),
  bornTime: Type.Integer(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  deliveries: Type.Array(Delivery),
});

export const EventsReply = Type.Object({ events: Type.Array(EventView) });
export const EventIdParams = Type.Object({ eventId: Type.String() });
export const RedeliverReply = Type.Object({ redelivered: Type.Integer() });

export const ConnectionsReply = Type.Object({
  connections: Type.Array(
    Type.Object({
      id: Type.String(),
      clientId: Type.String(),
      clientKind: Type.Union([Type.Literal("app"), Type.Literal("suite")]),
      since: Type.Integer(),
      ua: Type.String(),
      remoteAddress: Type.String(),
      instance: Type.String(),
      inFlight: Type.Integer(),
      disconnecting: Type.Boolean(),
    }),
  ),
});
export const ConnectionParams = Type.Object({ id: Type.String() });
export const DisconnectBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 256 })) }, closed);

export const HttpSubscription = Type.Object(
  {
    url: Type.String({ maxLength: 2048 }),
    token: Type.String({ maxLength: 63 }),
    aesKey: Type.String({ maxLength: 43 }),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 64 })),
  },
  closed,
);

/** `apps[].events` / `suites[].events` of the seed, and the control plane's event document. */
export const EventDocument = Type.Object(
  {
    http: Type.Optional(HttpSubscription),
    extensions: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 16 })),
  },
  closed,
);
export const EventDocumentReply = Type.Object({
  stream: Type.Boolean({ description: "the client opened a Stream connection once (it is subscribed)" }),
  http: Type.Optional(HttpSubscription),
  extensions: Type.Optional(Type.Array(Type.String())),
});
export const AppKeyParams = Type.Object({ appKey: Type.String() });
export const SuiteKeyParams = Type.Object({ suiteKey: Type.String() });
