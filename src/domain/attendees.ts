import { fail, paramsError } from "../errors.js";
import type { Tx } from "../store/store.js";
import type { Deps } from "./deps.js";
import { afterLeave } from "./host-transfer.js";
import { assertRoomForMembers } from "./conferences/member-cap.js";
import { endStay, newMember, saveMember } from "./members.js";
import { policy } from "./policy.js";

/** DingTalk's limit on people online in one meeting. */
export const MAX_ONLINE = 500;

/** Who the control plane's virtual attendees act as in the change log. */
const ATTENDEE = "attendee";

const refuse = (why: string) => fail("joinRefused", `joinRefused:${why}`);

async function attendeeContext(deps: Deps, tx: Tx, conferenceId: string, unionId: string) {
  const conf = await tx.getConference(conferenceId, true);
  if (!conf) throw paramsError("conference not found");
  const member = await tx.getMember(conferenceId, unionId);
  // A phone invitee (InviteUsers) has no user row: it acts as a user of the conference's org.
  const user =
    (await tx.getUser(unionId)) ??
    (member?.pstnJoin ? { unionId, corpId: conf.corpId, userId: "", name: member.userNick } : undefined);
  if (!user) throw fail("unknownUserError");
  return { conf, user, member, now: deps.clock.now() };
}

export interface JoinInput {
  deviceType?: string;
  micStatus?: 1 | 2;
  cameraStatus?: 1 | 2;
}

/**
 * A virtual attendee joins (control plane). Refused when the meeting ended, is locked (for anyone not
 * in it now), the user was kicked with forbiddenRejoin, the meeting admits only its org, or it is full.
 */
export async function joinConference(
  deps: Deps,
  conferenceId: string,
  unionId: string,
  input: JoinInput = {},
) {
  return deps.store.transaction(async (tx) => {
    const { conf, user, member, now } = await attendeeContext(deps, tx, conferenceId, unionId);
    if (conf.status === 1) throw refuse("the meeting has ended");
    if (member?.attendStatus === 3) return { joined: true };
    if (conf.locked) throw refuse("the meeting is locked");
    if (member?.forbiddenRejoin) throw refuse("the user was removed and may not rejoin");
    if (conf.onlyInternal && user.corpId !== conf.corpId)
      throw refuse("only the organization's members may join");
    const online = await tx.countMembersWithStatus(conf.conferenceId, [3]);
    if (online >= MAX_ONLINE) throw refuse(`the meeting is full (${MAX_ONLINE} online)`);
    if (!member) await assertRoomForMembers(tx, deps, conf.conferenceId, 1);
    const base = member ?? newMember(conf, user);
    const after = {
      ...base,
      attendStatus: 3,
      joinTime: now,
      leaveTime: null,
      // Mute-all holds for newcomers too, except the host and co-hosts (spec section 5).
      micStatus: conf.muteAll && !policy.isModerator(base) ? 1 : (input.micStatus ?? 2),
      cameraStatus: input.cameraStatus ?? 2,
      deviceType: input.deviceType ?? base.deviceType,
    };
    await saveMember(tx, ATTENDEE, "Join", member, after, now);
    return { joined: true };
  });
}

/** A virtual attendee leaves (control plane). */
export async function leaveConference(deps: Deps, conferenceId: string, unionId: string) {
  return deps.store.transaction(async (tx) => {
    const { conf, member, now } = await attendeeContext(deps, tx, conferenceId, unionId);
    if (!member || member.attendStatus !== 3) throw paramsError(`${unionId} is not in the meeting`);
    const left = endStay(member, 6, now);
    await saveMember(tx, ATTENDEE, "Leave", member, left, now);
    await afterLeave(tx, ATTENDEE, "Leave", conf, left, now);
    return { left: true };
  });
}
