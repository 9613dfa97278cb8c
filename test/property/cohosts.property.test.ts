import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { api, CONF, control, createConference, expectOk, tokenFor, useTestApp } from "../helpers/app.js";

/** Random requests to the co-host endpoint: never a 5xx, always the envelope, rejections change nothing. */

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const KNOWN = ["union-bob", "union-carol", "union-dave", "union-erin", "union-alice", "union-gina"];
const RUNS = Number(process.env.VCONF_PROPERTY_RUNS ?? 200);

let token: string;
let conf: string;
let globexConf: string;

const ctx = useTestApp({ per: "file", maxCoHosts: 3 }, async (ctx) => {
  token = await tokenFor(ctx.app);
  conf = await createConference(ctx.app, token, ["union-bob"]);
  expectOk(await control(ctx.app).join(conf, "union-bob"));
  const globex = api(ctx.app, await tokenFor(ctx.app, "globex-app"));
  globexConf = expectOk(await globex.create({ userId: "union-gina", confTitle: "Other org" })).conferenceId;
});

/** What a request may change: the members and the audit trail of the fixed conference. */
async function state(): Promise<string> {
  const members = await ctx.app.inject({
    method: "GET",
    url: `${CONF}/${conf}/members?maxResults=1000`,
    headers: { "x-acs-dingtalk-access-token": token },
  });
  const audit = await control(ctx.app).audit(conf);
  return JSON.stringify([expectOk(members), expectOk(audit)]);
}

function checkAnswer(res: LightMyRequestResponse, what: string) {
  assert.ok(res.statusCode < 500, `a 5xx for ${what}: ${res.statusCode} ${res.body}`);
  let body: Record<string, unknown>;
  try {
    body = res.json();
  } catch {
    assert.fail(`not JSON for ${what}: ${res.statusCode} ${res.body}`);
  }
  assert.ok(body && typeof body === "object" && !Array.isArray(body), `not an object: ${res.body}`);
  if (res.statusCode === 200) {
    assert.deepEqual(body, { success: true }, what);
    return;
  }
  assert.match(String(res.headers["content-type"]), /^application\/json/, what);
  const keys = Object.keys(body).filter((k) => k !== "accessdenieddetail");
  assert.deepEqual(keys.sort(), ["code", "message", "requestid"], `envelope for ${what}: ${res.body}`);
  assert.equal(typeof body.code, "string");
  assert.ok((body.code as string).length > 0);
  assert.equal(typeof body.message, "string");
  assert.match(body.requestid as string, REQUEST_ID, `requestid for ${what}: ${res.body}`);
}

// --- generators -------------------------------------------------------------------------------------

const hugeString = fc
  .constantFrom(1_000, 70_000, 1024 * 1024 + 10)
  .chain((n) => fc.constantFrom("x", "é", '"', "\\").map((c) => c.repeat(n)));
const junkString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("", " ", "add ", "ADD", "Add", "remove\u0000", "__proto__", "constructor", "null"),
);
const unionId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "union-nobody", "union-bob ") },
  { weight: 1, arbitrary: junkString },
  { weight: 1, arbitrary: fc.anything() },
);
const entry = fc.oneof(
  { weight: 5, arbitrary: fc.record({ unionId }) },
  { weight: 1, arbitrary: fc.record({ unionId, extra: fc.anything() }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.anything() },
);
const action = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom("add", "remove") },
  { weight: 1, arbitrary: junkString },
  { weight: 1, arbitrary: fc.anything() },
);
const userList = fc.oneof(
  { weight: 5, arbitrary: fc.array(entry, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.anything() },
);
const shapedBody = fc.record({ action, userList, extra: fc.anything() }, { requiredKeys: [] });
/** Well-formed requests, so that some succeed and the "rejections change nothing" check meets real state. */
const validBody = fc.record({
  action: fc.constantFrom("add", "remove"),
  userList: fc.array(fc.record({ unionId: fc.constantFrom(...KNOWN.slice(0, 4)) }), {
    minLength: 1,
    maxLength: 3,
  }),
});
const jsonBody = fc.oneof(
  { weight: 4, arbitrary: validBody },
  { weight: 6, arbitrary: shapedBody },
  { weight: 2, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: hugeString.map((s) => ({ action: "add", userList: [{ unionId: s }] })) },
);

const tokenHeader = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | undefined>("VALID") },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 80 }) },
);
const contentType = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "application/json; charset=latin1",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/octet-stream",
    "",
  ),
  fc.string({ unit: "grapheme-ascii", maxLength: 40 }),
);
const pathId = fc.oneof(
  { weight: 6, arbitrary: fc.constant("CONF") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "",
      "%20",
      "%20%20",
      "..",
      ".",
      "%2e%2e",
      "%2F",
      "GLOBEX",
      "000000000000000000000000",
      "CONF%20",
      "a".repeat(999),
      "a".repeat(5000),
      "%00",
      "%ZZ",
      "%C3%28",
      "%FF",
      "%E4%BC%9A%E8%AE%AE",
      "%",
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => encodeURIComponent(s)) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 40 }).map((s) => s.replace(/[/?#]/g, "")),
  },
);

function url(id: string): string {
  const real = id.replace(/^CONF/, conf).replace(/^GLOBEX$/, globexConf);
  return `${CONF}/${real}/coHosts/set`;
}

function headers(tok: string | undefined, type?: string): Record<string, string> {
  const h: Record<string, string> = {};
  if (tok !== undefined) h["x-acs-dingtalk-access-token"] = tok === "VALID" ? token : tok;
  if (type !== undefined) h["content-type"] = type;
  return h;
}

/** Sends one request; asserts the answer's form and, for a rejection, that the state is unchanged. */
async function probe(what: string, send: () => Promise<LightMyRequestResponse>) {
  const before = await state();
  const res = await send();
  checkAnswer(res, what);
  if (res.statusCode !== 200)
    assert.equal(await state(), before, `a rejected request changed state: ${what}`);
}

// --- properties -------------------------------------------------------------------------------------

test("the properties are not vacuous: valid requests do succeed and change state", async () => {
  const before = await state();
  const res = await ctx.app.inject({
    method: "POST",
    url: url("CONF"),
    headers: headers("VALID", "application/json"),
    payload: { action: "add", userList: [{ unionId: "union-carol" }] },
  });
  checkAnswer(res, "a valid add");
  assert.equal(res.statusCode, 200, res.body);
  assert.notEqual(await state(), before);
});

test("JSON bodies of any shape: no 5xx, DingTalk envelope, rejections change nothing", async () => {
  await fc.assert(
    fc.asyncProperty(jsonBody, tokenHeader, pathId, async (body, tok, id) => {
      const payload = JSON.stringify(body) ?? "null";
      await probe(`POST ${url(id).slice(0, 120)} token=${tok} body=${payload.slice(0, 200)}`, () =>
        ctx.app.inject({
          method: "POST",
          url: url(id),
          headers: headers(tok, "application/json"),
          payload,
        }),
      );
    }),
    { numRuns: RUNS, includeErrorInReport: true, seed: Number(process.env.VCONF_PROPERTY_SEED ?? 20261127) },
  );
});

test("raw bytes with any content type: no 5xx, DingTalk envelope, rejections change nothing", async () => {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
    fc.string().map((s) => Buffer.from(s)),
    fc
      .constantFrom(
        "{",
        "{}}",
        '{"action":"add",',
        "action=add&userList=x",
        "\ufeff{}",
        "[]",
        "null",
        "1",
        '{"__proto__":{"action":"add"},"userList":[{"unionId":"union-dave"}]}',
        '{"action":"add","userList":[{"unionId":"union-dave","__proto__":{"x":1}}],"constructor":{"prototype":1}}',
      )
      .map((s) => Buffer.from(s)),
    fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v).slice(1))),
  );
  await fc.assert(
    fc.asyncProperty(
      bytes,
      fc.option(contentType, { nil: undefined }),
      tokenHeader,
      pathId,
      async (payload, type, tok, id) => {
        await probe(
          `POST ${url(id).slice(0, 120)} type=${type} bytes=${payload.toString("hex").slice(0, 200)}`,
          () => ctx.app.inject({ method: "POST", url: url(id), headers: headers(tok, type), payload }),
        );
      },
    ),
    { numRuns: RUNS, includeErrorInReport: true, seed: Number(process.env.VCONF_PROPERTY_SEED ?? 20261127) },
  );
});
