import type { ConferenceRow, MemberRow, Tx, UserRow } from "../../store/store.js";
import type { Caller } from "../deps.js";

/** A new member row for `user` in `conf` (attendStatus 1 invited unless given). */
export function newMember(conf: ConferenceRow, user: UserRow, over: Partial<MemberRow> = {}): MemberRow {
  return {
    conferenceId: conf.conferenceId,
    unionId: user.unionId,
    seq: 0,
    userNick: user.name,
    host: false,
    coHost: false,
    attendStatus: 1,
    joinTime: null,
    leaveTime: null,
    duration: 0,
    outerOrgMember: user.corpId !== conf.corpId,
    pstnJoin: false,
    micStatus: 0,
    cameraStatus: 0,
    forbiddenRejoin: false,
    coHostSince: null,
    deviceType: null,
    ...over,
  };
}

/** A member's state as recorded in the change log (before/after). */
export function memberState(m: MemberRow | undefined) {
  if (!m) return null;
  return {
    host: m.host,
    coHost: m.coHost,
    attendStatus: m.attendStatus,
    micStatus: m.micStatus,
    cameraStatus: m.cameraStatus,
    forbiddenRejoin: m.forbiddenRejoin,
  };
}

/** Appends one change-log row for `conferenceId`, made by `who` (a caller, or a control-plane actor). */
export async function recordChange(
  tx: Tx,
  who: Caller | string,
  change: {
    conferenceId: string;
    operation: string;
    target: string;
    before: unknown;
    after: unknown;
    at: number;
  },
): Promise<void> {
  await tx.appendChange({ ...change, app: typeof who === "string" ? who : who.clientKey });
}

/** Writes `after` and appends its change-log row, in the caller's transaction. */
export async function saveMember(
  tx: Tx,
  who: Caller | string,
  operation: string,
  before: MemberRow | undefined,
  after: MemberRow,
  at: number,
): Promise<void> {
  await tx.putMember(after);
  await recordChange(tx, who, {
    conferenceId: after.conferenceId,
    operation,
    target: after.unionId,
    before: memberState(before),
    after: memberState(after),
    at,
  });
}

/** Ends a member's stay: status `to`, leaveTime now, the stay added to duration. */
export function endStay(m: MemberRow, to: number, now: number): MemberRow {
  const stay = m.attendStatus === 3 && m.joinTime !== null ? Math.max(0, now - m.joinTime) : 0;
  return { ...m, attendStatus: to, leaveTime: now, duration: m.duration + stay };
}
