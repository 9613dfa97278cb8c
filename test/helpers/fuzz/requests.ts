import fc from "fast-check";
import { type FuzzRoute, type JsonSchema } from "./routes.js";

/**
 * Random requests for any route, built from its schemas: mostly well-shaped bodies whose ids come from
 * the live state (so that many succeed and change state), mixed with junk at every level. Ids are
 * placeholders (`@p:<pool>:<n>@`) filled in at send time from the state's pools, so a request generated
 * once means the same thing after each restore.
 */
export interface FuzzRequest {
  method: string;
  route: string;
  /** Path with placeholders, already percent-encoded. */
  path: string;
  query: string;
  headers: Record<string, string>;
  body: Body;
}

export type Body =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "deep"; depth: number }
  | { kind: "huge"; bytes: number }
  /** The live snapshot with one field of one row replaced (PUT /_vconf/v1/snapshot). */
  | { kind: "snapshot"; table: string; row: number; field: string; value: unknown };

export const POOLS = [
  "conference",
  "union",
  "corp",
  "app",
  "suite",
  "secret",
  "suiteSecret",
  "ticket",
  "token",
  "phone",
  "scope",
  "operation",
] as const;
export type Pool = (typeof POOLS)[number];

/** An index into a pool: the first entries (the acme app's token, its open conference) most often. */
const index = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.constant(1) },
  { weight: 4, arbitrary: fc.nat(50) },
);
const pool = (name: Pool) => index.map((i) => `@p:${name}:${i}@`);

/** Which pool a field's values come from, by its name. */
function poolOf(name: string): Pool | undefined {
  if (/conferenceId/i.test(name)) return "conference";
  if (/unionId|userId|^target$/i.test(name)) return "union";
  if (/corpId|authorizedCorps/i.test(name)) return "corp";
  if (/^(appKey|client_id)$/.test(name)) return "app";
  if (/suiteKey/.test(name)) return "suite";
  if (/^(appSecret|client_secret)$/.test(name)) return "secret";
  if (name === "suiteSecret") return "suiteSecret";
  if (name === "suiteTicket") return "ticket";
  if (name === "phoneNumber") return "phone";
  if (/^(scopes|grant|revoke)$/.test(name)) return "scope";
  if (name === "operation") return "operation";
  return undefined;
}

const junkString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("", " ", "null", "__proto__", "constructor", "\u0000", "é", "会议", "a\u0000b", "%ZZ"),
);
const junkValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  junkString,
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Values for `schema` (field `name`), with junk in place of a proper value now and then. */
export function valueFor(schema: JsonSchema, name = "", depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 30, arbitrary: typedValue(schema, name, depth) },
    { weight: 1, arbitrary: junkValue },
  );
}

function typedValue(s: JsonSchema, name: string, depth: number): fc.Arbitrary<unknown> {
  if (s.anyOf) return fc.oneof(...s.anyOf.map((a) => typedValue(a, name, depth)));
  if (s.enum)
    return fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...s.enum) },
      { weight: 1, arbitrary: junkString },
    );
  if (s.const !== undefined) return fc.constant(s.const);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object": {
      if (depth > 4 || !s.properties) return fc.jsonValue({ maxDepth: 1 });
      const props = Object.fromEntries(
        Object.entries(s.properties).map(([k, v]) => [k, valueFor(v, k, depth + 1)]),
      );
      const required = s.required ?? [];
      return fc.oneof(
        { weight: 8, arbitrary: fc.record(props, { requiredKeys: required as never[] }) },
        // A required field left out, or an unknown one added.
        { weight: 1, arbitrary: fc.record(props, { requiredKeys: [] }) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.record(props, { requiredKeys: [] }), junkString, junkValue)
            .map(([o, k, v]) => ({ ...o, [k]: v })),
        },
      );
    }
    case "array": {
      const item = s.items ? valueFor(s.items, name, depth + 1) : junkValue;
      const min = s.minItems ?? 0;
      const max = s.maxItems ?? 10;
      const arbs = [
        { weight: 10, arbitrary: fc.array(item, { minLength: min, maxLength: Math.min(max, min + 3) }) },
      ];
      // One over the bound (when that stays cheap), and empty.
      if (max < 1_000)
        arbs.push({ weight: 1, arbitrary: fc.array(item, { minLength: max + 1, maxLength: max + 1 }) });
      arbs.push({ weight: 1, arbitrary: fc.constant([]) });
      return fc.oneof(...arbs);
    }
    case "string": {
      const p = poolOf(name);
      const arbs: { weight: number; arbitrary: fc.Arbitrary<unknown> }[] = [
        {
          weight: 3,
          arbitrary: fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 20, 20) }),
        },
        { weight: 1, arbitrary: junkString },
      ];
      if (p) arbs.push({ weight: 12, arbitrary: pool(p) });
      if (s.maxLength !== undefined && s.maxLength < 100_000) {
        arbs.push({ weight: 1, arbitrary: fc.constant("x".repeat(s.maxLength + 1)) });
      }
      return fc.oneof(...arbs);
    }
    case "integer":
    case "number": {
      const lo = s.minimum ?? -1e6;
      const hi = s.maximum ?? 1e6;
      return fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: Math.max(lo, -1e9), max: Math.min(hi, 1e9) }) },
        { weight: 1, arbitrary: fc.constantFrom(lo - 1, hi + 1, 0.5, -0, 2 ** 53, 1e300) },
      );
    }
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A path parameter: mostly an id from the state, sometimes an odd segment. */
const pathParam = (name: string) =>
  fc.oneof(
    { weight: 8, arbitrary: pool(poolOf(name) ?? "union") },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "%20",
        "..",
        "%2e%2e",
        "%2F",
        "000000000000000000000000",
        "a".repeat(300),
        "%00",
        "%ZZ",
        "%C3%28",
        "%FF",
        "%E4%BC%9A",
        "%",
      ),
    },
    { weight: 1, arbitrary: junkString.map((s) => encodeURIComponent(s)) },
  );

const SEED_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    orgs: {
      type: "array",
      maxItems: 3,
      items: {
        type: "object",
        required: ["corpId", "name"],
        properties: {
          corpId: { type: "string" },
          name: { type: "string" },
          users: {
            type: "array",
            items: {
              type: "object",
              required: ["unionId", "userId", "name"],
              properties: {
                unionId: { type: "string" },
                userId: { type: "string" },
                name: { type: "string" },
              },
            },
          },
        },
      },
    },
  },
};

const target = fc.record({ unionId: pool("union") });
const same = (f: (i: number) => unknown) => index.map(f);
/** Well-formed bodies for the routes whose fields must agree with each other (an app and its secret). */
const TEMPLATES: [RegExp, fc.Arbitrary<unknown>][] = [
  [/oauth2\/accessToken$/, same((i) => ({ appKey: `@p:app:${i}@`, appSecret: `@p:secret:${i}@` }))],
  [
    /oauth2\/corpAccessToken$/,
    same((i) => ({
      suiteKey: `@p:suite:${i}@`,
      suiteSecret: `@p:suiteSecret:${i}@`,
      authCorpId: "@p:corp:0@",
      suiteTicket: `@p:ticket:${i}@`,
    })),
  ],
  [
    /oauth2\/:corpId\/token$/,
    same((i) => ({
      client_id: `@p:app:${i}@`,
      client_secret: `@p:secret:${i}@`,
      grant_type: "client_credentials",
    })),
  ],
  [
    /coHosts\/set$/,
    fc.record({
      action: fc.constantFrom("add", "remove"),
      userList: fc.array(target, { minLength: 1, maxLength: 2 }),
    }),
  ],
  [
    /members\/mute$/,
    fc.record({
      action: fc.constantFrom("mute", "un_mute"),
      userList: fc.array(target, { minLength: 1, maxLength: 1 }),
    }),
  ],
  [
    /members\/kick$/,
    fc.record({ userList: fc.array(target, { minLength: 1, maxLength: 2 }), forbiddenRejoin: fc.boolean() }),
  ],
  [
    /users\/invite$/,
    fc.record(
      {
        inviteeList: fc.array(target, { maxLength: 2 }),
        phoneInviteeList: fc.array(fc.record({ phoneNumber: pool("phone"), nick: fc.constant("P") }), {
          maxLength: 2,
        }),
      },
      { requiredKeys: [] },
    ),
  ],
  [
    /^POST \/v1\.0\/conference\/videoConferences$/,
    fc.record({
      userId: fc.constantFrom("union-alice", "@p:union:0@"),
      confTitle: fc.constantFrom("t", "Weekly"),
      inviteUserIds: fc.array(pool("union"), { maxLength: 3 }),
    }),
  ],
];

function bodyFor(route: FuzzRoute): fc.Arbitrary<Body> {
  const schema = route.body ?? (route.path.endsWith("/seed") ? SEED_SCHEMA : undefined);
  const arbs: { weight: number; arbitrary: fc.Arbitrary<Body> }[] = [
    { weight: 20, arbitrary: fc.constant({ kind: "none" as const }) },
    {
      weight: 10,
      arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: "json" as const, value })),
    },
    {
      weight: 10,
      arbitrary: fc
        .constantFrom("", "{", "[1,", "abc", '{"a":1}x', "\u0000", "{'a':1}", "nul", '"str"', "1e99999")
        .map((text) => ({ kind: "text" as const, text })),
    },
    {
      weight: 10,
      arbitrary: fc
        .constantFrom(10, 63, 64, 65, 200, 5000)
        .map((depth) => ({ kind: "deep" as const, depth })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "huge" as const, bytes: 1024 * 1024 + 100 }) },
  ];
  const template = TEMPLATES.find(([re]) => re.test(`${route.method} ${route.path}`))?.[1];
  if (template)
    arbs.push({ weight: 100, arbitrary: template.map((value) => ({ kind: "json" as const, value })) });
  if (schema)
    arbs.push({
      weight: 140,
      arbitrary: valueFor(schema).map((value) => ({ kind: "json" as const, value })),
    });
  if (route.method === "PUT" && route.path.endsWith("/snapshot")) {
    arbs.push({
      weight: 140,
      arbitrary: fc
        .record({
          table: fc.constantFrom(
            "orgs",
            "users",
            "apps",
            "suites",
            "suiteAuths",
            "tokens",
            "conferences",
            "members",
            "changes",
          ),
          row: fc.nat(20),
          field: fc.constantFrom(
            "corpId",
            "conferenceId",
            "unionId",
            "seq",
            "status",
            "attendStatus",
            "micStatus",
            "host",
            "coHost",
            "clientKey",
            "kind",
            "creatorId",
            "focusUnionId",
            "startTime",
            "before",
            "suiteKey",
            "none",
          ),
          value: fc.oneof(
            junkValue,
            pool("corp"),
            pool("conference"),
            pool("union"),
            fc.constantFrom(-1, 0, 7, 2 ** 60),
          ),
        })
        .map((m) => ({ kind: "snapshot" as const, ...m })),
    });
  }
  return fc.oneof(...arbs);
}

const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant("application/json") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/octet-stream",
      "",
      "application/json; charset=latin1",
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** Requests for one route: params, query, token or admin key (good, bad, missing), content type, body. */
export function requestFor(route: FuzzRoute): fc.Arbitrary<FuzzRequest> {
  const params = fc.tuple(...route.params.map((p) => pathParam(p)));
  const queryEntries = Object.entries(route.query ?? {});
  const query = fc
    .tuple(
      fc.tuple(
        ...queryEntries.map(([k, s]) =>
          fc.oneof(
            { weight: 2, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: valueFor(s, k) },
          ),
        ),
      ),
      fc.option(fc.tuple(junkString, junkString), { nil: undefined, freq: 2 }),
      fc.constantFrom("", "", "", "&%ZZ=1", "&a=%", "&a=1&a=2", "&unionId=+", "&maxResults=%2B5"),
    )
    .map(([values, extra, raw]) => {
      const parts = queryEntries.flatMap(([k], i) =>
        values[i] === undefined ? [] : [`${k}=${encodeURIComponent(String(values[i]))}`],
      );
      if (extra) parts.push(`${encodeURIComponent(extra[0])}=${encodeURIComponent(extra[1])}`);
      return parts.join("&") + raw;
    });
  const token = fc.oneof(
    { weight: 10, arbitrary: pool("token") },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: junkString.map((s) => encodeURIComponent(s)) },
  );
  const adminKey = fc.oneof(
    { weight: 14, arbitrary: fc.constant("@admin@") },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant("wrong-admin-key") },
  );
  return fc.record({ params, query, token, adminKey, contentType, body: bodyFor(route) }).map((r) => {
    let i = 0;
    const path = route.path.replace(/:\w+/g, () => r.params[i++] as string);
    const headers: Record<string, string> = {};
    if (r.token !== undefined && route.path.startsWith("/v1.0/conference")) {
      headers["x-acs-dingtalk-access-token"] = r.token;
    }
    if (r.adminKey !== undefined && route.path.startsWith("/_vconf/"))
      headers["x-vconf-admin-key"] = r.adminKey;
    if (r.body.kind !== "none" && r.contentType !== undefined) headers["content-type"] = r.contentType;
    return {
      method: route.method,
      route: `${route.method} ${route.path}`,
      path,
      query: r.query,
      headers,
      body: r.body,
    };
  });
}

/** Requests spread evenly over `routes` (each request picks a route first, then its parts). */
export const anyRequest = (routes: FuzzRoute[]) =>
  fc.constantFrom(...routes).chain((route) => requestFor(route));
