import { isDeepStrictEqual } from "node:util";
import { assert, fail } from "../../errors.js";
import type { Caller, Deps } from "../deps.js";
import { recordChange } from "./change-log.js";
import { loadExtras } from "./extras.js";
import { writableConference } from "./policy.js";

/** The largest extInfo document kept, as JSON text (bytes). */
export const EXT_INFO_MAX_BYTES = 65_536;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `PUT …/{id}/extInfo` (UpdateVideoConferenceExtInfo, spec more §3): the SDK sends no body, which
 * changes nothing; a JSON object from another client replaces the meeting's extInfo (one change-log row
 * when it differs); any other body is `Missingbody`.
 */
export async function updateVideoConferenceExtInfo(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  body: unknown,
) {
  if (body !== undefined && !isObject(body)) throw fail("Missingbody");
  if (body !== undefined) {
    const bytes = Buffer.byteLength(JSON.stringify(body));
    assert(bytes <= EXT_INFO_MAX_BYTES, "paramsError", `extInfo is larger than ${EXT_INFO_MAX_BYTES} bytes`);
  }
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    if (body !== undefined) {
      const extras = await loadExtras(tx, conf.conferenceId);
      if (!isDeepStrictEqual(extras.extInfo, body)) {
        await tx.putExtras({ ...extras, extInfo: body });
        await recordChange(tx, caller, {
          conferenceId: conf.conferenceId,
          operation: "UpdateVideoConferenceExtInfo",
          target: conf.conferenceId,
          before: { extInfo: extras.extInfo },
          after: { extInfo: body },
          at: deps.clock.now(),
        });
      }
    }
    return { case: "success", code: "200" };
  });
}
