import { assert } from "../../errors.js";
import type { KickMembersBody } from "../../schemas/host-controls.js";
import type { Caller, Deps } from "../deps.js";
import { saveConference, saveMember } from "../conferences/change-log.js";
import { endStay } from "../conferences/members.js";
import { policy, writableConference } from "../conferences/policy.js";
import { requireInMeeting, resolveTargets } from "./targets.js";

/** attendStatus of a member removed by the host. */
export const KICKED = 5;

/**
 * `POST …/{id}/members/kick` (KickMembers). Every named user must be in the meeting and none may be the
 * host; then each gets attendStatus 5 with leaveTime now (their stay added to duration). With
 * `forbiddenRejoin` they cannot join again until the meeting ends. A kicked user loses the focus.
 */
export async function kickMembers(deps: Deps, caller: Caller, conferenceId: string, body: KickMembersBody) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const targets = await resolveTargets(
      tx,
      conf,
      body.userList.map((u) => u.unionId),
    );
    const members = targets.map(requireInMeeting);
    assert(!members.some((m) => policy.isHost(m)), "paramsError", "the host cannot be kicked");
    const now = deps.clock.now();
    for (const m of members) {
      const after = { ...endStay(m, KICKED, now), forbiddenRejoin: !!body.forbiddenRejoin };
      await saveMember(tx, caller, "KickMembers", m, after, now);
    }
    if (conf.focusUnionId && members.some((m) => m.unionId === conf.focusUnionId)) {
      await saveConference(tx, caller, "KickMembers", conf, { ...conf, focusUnionId: null }, now);
    }
    return { success: true };
  });
}
