import Type, { type Static } from "typebox";

const closed = { additionalProperties: false } as const;

const FaultFields = {
  operation: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      description: "SDK action name: Cohosts, GetAccessToken, …",
    }),
  ),
  delivery: Type.Optional(
    Type.Union([Type.Literal("stream"), Type.Literal("http")], {
      description: "instead of operation: a fault of event pushes over this transport",
    }),
  ),
  drop: Type.Optional(Type.Boolean({ description: "delivery faults: lose the push (it is retried)" })),
  appKey: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      description: "delivery faults: only pushes to this app or suite",
    }),
  ),
  status: Type.Optional(
    Type.Integer({ minimum: 400, maximum: 599, description: "answer this HTTP status instead of running" }),
  ),
  code: Type.Optional(
    Type.String({ minLength: 1, maxLength: 128, description: "DingTalk code (systemError)" }),
  ),
  message: Type.Optional(Type.String({ maxLength: 1024 })),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000, description: "wait before answering" })),
  count: Type.Optional(Type.Integer({ minimum: 1, description: "hit at most this many calls" })),
  probability: Type.Optional(
    Type.Number({ minimum: 0, maximum: 1, description: "chance each call is hit (default 1)" }),
  ),
};

/** One fault as the control plane takes it (vconf-interface.md, "Faults"). */
export const FaultSpec = Type.Object(FaultFields, closed);
export type FaultSpec = Static<typeof FaultSpec>;

export const FaultsBody = Type.Object(
  {
    seed: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 4294967295, description: "seeds the probability draws" }),
    ),
    faults: Type.Array(FaultSpec, { maxItems: 1000 }),
  },
  closed,
);
export type FaultsBody = Static<typeof FaultsBody>;

export const FaultsReply = Type.Object({
  seed: Type.Integer(),
  faults: Type.Array(
    Type.Object({ ...FaultFields, fired: Type.Integer({ description: "how many calls it hit" }) }),
  ),
});
