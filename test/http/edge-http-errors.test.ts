import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { buildTestApp, type TestContext } from "../helpers/app.js";
import {
  exchange,
  expectRawEnvelope,
  listen,
  only,
  parseResponses,
  rawRequest,
} from "../helpers/raw-http.js";

let ctx: TestContext;
let port: number;
before(async () => {
  ctx = await buildTestApp();
  port = await listen(ctx.app);
});
after(() => ctx.close());

const TOKEN = "/v1.0/oauth2/accessToken";
const JSON_TYPE = { "Content-Type": "application/json" };

/** Requests Node's HTTP layer refuses before any route is matched, with the answer each gets. */
const MALFORMED: [string, string, number, string][] = [
  ["a request line that is not HTTP", "GARBAGE\r\n\r\n", 400, "InvalidRequest"],
  ["an unknown method", "BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400, "InvalidRequest"],
  [
    "a space in a header name",
    "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
    400,
    "InvalidRequest",
  ],
  [
    "a control byte in a header value",
    "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n",
    400,
    "InvalidRequest",
  ],
  [
    "a Content-Length that is not a number",
    rawRequest("POST", TOKEN, { ...JSON_TYPE, "Content-Length": "ten" }),
    400,
    "InvalidRequest",
  ],
  [
    "both Content-Length and chunked",
    rawRequest("POST", TOKEN, { ...JSON_TYPE, "Content-Length": "2", "Transfer-Encoding": "chunked" }, "{}"),
    400,
    "InvalidRequest",
  ],
  [
    "a chunk size that is not hex",
    rawRequest("POST", TOKEN, { ...JSON_TYPE, "Transfer-Encoding": "chunked" }, "zz\r\n{}\r\n0\r\n\r\n"),
    400,
    "InvalidRequest",
  ],
  ["an HTTP/1.1 request without Host", rawRequest("GET", "/healthz", { Host: "" }), 400, "InvalidRequest"],
  [
    "an Expect other than 100-continue",
    rawRequest("GET", "/healthz", { Expect: "200-ok" }),
    417,
    "ExpectationFailed",
  ],
  [
    "a URL over 16 KiB",
    rawRequest("GET", `/healthz?q=${"a".repeat(17 * 1024)}`),
    431,
    "RequestHeaderFieldsTooLarge",
  ],
  [
    "headers over 16 KiB",
    rawRequest("GET", "/healthz", { "X-Big": "a".repeat(17 * 1024) }),
    431,
    "RequestHeaderFieldsTooLarge",
  ],
  [
    "chunk extensions over 16 KiB",
    rawRequest(
      "POST",
      TOKEN,
      { ...JSON_TYPE, "Transfer-Encoding": "chunked" },
      `2;${"e".repeat(20 * 1024)}\r\n{}\r\n0\r\n\r\n`,
    ),
    413,
    "RequestEntityTooLarge",
  ],
  [
    "a body announced over 1 MiB",
    rawRequest("POST", TOKEN, { ...JSON_TYPE, "Content-Length": `${2 * 1024 * 1024}` }),
    413,
    "RequestEntityTooLarge",
  ],
];

describe("HTTP-level errors are DingTalk envelopes with a requestid", () => {
  for (const [name, request, status, code] of MALFORMED) {
    test(`${name}: ${status} ${code}`, async () => {
      expectRawEnvelope(only(await exchange(port, request)), status, code);
    });
  }

  test("a request timeout (408) from Node's HTTP layer", async () => {
    // Node checks timeouts every 30 s; the error it raises then is handed to the server as here.
    const serverSide = new Promise<net.Socket>((resolve) => ctx.app.server.once("connection", resolve));
    const client = net.connect(port, "127.0.0.1");
    let text = "";
    client.on("data", (d) => (text += d.toString("latin1")));
    const closed = new Promise((resolve) => client.on("close", resolve));
    client.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    const timeout = Object.assign(new Error("Request timeout"), { code: "ERR_HTTP_REQUEST_TIMEOUT" });
    ctx.app.server.emit("clientError", timeout, await serverSide);
    await closed;
    expectRawEnvelope(only({ responses: parseResponses(text), closed: true, text }), 408, "RequestTimeout");
  });

  test("HTTP/1.0 without Host is served", async () => {
    const res = only(await exchange(port, "GET /healthz HTTP/1.0\r\n\r\n"));
    assert.equal(res.status, 200, res.body);
  });

  test("a body sent without a length is no body; bytes sent after it are a new (malformed) request", async () => {
    const body = JSON.stringify({ appKey: "acme-app", appSecret: "acme-secret" });
    const x = await exchange(port, rawRequest("POST", TOKEN, { ...JSON_TYPE, Connection: "keep-alive" }), {
      expect: 2,
      onResponse: (socket, r) => {
        if (r.status === 400 && r.body.includes("Missingbody")) socket.write(body);
      },
    });
    assert.deepEqual(
      x.responses.map((r) => r.status),
      [400, 400],
      x.text,
    );
    expectRawEnvelope(x.responses[0], 400, "Missingbody");
    expectRawEnvelope(x.responses[1], 400, "InvalidRequest");
  });

  test("a malformed request on a reused connection still gets the envelope", async () => {
    const x = await exchange(port, rawRequest("GET", "/healthz", { Connection: "keep-alive" }), {
      expect: 2,
      onResponse: (socket, r) => {
        if (r.status === 200) socket.write("GARBAGE\r\n\r\n");
      },
    });
    assert.deepEqual(
      x.responses.map((r) => r.status),
      [200, 400],
      x.text,
    );
    expectRawEnvelope(x.responses[1], 400, "InvalidRequest");
  });
});

/** A small deterministic PRNG (mulberry32): the fuzz below is the same run every time. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("raw-socket fuzz", () => {
  test("mutated requests are answered in the envelope or not at all, and the server stays up", async () => {
    const random = prng(20260901);
    const int = (n: number) => Math.floor(random() * n);
    const body = JSON.stringify({ appKey: "acme-app", appSecret: "acme-secret" });
    const bases = [
      rawRequest("POST", TOKEN, { ...JSON_TYPE, "Content-Length": `${body.length}` }, body),
      rawRequest(
        "POST",
        TOKEN,
        { ...JSON_TYPE, "Transfer-Encoding": "chunked" },
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      ),
      rawRequest("GET", "/v1.0/conference/videoConferences/abc?x=1", { "x-acs-dingtalk-access-token": "t" }),
      rawRequest(
        "DELETE",
        "/_vconf/v1/requests",
        { "x-vconf-admin-key": "nope", "Transfer-Encoding": "chunked" },
        "0\r\n\r\n",
      ),
    ];
    const noise = "\r\n :%?#/\u0000\u0001\u007f\u00ff{}01aZ-;,\t";
    const mutate = (s: string) => {
      const at = int(s.length);
      switch (int(5)) {
        case 0: // replace a byte
          return s.slice(0, at) + noise[int(noise.length)] + s.slice(at + 1);
        case 1: // insert a few bytes
          return (
            s.slice(0, at) +
            Array.from({ length: 1 + int(4) }, () => noise[int(noise.length)]).join("") +
            s.slice(at)
          );
        case 2: // drop a range
          return s.slice(0, at) + s.slice(at + 1 + int(8));
        case 3: // truncate
          return s.slice(0, at);
        default: // repeat a range
          return s.slice(0, at) + s.slice(at, at + int(20)) + s.slice(at);
      }
    };
    let answered = 0;
    for (let i = 0; i < 150; i++) {
      let request = bases[i % bases.length];
      for (let m = 1 + int(3); m > 0; m--) request = mutate(request);
      const x = await exchangeAndEnd(Buffer.from(request, "latin1"));
      const finals = parseResponses(x, request.startsWith("HEAD")).filter((r) => r.status >= 200);
      if (x.length > 0)
        assert.ok(
          finals.length > 0,
          `unparseable answer to ${JSON.stringify(request)}: ${JSON.stringify(x)}`,
        );
      for (const r of finals) {
        answered++;
        assert.ok(r.status < 500, `5xx for ${JSON.stringify(request)}: ${r.body}`);
        assert.equal(
          r.headers["content-type"]?.replace(" ", ""),
          "application/json;charset=utf-8",
          JSON.stringify(request),
        );
        const parsed = JSON.parse(r.body);
        if (r.status >= 400) expectRawEnvelope(r, r.status, parsed.code);
      }
    }
    assert.ok(answered > 100, `only ${answered} answers`);
    assert.equal(only(await exchange(port, rawRequest("GET", "/healthz"))).status, 200);
  });
});

/** Writes `bytes`, ends the writing side (so a truncated request is seen as such), reads until close. */
function exchangeAndEnd(bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    const timer = setTimeout(() => socket.destroy(), 10_000);
    socket.on("data", (d) => (text += d.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.end(bytes);
  });
}
