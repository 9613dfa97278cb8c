import { fail, paramsError } from "../../errors.js";
import type { ConferenceRow, MemberRow, Tx, UserRow } from "../../store/store.js";
import type { Caller } from "../deps.js";
import { recordChange } from "../conferences/members.js";

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
    if (!user && !member?.pstnJoin) throw fail("unknownUserError");
    targets.push({ unionId, user, member });
  }
  return targets;
}

/** Throws 400 paramsError `error:<unionId> is not in the meeting` unless the target is in it now. */
export function requireInMeeting(t: Target): MemberRow {
  if (t.member?.attendStatus !== 3) throw paramsError(`${t.unionId} is not in the meeting`);
  return t.member;
}

/** The conference fields host controls change, as the change log records them. */
export function conferenceState(c: ConferenceRow) {
  return {
    locked: c.locked,
    muteAll: c.muteAll,
    forceMute: c.forceMute,
    onlyInternal: c.onlyInternal,
    autoTransferHost: c.autoTransferHost,
    forbiddenShareScreen: c.forbiddenShareScreen,
    focusUnionId: c.focusUnionId,
  };
}

type ConfState = ReturnType<typeof conferenceState>;

/**
 * Writes `after` and appends one change-log row (target: the conference id) holding only the fields
 * that changed; writes nothing when nothing changed. Returns whether it wrote.
 */
export async function saveConference(
  tx: Tx,
  who: Caller | string,
  operation: string,
  before: ConferenceRow,
  after: ConferenceRow,
  at: number,
): Promise<boolean> {
  const b = conferenceState(before);
  const a = conferenceState(after);
  const keys = (Object.keys(a) as (keyof ConfState)[]).filter((k) => a[k] !== b[k]);
  if (keys.length === 0) return false;
  await tx.updateConference(after);
  await recordChange(tx, who, {
    conferenceId: after.conferenceId,
    operation,
    target: after.conferenceId,
    before: Object.fromEntries(keys.map((k) => [k, b[k]])),
    after: Object.fromEntries(keys.map((k) => [k, a[k]])),
    at,
  });
  return true;
}
