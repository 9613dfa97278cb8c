import type { ConferenceRow, MediaState, MemberRow } from "../../store/store.js";

/** A member as `QueryConferenceMembers` shows it. */
export function memberModel(m: MemberRow) {
  return {
    unionId: m.unionId,
    conferenceId: m.conferenceId,
    userNick: m.userNick,
    ...(m.joinTime !== null ? { joinTime: m.joinTime } : {}),
    ...(m.leaveTime !== null ? { leaveTime: m.leaveTime } : {}),
    duration: m.duration,
    host: m.host,
    coHost: m.coHost,
    attendStatus: m.attendStatus,
    ...(m.outerOrgMember ? { outerOrgMember: true } : {}),
    pstnJoin: m.pstnJoin,
  };
}

export interface MemberCounts {
  invitedNum: number;
  activeNum: number;
  attendNum: number;
}

/** Counts for confInfo from the member list. invitedNum counts every member but the organizer. */
export function countMembers(members: MemberRow[], creatorId: string): MemberCounts {
  let invitedNum = 0;
  let activeNum = 0;
  let attendNum = 0;
  for (const m of members) {
    if (m.unionId !== creatorId) invitedNum++;
    if (m.attendStatus === 3) activeNum++;
    if (m.joinTime !== null) attendNum++;
  }
  return { invitedNum, activeNum, attendNum };
}

/** `confInfo` of QueryConferenceInfo. */
export function confInfo(c: ConferenceRow, counts: MemberCounts, creatorNick: string, media?: MediaState) {
  const owner = media?.cloudRecord.ownerUnionId;
  const ended = c.status === 1 && c.endTime !== null;
  return {
    conferenceId: c.conferenceId,
    title: c.title,
    roomCode: c.roomCode,
    externalLinkUrl: c.externalLinkUrl,
    status: c.status,
    startTime: c.startTime,
    ...(ended ? { endTime: c.endTime!, confDuration: c.endTime! - c.startTime } : {}),
    ...counts,
    creatorId: c.creatorId,
    creatorNick,
    scheduleConferenceId: c.scheduleConferenceId,
    // DingTalk's bizType: "3" for an instance of a booking, "0" for an instant meeting (spec-more section 9).
    bizType: c.scheduleConferenceId ? "3" : "0",
    ...(c.extensionAppSettings.length ? { extensionAppSettings: c.extensionAppSettings } : {}),
    cloudRecordStatus: media?.cloudRecord.status ?? 0,
    ...(owner ? { cloudRecordOwnerUnionId: owner } : {}),
  };
}
