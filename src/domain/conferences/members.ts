import type { ConferenceRow, MemberRow, UserRow } from "../../store/store.js";

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

/** Ends a member's stay: status `to`, leaveTime now, the stay added to duration. */
export function endStay(m: MemberRow, to: number, now: number): MemberRow {
  const stay = m.attendStatus === 3 && m.joinTime !== null ? Math.max(0, now - m.joinTime) : 0;
  return { ...m, attendStatus: to, leaveTime: now, duration: m.duration + stay };
}
