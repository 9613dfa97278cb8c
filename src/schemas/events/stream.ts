import Type from "typebox";

/** `POST /v1.0/gateway/connections/open` (dingtalk-events.md §1.1); SDKs add fields of their own (Go: extras). */
export const OpenConnectionBody = Type.Object({
  clientId: Type.String({ minLength: 1, maxLength: 128, description: "AppKey or SuiteKey" }),
  clientSecret: Type.String({ minLength: 1, maxLength: 256, description: "AppSecret or SuiteSecret" }),
  subscriptions: Type.Optional(
    Type.Array(
      Type.Object({ type: Type.String({ maxLength: 32 }), topic: Type.String({ maxLength: 256 }) }),
      { maxItems: 64, description: "EVENT `*` receives every event" },
    ),
  ),
  ua: Type.Optional(Type.String({ maxLength: 1024 })),
  localIp: Type.Optional(Type.String({ maxLength: 1024 })),
});

export const OpenConnectionReply = Type.Object({
  endpoint: Type.String({ description: "ws(s)://<host>:<port>/connect" }),
  ticket: Type.String({ description: "a UUID, good for one connection within 90 s" }),
});
