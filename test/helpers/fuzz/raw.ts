import fc from "fast-check";
import net from "node:net";
import { ADMIN_KEY } from "../app.js";

/** Bounds a hang on a busy machine; not a speed assertion. */
const WAIT_MS = 10_000;
const HALF_CLOSE_MS = 1_500;

export interface RawAnswer {
  /** The first response's status, or 0 when the server closed without answering. */
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `bytes` on a fresh connection and reads the first response (Content-Length or chunked body). */
export function sendRaw(port: number, bytes: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(data.toString("latin1")));
    };
    const timer = setTimeout(finish, WAIT_MS);
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk]);
      const answer = parse(data.toString("latin1"));
      if (answer.status && complete(data.toString("latin1"), answer)) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.write(bytes);
    // A request the server still waits on (a body shorter than declared): end our side, so that it answers
    // or closes. Not at once: Node drops the answer to a request whose connection was half-closed early.
    const idle = setTimeout(() => socket.end(), HALF_CLOSE_MS);
    socket.on("close", () => clearTimeout(idle));
  });
}

function parse(text: string): RawAnswer {
  const end = text.indexOf("\r\n\r\n");
  if (!text.startsWith("HTTP/") || end === -1) return { status: 0, headers: {}, body: "" };
  const [status, ...lines] = text.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(":");
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = Buffer.from(text.slice(end + 4), "latin1").toString("utf8");
  if (headers["transfer-encoding"] === "chunked") body = dechunk(body);
  else if (headers["content-length"] !== undefined) body = body.slice(0, Number(headers["content-length"]));
  return { status: Number(status.split(" ")[1]), headers, body };
}

function dechunk(s: string): string {
  let out = "";
  for (let at = 0; ;) {
    const eol = s.indexOf("\r\n", at);
    if (eol === -1) return out;
    const size = parseInt(s.slice(at, eol), 16);
    if (!size) return out;
    out += s.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

function complete(text: string, a: RawAnswer): boolean {
  const rest = text.slice(text.indexOf("\r\n\r\n") + 4);
  if (a.headers["transfer-encoding"] === "chunked") return rest.includes("0\r\n\r\n");
  if (a.headers["content-length"] !== undefined)
    return Buffer.byteLength(rest, "latin1") >= Number(a.headers["content-length"]);
  return false; // read until the server closes
}

/** A case of malformed or unusual framing; `item` names the issue-9 item whose rule it checks. */
export interface RawCase {
  name: string;
  bytes: string;
  item?: string;
}

const KEY = `x-vconf-admin-key: ${ADMIN_KEY}\r\n`;
const JSON_CT = "content-type: application/json\r\n";

export const RAW_CASES: RawCase[] = [
  { name: "a plain unknown path", bytes: "GET /nowhere HTTP/1.1\r\nhost: x\r\n\r\n" },
  { name: "HTTP/1.0 without Host", bytes: "GET /nowhere HTTP/1.0\r\n\r\n" },
  {
    name: "header names in odd case",
    bytes: `GET /_vconf/v1/orgs HTTP/1.1\r\nHoSt: x\r\nX-VCONF-ADMIN-KEY: ${ADMIN_KEY}\r\n\r\n`,
  },
  {
    name: "chunked JSON body",
    bytes: `POST /_vconf/v1/reset HTTP/1.1\r\nhost: x\r\n${KEY}${JSON_CT}transfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
  },
  {
    name: "body shorter than declared, then close",
    bytes: `POST /_vconf/v1/orgs HTTP/1.1\r\nhost: x\r\n${KEY}${JSON_CT}content-length: 100\r\n\r\n{"corpId":`,
  },
  {
    name: "not JSON under a JSON content type",
    bytes: `POST /_vconf/v1/orgs HTTP/1.1\r\nhost: x\r\n${KEY}${JSON_CT}content-length: 3\r\n\r\n{{{`,
  },
  {
    name: "a 5000-deep body",
    bytes: `POST /_vconf/v1/orgs HTTP/1.1\r\nhost: x\r\n${KEY}${JSON_CT}content-length: 10000\r\n\r\n${"[".repeat(5000)}${"]".repeat(5000)}`,
  },
  // HTTP-layer refusals (item 7), prefix spellings (item 1) and SDK framings (item 8):
  { name: "garbage request line", bytes: "GARBAGE\r\n\r\n", item: "item 7" },
  { name: "missing Host on HTTP/1.1", bytes: "GET /nowhere HTTP/1.1\r\n\r\n", item: "item 7" },
  {
    name: "header too large (431)",
    bytes: `GET /nowhere HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`,
    item: "item 7",
  },
  { name: "URL too long", bytes: `GET /${"a".repeat(20_000)} HTTP/1.1\r\nhost: x\r\n\r\n`, item: "item 7" },
  {
    name: "odd Expect (417)",
    bytes: "POST /_vconf/v1/reset HTTP/1.1\r\nhost: x\r\nexpect: 200-ok\r\ncontent-length: 2\r\n\r\n{}",
    item: "item 7",
  },
  {
    name: "bad chunk size",
    bytes: `POST /_vconf/v1/reset HTTP/1.1\r\nhost: x\r\n${KEY}transfer-encoding: chunked\r\n\r\nzz\r\n\r\n`,
    item: "item 7",
  },
  {
    name: "both Content-Length and chunked",
    bytes: `POST /_vconf/v1/reset HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n`,
    item: "item 7",
  },
  {
    name: "invalid header character",
    bytes: "GET /nowhere HTTP/1.1\r\nhost: x\r\nx-a\u0001: b\r\n\r\n",
    item: "item 7",
  },
  {
    name: "encoded control-plane prefix without a key",
    bytes: "GET /%5Fvconf/v1/orgs HTTP/1.1\r\nhost: x\r\n\r\n",
    item: "item 1",
  },
  {
    name: "absolute-form target to the control plane",
    bytes: "GET http://elsewhere.invalid/_vconf/v1/orgs HTTP/1.1\r\nhost: x\r\n\r\n",
    item: "item 1",
  },
  {
    name: "Java SDK close: empty chunked body, no content type",
    bytes:
      "DELETE /v1.0/conference/videoConferences/0123456789abcdef01234567?unionId=union-alice HTTP/1.1\r\nhost: x\r\nx-acs-dingtalk-access-token: nope\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n",
    item: "item 8",
  },
];

/** What is wrong with a raw answer: none at all, a 5xx, or an answer not in the envelope. */
export function rawProblem(a: RawAnswer, c: RawCase): string | undefined {
  if (c.name === "body shorter than declared, then close") return undefined; // nobody is left to answer
  if (a.status === 0) return "no answer";
  if (a.status >= 500) return `status ${a.status}`;
  if (c.item === "item 1" && a.status < 400) return `the control plane answered ${a.status} without the key`;
  if (c.item === "item 8" && a.status === 400 && a.body.includes("Missingbody"))
    return "an empty chunked body is Missingbody";
  if (a.status < 400) return undefined;
  try {
    const body = JSON.parse(a.body);
    const keys = Object.keys(body).sort().join(",");
    return keys === "code,message,requestid" ? undefined : `an error with keys ${keys}`;
  } catch {
    return `an error that is not JSON: ${a.status} ${JSON.stringify(a.body.slice(0, 80))}`;
  }
}

/** Seeded mutations of well-formed requests: a byte replaced, dropped or doubled, a header line duplicated. */
export function mutatedRequests(seed: number, n: number): string[] {
  const bases = [
    "GET /_vconf/v1/orgs HTTP/1.1\r\nhost: x\r\n" + KEY + "\r\n",
    `POST /_vconf/v1/orgs HTTP/1.1\r\nhost: x\r\n${KEY}${JSON_CT}content-length: 27\r\n\r\n{"corpId":"c-m","name":"M"}`,
    "GET /v1.0/conference/videoConferences/0123456789abcdef01234567 HTTP/1.1\r\nhost: x\r\nx-acs-dingtalk-access-token: t\r\n\r\n",
  ];
  const mutation = fc.record({
    base: fc.nat(bases.length - 1),
    at: fc.nat(),
    op: fc.constantFrom("replace", "drop", "double", "insert"),
    byte: fc.integer({ min: 0, max: 255 }),
  });
  return fc.sample(mutation, { seed, numRuns: n }).map((m) => {
    const b = bases[m.base];
    const i = m.at % b.length;
    const ch = String.fromCharCode(m.byte);
    switch (m.op) {
      case "replace":
        return b.slice(0, i) + ch + b.slice(i + 1);
      case "drop":
        return b.slice(0, i) + b.slice(i + 1);
      case "double":
        return b.slice(0, i) + b[i] + b.slice(i);
      default:
        return b.slice(0, i) + ch + b.slice(i);
    }
  });
}
