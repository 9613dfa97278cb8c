import { type IncomingMessage, maxHeaderSize, type Server, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyBaseLogger, FastifyReply, FastifyRequest, RequestPayload } from "fastify";
import { type ApiError, envelope, fail, newRequestId } from "../errors.js";

/**
 * What Node's HTTP layer would answer on its own, before a route is matched, answered in DingTalk's
 * envelope instead: a client reads every answer with the same code (spec section 2: a non-JSON error body
 * reaches the caller as a bare SyntaxError).
 */

const EXPECTATION_FAILED = Symbol("vconf.expectationFailed");
const DEFERRED_CONTINUE = Symbol("vconf.deferredContinue");
type Marked = IncomingMessage & { [EXPECTATION_FAILED]?: true; [DEFERRED_CONTINUE]?: true };

/** The parser's reason, e.g. "Invalid header value char": a fixed text of llhttp, never request bytes. */
function reasonOf(err: NodeJS.ErrnoException): string | undefined {
  const reason = (err as { reason?: unknown }).reason;
  return typeof reason === "string" && reason.length <= 100 ? reason : undefined;
}

function clientError(err: NodeJS.ErrnoException): ApiError {
  switch (err.code) {
    case "HPE_HEADER_OVERFLOW":
      return fail(
        "RequestHeaderFieldsTooLarge",
        `the request line and headers are larger than ${maxHeaderSize} bytes`,
      );
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return fail("RequestEntityTooLarge", "the chunk extensions are too large");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return fail("RequestTimeout");
    default: {
      const reason = reasonOf(err);
      return fail("InvalidRequest", reason ? `malformed HTTP request: ${reason}` : undefined);
    }
  }
}

/** A complete HTTP/1.1 answer for a socket no request object exists for; the connection closes after it. */
export function rawEnvelopeResponse(error: ApiError): string {
  const body = JSON.stringify(envelope(error, newRequestId()));
  return (
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\n` +
    "content-type: application/json;charset=utf-8\r\n" +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    "connection: close\r\n\r\n" +
    body
  );
}

/**
 * Fastify's `clientErrorHandler`: a request Node's parser refused (malformed request line or headers,
 * bad chunking, headers over the limit, a timeout). There is no request to route, so the envelope is
 * written to the socket as Node's own answer would be, then the connection is closed.
 */
export function clientErrorHandler(
  this: { log: FastifyBaseLogger },
  err: NodeJS.ErrnoException,
  socket: Duplex,
) {
  // A reset connection has nobody to answer.
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const error = clientError(err);
  // Only the code: the error's rawPacket holds the request bytes, query string included.
  this.log.debug({ code: err.code, status: error.status }, "malformed request");
  // Like Node: never write into an answer already on its way (a pipelined request after it failed).
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) socket.write(rawEnvelopeResponse(error));
  socket.destroy(err);
}

/**
 * Requests Node holds back for their `Expect` header go through Fastify like any other, so they get a
 * request id, a journal entry and the envelope: an unknown expectation is refused by `transportRefusal`;
 * `100-continue` is granted only when the body is about to be read (`continueHook`), so a request refused
 * by its headers (admin key, token, unknown path) never has its body sent at all.
 */
export function routeExpectations(server: Server) {
  server.on("checkExpectation", (req: Marked, res) => {
    req[EXPECTATION_FAILED] = true;
    server.emit("request", req, res);
  });
  server.on("checkContinue", (req: Marked, res) => {
    req[DEFERRED_CONTINUE] = true;
    server.emit("request", req, res);
  });
}

/**
 * Refusals Node would otherwise answer with an empty body (417 for an odd `Expect`; 400 for an HTTP/1.1
 * request without Host, so the server is built with `requireHostHeader` off). Checked first, on request.
 */
export function transportRefusal(request: FastifyRequest): ApiError | undefined {
  if ((request.raw as Marked)[EXPECTATION_FAILED]) return fail("ExpectationFailed");
  if (request.raw.httpVersion === "1.1" && request.headers.host === undefined) {
    return fail("InvalidRequest", "an HTTP/1.1 request needs a Host header");
  }
  return undefined;
}

/** A `preParsing` hook: the `100 Continue` a client waits for before sending the body it announced. */
export function continueHook(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: RequestPayload,
  done: (err: Error | null, payload?: RequestPayload) => void,
): void {
  const raw = request.raw as Marked;
  if (raw[DEFERRED_CONTINUE]) {
    delete raw[DEFERRED_CONTINUE];
    reply.raw.writeContinue();
  }
  done(null, payload);
}

/**
 * A request target's path without its query string (which may carry ids and secrets: never logged), and
 * without the scheme and host of an absolute-form target (`http://host/path`).
 */
export function pathOf(url: string): string {
  // The usual origin-form target (`/path?query`), without a regular expression (once per request).
  if (url.charCodeAt(0) === 47 /* / */) {
    const q = url.indexOf("?");
    const h = url.indexOf("#");
    const end = q === -1 ? h : h === -1 ? q : Math.min(q, h);
    return end === -1 ? url : url.slice(0, end);
  }
  const start = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0].length ?? 0;
  const end = url.slice(start).search(/[?#]/);
  const path = end === -1 ? url.slice(start) : url.slice(start, start + end);
  return path === "" ? "/" : path;
}
