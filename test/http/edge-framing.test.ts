import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import {
  ADMIN_KEY,
  buildTestApp,
  CONF,
  control,
  createConference,
  expectOk,
  seedUsers,
  tokenFor,
  type TestContext,
} from "../helpers/app.js";
import {
  exchange,
  expectRawEnvelope,
  listen,
  only,
  rawRequest,
  type RawResponse,
} from "../helpers/raw-http.js";

let ctx: TestContext;
let port: number;
let token: string;
let id: string;
beforeEach(async () => {
  ctx = await buildTestApp();
  port = await listen(ctx.app);
  token = await tokenFor(ctx.app);
  id = await createConference(ctx.app, token, ["union-bob"]);
});
afterEach(() => ctx.close());

/** okhttp's framing of a body of unknown length that turns out empty: chunked, zero bytes, no type. */
const EMPTY_CHUNKED = { "Transfer-Encoding": "chunked" };
const LAST_CHUNK = "0\r\n\r\n";
/** The header name as the Java SDK writes it. */
const tokenHeader = () => ({ "X-Acs-Dingtalk-Access-Token": token });

async function send(method: string, target: string, headers: Record<string, string>, body = "") {
  return only(await exchange(port, rawRequest(method, target, headers, body)));
}
function ok(r: RawResponse) {
  assert.equal(r.status, 200, `expected 200, got ${r.status}: ${r.body}`);
  return JSON.parse(r.body);
}
function chunked(body: string, pieces: number): string {
  const size = Math.ceil(body.length / pieces);
  let out = "";
  for (let at = 0; at < body.length; at += size) {
    const part = body.slice(at, at + size);
    out += `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`;
  }
  return out + LAST_CHUNK;
}

describe("an empty chunked body without a content type is a request without a body", () => {
  test("the Java SDK's close: DELETE ?unionId= chunked, zero bytes, no Content-Type", async () => {
    const target = `${CONF}/${id}?unionId=union-alice`;
    assert.deepEqual(ok(await send("DELETE", target, { ...tokenHeader(), ...EMPTY_CHUNKED }, LAST_CHUNK)), {
      code: 200,
      cause: "success",
    });
  });

  test("GET, and PUT/POST with optional bodies, framed the same way", async () => {
    ok(await send("GET", `${CONF}/${id}/members`, { ...tokenHeader(), ...EMPTY_CHUNKED }, LAST_CHUNK));
    ok(await send("GET", `${CONF}/${id}`, { ...tokenHeader(), ...EMPTY_CHUNKED }, LAST_CHUNK));
    // The control plane's optional bodies: an absent body is `{}`.
    const key = { "x-vconf-admin-key": ADMIN_KEY, ...EMPTY_CHUNKED };
    ok(await send("POST", `/_vconf/v1/conferences/${id}/attendees/union-bob/join`, key, LAST_CHUNK));
    ok(await send("POST", "/_vconf/v1/reset", key, LAST_CHUNK));
  });

  test("an endpoint that needs a body answers Missingbody, as for an empty JSON body", async () => {
    for (const [method, target] of [
      ["POST", `${CONF}/${id}/coHosts/set`],
      ["PUT", `${CONF}/${id}`],
      ["POST", CONF],
    ]) {
      const empty = await send(method, target, { ...tokenHeader(), ...EMPTY_CHUNKED }, LAST_CHUNK);
      const emptyJson = await send(
        method,
        target,
        { ...tokenHeader(), "Content-Type": "application/json", "Content-Length": "0" },
        "",
      );
      expectRawEnvelope(empty, 400, "Missingbody");
      expectRawEnvelope(emptyJson, 400, "Missingbody");
    }
  });

  test("a non-empty body without a content type, or of another type, stays Missingbody", async () => {
    const body = JSON.stringify({ action: "add", userList: [{ unionId: "union-bob" }] });
    const target = `${CONF}/${id}/coHosts/set`;
    for (const headers of [
      { ...EMPTY_CHUNKED },
      { "Content-Type": "text/plain", ...EMPTY_CHUNKED },
      { "Content-Type": "application/xml", ...EMPTY_CHUNKED },
      { "Content-Type": "application/x-www-form-urlencoded", ...EMPTY_CHUNKED },
    ]) {
      expectRawEnvelope(
        await send("POST", target, { ...tokenHeader(), ...headers }, chunked(body, 2)),
        400,
        "Missingbody",
      );
    }
    expectRawEnvelope(
      await send("POST", target, { ...tokenHeader(), "Content-Length": `${body.length}` }, body),
      400,
      "Missingbody",
    );
    const members = expectOk(await control(ctx.app).audit(id)).entries;
    assert.equal(
      members.filter((e: { operation: string }) => e.operation === "Cohosts").length,
      0,
      "nothing changed",
    );
  });
});

describe("bodies, queries and headers as any official SDK frames them", () => {
  test("Content-Length and chunked bodies (split anywhere) alike", async () => {
    const body = JSON.stringify({ action: "add", userList: [{ unionId: "union-bob" }] });
    const target = `${CONF}/${id}/coHosts/set`;
    const json = { ...tokenHeader(), "Content-Type": "application/json; charset=utf-8" };
    ok(await send("POST", target, { ...json, "Content-Length": `${body.length}` }, body));
    for (const pieces of [1, 3, body.length]) {
      ok(await send("POST", target, { ...json, "Transfer-Encoding": "chunked" }, chunked(body, pieces)));
    }
    // A trailer after the last chunk changes nothing.
    const trailer = chunked(body, 2).replace(/0\r\n\r\n$/, "0\r\nX-Trailer: 1\r\n\r\n");
    ok(await send("POST", target, { ...json, "Transfer-Encoding": "chunked" }, trailer));
  });

  test("`+` and `%20` both stand for a space in a query string", async () => {
    const [spaced] = await seedUsers(ctx.app, ["with space"]);
    assert.equal(spaced, "union-with space");
    for (const query of ["union-with+space", "union-with%20space"]) {
      const conf: string = expectOk(
        await ctx.app.inject({
          method: "POST",
          url: CONF,
          headers: { "x-acs-dingtalk-access-token": token },
          payload: { userId: spaced, confTitle: "spaces" },
        }),
      ).conferenceId;
      assert.deepEqual(
        ok(
          await send(
            "DELETE",
            `${CONF}/${conf}?unionId=${query}`,
            { ...tokenHeader(), ...EMPTY_CHUNKED },
            LAST_CHUNK,
          ),
        ),
        { code: 200, cause: "success" },
        query,
      );
    }
  });

  test("header names and the media type in any case", async () => {
    const body = JSON.stringify({ action: "add", userList: [{ unionId: "union-bob" }] });
    for (const [name, type] of [
      ["x-acs-dingtalk-access-token", "application/json"],
      ["X-ACS-DINGTALK-ACCESS-TOKEN", "APPLICATION/JSON; CHARSET=UTF-8"],
      ["X-Acs-Dingtalk-Access-Token", "Application/Json;charset=UTF-8"],
    ]) {
      const headers = { [name]: token, "CONTENT-TYPE": type, "content-length": `${body.length}` };
      ok(await send("POST", `${CONF}/${id}/coHosts/set`, headers, body));
    }
    const key = { "X-VCONF-ADMIN-KEY": ADMIN_KEY };
    ok(await send("GET", "/_vconf/v1/orgs", key));
  });
});
