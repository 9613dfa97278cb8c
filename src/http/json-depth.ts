import type { FastifyRequest } from "fastify";
import { type ApiError, fail, missingParameter, paramsError } from "../errors.js";
import type { RouteConfig } from "../schemas/common.js";

/**
 * How deeply a request body's arrays and objects may nest. No DingTalk or control-plane body goes past 6
 * (a snapshot's change row holds a member state: root, changes, row, before, value); a value thousands of
 * levels deep overflows the stack of whatever walks it later (JSON.stringify when the store writes it).
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether JSON `text` nests deeper than `max`: one pass over the characters, skipping strings, before
 * anything is parsed. Malformed text is left to JSON.parse.
 */
export function nestedDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  if (text.length <= max) return false; // too short to open more than `max` brackets
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}

/** The answer to a body nested too deeply: the route's own invalid-input code, as for a schema failure. */
export function tooDeep(request: FastifyRequest): ApiError {
  const detail = `body is nested deeper than ${MAX_JSON_DEPTH} levels`;
  switch ((request.routeOptions.config as Partial<RouteConfig> | undefined)?.invalid) {
    case "paramError":
      return fail("paramError", `PARAM ERROR: ${detail}`);
    case "missing":
      return missingParameter("body");
    default:
      return paramsError(detail);
  }
}
