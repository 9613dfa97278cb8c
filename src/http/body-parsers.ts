import type { IncomingMessage } from "node:http";
import { fail } from "../errors.js";
import { nestedDeeperThan, tooDeep } from "./json-depth.js";
import type { App } from "./types.js";

type Done = (err: Error | null, body?: unknown) => void;

/**
 * A body sent without a content type must be empty: the Java SDK's okhttp frames every body-less call
 * (`DELETE …?unionId=`, and PUTs with nothing set) as `Transfer-Encoding: chunked` with zero bytes and no
 * `Content-Type`, and that is a request without a body. Its first byte already shows it is not JSON, so
 * the rest is never read.
 */
function emptyBody(payload: IncomingMessage, done: Done) {
  let finished = false;
  const finish = (err: Error | null) => {
    if (finished) return;
    finished = true;
    payload.off("data", onData).off("end", onEnd).off("error", finish).off("close", onClose);
    done(err, undefined);
  };
  const onData = (chunk: Buffer) => {
    if (chunk.length > 0) finish(fail("Missingbody"));
  };
  const onEnd = () => finish(null);
  // A client that goes away mid-body: nobody reads the answer, but the request must not stay pending.
  const onClose = () => finish(fail("Missingbody"));
  payload.on("data", onData).on("end", onEnd).on("error", finish).on("close", onClose);
}

/** How request bodies are read: JSON objects, and a framed but empty body as no body at all. */
export function bodyParsers(app: App) {
  // An empty JSON body is "no body" (a DELETE from the SDK may carry the JSON content type and nothing else).
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (body === "") return done(null, undefined);
    if (nestedDeeperThan(body as string)) return done(tooDeep(req), undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(fail("Missingbody"), undefined);
    }
  });
  // Every other media type (text/plain keeps Fastify's parser and fails the schema the same way) is not
  // JSON: Missingbody at once, the body unread. No content type at all: see emptyBody.
  app.addContentTypeParser("*", (request, payload, done) => {
    if (request.headers["content-type"] !== undefined) return done(fail("Missingbody"), undefined);
    emptyBody(payload, done);
  });
}
