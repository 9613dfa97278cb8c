import { assert } from "../../errors.js";
import type { ConferenceRow, MemberRow, Tx, UserRow } from "../../store/store.js";

/** A unionId a host control names: the user (absent for a phone invitee) and their membership. */
export interface Target {
  unionId: string;
  user?: UserRow;
  member?: MemberRow;
}

/** The synthetic unionId prefix of members invited by phone (InviteUsers `phoneInviteeList`). */
export const PSTN_PREFIX = "pstn:";

/**
 * Resolves the unionIds a host control names (duplicates count once). A unionId is known when the user
 * exists in vconf or is a phone invitee of this conference; any unknown one fails the whole request with
 * `unknownUserError` (spec section 6), before anything is written.
 */
export async function resolveTargets(tx: Tx, conf: ConferenceRow, unionIds: string[]): Promise<Target[]> {
  const ids = [...new Set(unionIds)];
  const users = await tx.getUsers(ids);
  const targets: Target[] = [];
  for (const unionId of ids) {
    const member = await tx.getMember(conf.conferenceId, unionId);
    const user = users.get(unionId);
    assert(user || member?.pstnJoin, "unknownUserError");
    targets.push({ unionId, user, member });
  }
  return targets;
}

/** Throws 400 paramsError `error:<unionId> is not in the meeting` unless the target is in it now. */
export function requireInMeeting(t: Target): MemberRow {
  assert(t.member?.attendStatus === 3, "paramsError", `${t.unionId} is not in the meeting`);
  return t.member!;
}
