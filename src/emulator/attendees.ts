import { assert } from "../errors.js";
import type { JoinBody } from "../schemas/emulator/control.js";
import type { Tx } from "../store/store.js";
import type { Deps } from "../domain/deps.js";
import { saveMember } from "../domain/conferences/change-log.js";
import { endStay, newMember } from "../domain/conferences/members.js";
import { assertRoomForMembers } from "../domain/conferences/member-cap.js";
import { policy } from "../domain/conferences/policy.js";
import { afterLeave } from "../domain/host-controls/host-transfer.js";
import { MIC_ON } from "../domain/host-controls/mute.js";
import { requireInMeeting, resolveTargets } from "../domain/host-controls/targets.js";
import { startWaitingStreams } from "../domain/streams/stream-out.js";
import { autoStartCloudRecording } from "../domain/schedules/auto-record.js";
import { assertMayStart, lockAfterStart, mutedOnJoin, startInstance } from "../domain/schedules/instances.js";

/**
 * Virtual attendees: what people in a meeting do (join, leave, unmute themselves), driven through the
 * control plane, checked by DingTalk's conference rules in src/domain.
 */

/** DingTalk's limit on people online in one meeting. */
export const MAX_ONLINE = 500;

/** Who the control plane's virtual attendees act as in the change log. */
export const ATTENDEE = "attendee";

async function attendeeContext(deps: Deps, tx: Tx, conferenceId: string, unionId: string) {
  const conf = await tx.getConference(conferenceId, true);
  assert(conf, "paramsError", "conference not found");
  const member = await tx.getMember(conferenceId, unionId);
  // A phone invitee (InviteUsers) has no user row: it acts as a user of the conference's org.
  const user =
    (await tx.getUser(unionId)) ??
    (member?.pstnJoin ? { unionId, corpId: conf.corpId, userId: "", name: member.userNick } : undefined);
  assert(user, "unknownUserError");
  return { conf, user, member, now: deps.clock.now() };
}

/**
 * A virtual attendee joins (control plane). Refused when the meeting ended, is locked (for anyone not
 * in it now), the user was kicked with forbiddenRejoin, the meeting admits only its org, or it is full.
 * A booking's pending instance starts on its first admitted join (spec-more section 9).
 */
export async function joinConference(
  deps: Deps,
  conferenceId: string,
  unionId: string,
  input: JoinBody = {},
) {
  return deps.store.transaction(async (tx) => {
    await admit(deps, tx, conferenceId, unionId, input, "Join");
    return { joined: true };
  });
}

/** The join itself, in the caller's transaction; says whether it started a pending instance. */
export async function admit(
  deps: Deps,
  tx: Tx,
  conferenceId: string,
  unionId: string,
  input: JoinBody,
  operation: string,
): Promise<{ started: boolean }> {
  const ctx = await attendeeContext(deps, tx, conferenceId, unionId);
  const { user, now } = ctx;
  let { conf, member } = ctx;
  assert(conf.status !== 1, "joinRefused", "the meeting has ended");
  const bk = conf.scheduleConferenceId ? await tx.getBooking(conf.scheduleConferenceId) : undefined;
  const started = conf.status === 0;
  if (started) {
    assert(bk, "joinRefused", "the meeting has not started");
    assertMayStart(bk, unionId);
    conf = await startInstance(tx, ATTENDEE, operation, bk, conf, now);
    member = await tx.getMember(conferenceId, unionId);
  }
  if (member?.attendStatus === 3) return { started };
  assert(!conf.locked, "joinRefused", "the meeting is locked");
  assert(!member?.forbiddenRejoin, "joinRefused", "the user was removed and may not rejoin");
  assert(
    !conf.onlyInternal || user.corpId === conf.corpId,
    "joinRefused",
    "only the organization's members may join",
  );
  const online = await tx.countMembersWithStatus(conf.conferenceId, [3]);
  assert(online < MAX_ONLINE, "joinRefused", `the meeting is full (${MAX_ONLINE} online)`);
  if (!member) await assertRoomForMembers(tx, deps, conf.conferenceId, 1);
  const base = member ?? newMember(conf, user);
  // Mute-all (spec section 5) and a booking's muteOnJoin hold for newcomers, except the host and co-hosts.
  const muted = (conf.muteAll || mutedOnJoin(bk, online)) && !policy.isModerator(base);
  const after = {
    ...base,
    attendStatus: 3,
    joinTime: now,
    leaveTime: null,
    micStatus: muted ? 1 : (input.micStatus ?? 2),
    cameraStatus: input.cameraStatus ?? 2,
    deviceType: input.deviceType ?? base.deviceType,
  };
  await saveMember(tx, ATTENDEE, operation, member, after, now);
  // Streams started with needHostJoin wait for the host (spec more §7).
  if (after.host) await startWaitingStreams(tx, ATTENDEE, operation, conf.conferenceId, now);
  if (started && bk) await lockAfterStart(tx, ATTENDEE, operation, bk, conf.conferenceId, now);
  if (bk) await autoStartCloudRecording(tx, bk, conf, after, now);
  return { started };
}

/** A virtual attendee leaves (control plane). */
export async function leaveConference(deps: Deps, conferenceId: string, unionId: string) {
  return deps.store.transaction(async (tx) => {
    const { conf, member, now } = await attendeeContext(deps, tx, conferenceId, unionId);
    assert(member && member.attendStatus === 3, "paramsError", `${unionId} is not in the meeting`);
    const left = endStay(member, 6, now);
    await saveMember(tx, ATTENDEE, "Leave", member, left, now);
    await afterLeave(tx, ATTENDEE, "Leave", conf, left, now);
    return { left: true };
  });
}

/**
 * An attendee unmutes themself (control plane). Refused with 403 `unmuteRefused` while the meeting
 * forbids it (forceMute / allowUnmuteSelf:false), unless they are the host or a co-host.
 */
export async function unmuteSelf(deps: Deps, conferenceId: string, unionId: string) {
  return deps.store.transaction(async (tx) => {
    const conf = await tx.getConference(conferenceId, true);
    assert(conf, "paramsError", "conference not found");
    assert(!policy.ended(conf), "confClosed");
    const [target] = await resolveTargets(tx, conf, [unionId]);
    const member = requireInMeeting(target);
    assert(
      !conf.forceMute || policy.isModerator(member),
      "unmuteRefused",
      "the host does not allow attendees to unmute themselves",
    );
    if (member.micStatus !== MIC_ON) {
      await saveMember(
        tx,
        ATTENDEE,
        "UnmuteSelf",
        member,
        { ...member, micStatus: MIC_ON },
        deps.clock.now(),
      );
    }
    return { micStatus: MIC_ON };
  });
}
