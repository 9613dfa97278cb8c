import type { LockBody } from "../../schemas/host-controls.js";
import type { Caller, Deps } from "../deps.js";
import { saveConference } from "../conferences/change-log.js";
import { writableConference } from "../conferences/policy.js";

/**
 * `POST …/{id}/lock` (LockConference): a locked meeting admits nobody who is not in it now (the
 * control-plane join answers 403 joinRefused); members already in stay. An ended meeting: confClosed.
 */
export async function lockConference(deps: Deps, caller: Caller, conferenceId: string, body: LockBody) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const locked = body.action === "lock";
    await saveConference(tx, caller, "LockConference", conf, { ...conf, locked }, deps.clock.now());
    return { success: true };
  });
}
