import assert from "node:assert/strict";
import net, { type AddressInfo } from "node:net";
import type { App } from "../../src/http/types.js";

/** Bounds a hang on a shared machine; it is not a speed assertion. */
const WAIT_MS = 10_000;

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  /** Every complete response read, interim ones (100 Continue) included, in order. */
  responses: RawResponse[];
  /** Whether the server closed the connection (rather than the wait running out). */
  closed: boolean;
  /** The bytes as read, for assertion messages. */
  text: string;
}

/** Listens on a free port of the loopback interface; returns the port. */
export async function listen(app: App): Promise<number> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  return (app.server.address() as AddressInfo).port;
}

function decodeChunked(data: string): string | undefined {
  let out = "";
  let at = 0;
  for (;;) {
    const eol = data.indexOf("\r\n", at);
    if (eol === -1) return undefined;
    const size = parseInt(data.slice(at, eol), 16);
    if (size === 0) return out;
    if (data.length < eol + 2 + size + 2) return undefined;
    out += data.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** Parses the complete HTTP/1.1 responses at the start of `text` (latin1: one char per byte). */
export function parseResponses(text: string, headRequest = false): RawResponse[] {
  const out: RawResponse[] = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf("\r\n\r\n");
    if (end === -1) return out;
    const [statusLine, ...lines] = rest.slice(0, end).split("\r\n");
    const status = Number(statusLine.split(" ")[1]);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let after = rest.slice(end + 4);
    let body = "";
    if (status >= 200 && !headRequest) {
      if (headers["content-length"] !== undefined) {
        const n = Number(headers["content-length"]);
        if (after.length < n) return out;
        body = after.slice(0, n);
        after = after.slice(n);
      } else if (headers["transfer-encoding"] === "chunked") {
        const decoded = decodeChunked(after);
        if (decoded === undefined) return out;
        body = decoded;
        after = after.slice(after.indexOf("0\r\n\r\n") + 5);
      }
    }
    out.push({ status, headers, body: Buffer.from(body, "latin1").toString("utf8") });
    rest = after;
  }
}

/**
 * Writes `request` (raw bytes) to a fresh connection and reads until the server closes it, `expect`
 * final responses have arrived, or the wait runs out. `onResponse` sees each response as it arrives
 * (e.g. to send a body after `100 Continue`). `head`: the responses carry no body (a HEAD request).
 */
export function exchange(
  port: number,
  request: string | Buffer,
  opts: { expect?: number; head?: boolean; onResponse?: (socket: net.Socket, r: RawResponse) => void } = {},
): Promise<RawExchange> {
  const expect = opts.expect ?? 1;
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    let seen = 0;
    let settled = false;
    const settle = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses: parseResponses(text, opts.head), closed, text });
    };
    const timer = setTimeout(() => settle(false), WAIT_MS);
    socket.on("data", (d) => {
      text += d.toString("latin1");
      const responses = parseResponses(text, opts.head);
      for (const r of responses.slice(seen)) opts.onResponse?.(socket, r);
      seen = responses.length;
      if (responses.filter((r) => r.status >= 200).length >= expect) settle(false);
    });
    // A server that closes while the client is still writing may reset the connection: that is a close.
    socket.on("error", () => settle(true));
    socket.on("close", () => settle(true));
    socket.write(request);
  });
}

/** The one final response of an exchange. */
export function only(x: RawExchange): RawResponse {
  const finals = x.responses.filter((r) => r.status >= 200);
  assert.equal(finals.length, 1, `expected one response, got: ${JSON.stringify(x.text.slice(0, 500))}`);
  return finals[0];
}

/** Asserts a DingTalk envelope with `status` and `code` on a raw response. */
export function expectRawEnvelope(r: RawResponse, status: number, code: string) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.body}`);
  assert.equal(r.headers["content-type"], "application/json;charset=utf-8");
  const body = JSON.parse(r.body);
  assert.equal(body.code, code, `expected code ${code}, got ${r.body}`);
  assert.match(body.requestid, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  assert.equal(typeof body.message, "string");
  return body as { code: string; requestid: string; message: string };
}

/**
 * `METHOD target HTTP/1.1` with `headers` (Host and Connection: close unless given; an empty value
 * leaves the header out), CRLF-joined, then `body` verbatim.
 */
export function rawRequest(
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body = "",
): string {
  const all: Record<string, string> = { Host: "vconf.test", Connection: "close", ...headers };
  const lines = Object.entries(all)
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}: ${v}`);
  return `${method} ${target} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n${body}`;
}
