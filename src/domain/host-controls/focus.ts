import { assert } from "../../errors.js";
import type { FocusBody } from "../../schemas/host-controls.js";
import type { Caller, Deps } from "../deps.js";
import { saveConference } from "../conferences/change-log.js";
import { writableConference } from "../conferences/policy.js";
import { requireInMeeting, resolveTargets } from "./targets.js";

/**
 * `POST …/{id}/focus` (Focus): `focus` puts one member who is in the meeting now in focus (replacing any
 * earlier focus); `un_focus` clears it. A given unionId must be known (unknownUserError) for both.
 */
export async function focus(deps: Deps, caller: Caller, conferenceId: string, body: FocusBody) {
  assert(body.action !== "focus" || body.unionId !== undefined, "paramsError", "unionId is missing");
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const [target] = body.unionId === undefined ? [] : await resolveTargets(tx, conf, [body.unionId]);
    const focusUnionId = body.action === "focus" ? requireInMeeting(target).unionId : null;
    await saveConference(tx, caller, "Focus", conf, { ...conf, focusUnionId }, deps.clock.now());
    return { success: true };
  });
}
