import { assert } from "../../errors.js";
import type { InviteUsersBody } from "../../schemas/host-controls.js";
import type { MemberRow } from "../../store/store.js";
import type { Caller, Deps } from "../deps.js";
import { saveMember } from "../conferences/change-log.js";
import { newMember } from "../conferences/members.js";
import { writableConference } from "../conferences/policy.js";
import { assertRoomForMembers } from "../conferences/member-cap.js";
import { PSTN_PREFIX } from "./targets.js";

/** A phone number: an optional `+`, then 3 to 20 digits, optionally grouped by spaces or dashes. */
const PHONE = /^\+?[0-9](?:[ -]?[0-9]){2,19}$/;

/** The synthetic unionId a phone invitee is keyed by: `pstn:` and the number without separators. */
export const pstnUnionId = (phoneNumber: string) => PSTN_PREFIX + phoneNumber.replace(/[ -]/g, "");

/**
 * Whether an invitation (re)invites this member: new members, and members who declined, left or were
 * kicked without forbiddenRejoin. Members invited, ringing or in the meeting now are unchanged, and a
 * kick with forbiddenRejoin holds until the meeting ends.
 */
const reinvitable = (m: MemberRow | undefined) =>
  !m || ([4, 5, 6].includes(m.attendStatus) && !m.forbiddenRejoin);

/**
 * `POST …/{id}/users/invite` (InviteUsers). Invited unionIds become members with attendStatus 1; an
 * unknown unionId (invitee or inviter) fails the whole call. Phone invitees become members keyed by
 * `pstn:<digits>` with `pstnJoin: true` and their `nick`.
 */
export async function inviteUsers(deps: Deps, caller: Caller, conferenceId: string, body: InviteUsersBody) {
  const invitees = [...new Set((body.inviteeList ?? []).map((u) => u.unionId))];
  const phones = body.phoneInviteeList ?? [];
  assert(
    invitees.length > 0 || phones.length > 0,
    "paramsError",
    "inviteeList and phoneInviteeList are both empty",
  );
  phones.forEach((p, i) =>
    assert(
      PHONE.test(p.phoneNumber),
      "paramsError",
      `phoneInviteeList[${i}].phoneNumber is not a phone number`,
    ),
  );
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const users = await tx.getUsers(body.unionId === undefined ? invitees : [body.unionId, ...invitees]);
    assert(body.unionId === undefined || users.has(body.unionId), "unknownUserError");
    assert(
      invitees.every((id) => users.has(id)),
      "unknownUserError",
    );
    const now = deps.clock.now();
    // Every row is read before any is written, so the member cap sees how many are new.
    const writes: [MemberRow | undefined, MemberRow][] = [];
    for (const id of invitees) {
      const before = await tx.getMember(conf.conferenceId, id);
      if (!reinvitable(before)) continue;
      writes.push([before, before ? { ...before, attendStatus: 1 } : newMember(conf, users.get(id)!)]);
    }
    const seen = new Set<string>();
    for (const p of phones) {
      const unionId = pstnUnionId(p.phoneNumber);
      if (seen.has(unionId)) continue;
      seen.add(unionId);
      const before = await tx.getMember(conf.conferenceId, unionId);
      if (!reinvitable(before)) continue;
      const phoneUser = { unionId, corpId: conf.corpId, userId: "", name: p.nick };
      writes.push([
        before,
        before ? { ...before, attendStatus: 1 } : newMember(conf, phoneUser, { pstnJoin: true }),
      ]);
    }
    await assertRoomForMembers(tx, deps, conf.conferenceId, writes.filter(([b]) => !b).length);
    for (const [before, after] of writes) await saveMember(tx, caller, "InviteUsers", before, after, now);
    return { success: true };
  });
}
