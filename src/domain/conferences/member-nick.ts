import { assert } from "../../errors.js";
import type { MemberNickBody } from "../../schemas/meeting-extras.js";
import type { Caller, Deps } from "../deps.js";
import { recordChange } from "./change-log.js";
import { writableConference } from "./policy.js";

/**
 * `POST …/{id}/members/updateNick` (UpdateMemberNick, newest SDKs only): sets a member's in-meeting nick
 * (`userNick` of QueryConferenceMembers); the user's directory name is untouched. The same nick again
 * changes nothing.
 */
export async function updateMemberNick(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  body: MemberNickBody,
) {
  const nick = body.nick.trim();
  assert(nick, "paramsError", "nick is missing");
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const member = await tx.getMember(conf.conferenceId, body.unionId);
    // A phone invitee has no user row but is a member all the same.
    if (!member) assert(await tx.getUser(body.unionId), "unknownUserError");
    assert(member, "paramsError", `${body.unionId} is not a member of the meeting`);
    if (member.userNick !== nick) {
      await tx.putMember({ ...member, userNick: nick });
      await recordChange(tx, caller, {
        conferenceId: conf.conferenceId,
        operation: "UpdateMemberNick",
        target: member.unionId,
        before: { userNick: member.userNick },
        after: { userNick: nick },
        at: deps.clock.now(),
      });
    }
    return { success: true };
  });
}
