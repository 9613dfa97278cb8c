import { assert } from "../../errors.js";
import type { MuteAllBody, MuteMembersBody } from "../../schemas/host-controls.js";
import type { Tx } from "../../store/store.js";
import type { Caller, Deps } from "../deps.js";
import { saveConference, saveMember } from "../conferences/change-log.js";
import { policy, writableConference } from "../conferences/policy.js";
import { requireInMeeting, resolveTargets } from "./targets.js";

/** micStatus / cameraStatus values (QueryConferenceInfoBatch): 0 initial, 1 off, 2 on. */
export const MIC_OFF = 1;
export const MIC_ON = 2;

/**
 * `POST …/{id}/members/mute` (MuteMembers): exactly one user per call, who must be in the meeting.
 * `mute` turns their mic off, `un_mute` on (the host may unmute anyone, even under a forced mute-all).
 * `participantId` is accepted and ignored: in vconf a user has one participant per meeting.
 */
export async function muteMembers(deps: Deps, caller: Caller, conferenceId: string, body: MuteMembersBody) {
  const ids = [...new Set(body.userList.map((u) => u.unionId))];
  assert(ids.length === 1, "paramsError", "userList must name exactly one user");
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const [target] = await resolveTargets(tx, conf, ids);
    const member = requireInMeeting(target);
    const mic = body.action === "mute" ? MIC_OFF : MIC_ON;
    if (member.micStatus !== mic) {
      await saveMember(tx, caller, "MuteMembers", member, { ...member, micStatus: mic }, deps.clock.now());
    }
    return { success: true };
  });
}

/**
 * The mics mute-all moves, inside a transaction: `mute` turns off the mic of everyone in the meeting but
 * the host and co-hosts, `un_mute` turns those mics back on. Used by MuteAll and
 * UpdateVideoConferenceSetting after they set the conference's muteAll / forceMute.
 */
export async function setMicsForMuteAll(
  tx: Tx,
  caller: Caller,
  operation: string,
  conferenceId: string,
  mute: boolean,
  now: number,
): Promise<void> {
  const mic = mute ? MIC_OFF : MIC_ON;
  for (const m of await tx.listMembersWithStatus(conferenceId, [3])) {
    if (policy.isModerator(m) || m.micStatus === mic) continue;
    await saveMember(tx, caller, operation, m, { ...m, micStatus: mic }, now);
  }
}

/**
 * `POST …/{id}/allMembers/mute` (MuteAll). With `forceMute` attendees cannot unmute themselves while it
 * lasts; the host and co-hosts are never muted by it; `un_mute` lifts both.
 */
export async function muteAll(deps: Deps, caller: Caller, conferenceId: string, body: MuteAllBody) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const mute = body.action === "mute";
    const now = deps.clock.now();
    const after = { ...conf, muteAll: mute, forceMute: mute && !!body.forceMute };
    await saveConference(tx, caller, "MuteAll", conf, after, now);
    await setMicsForMuteAll(tx, caller, "MuteAll", conf.conferenceId, mute, now);
    return { success: true };
  });
}
