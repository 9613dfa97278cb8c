import type { ConferenceRow, MemberRow } from "../store/store.js";
import { confInfo, countMembers } from "../domain/conferences/presenters.js";

/**
 * Event types and the models they carry (dingtalk-events.md §3, vconf-events.md §1). Models show the
 * state after the change, with the query APIs' field names and types.
 */
export const EventType = {
  status: "meeting_status_change",
  member: "meeting_member_status_change",
  statusTarget: "meeting_status_change_target_push",
  memberTarget: "meeting_member_status_change_target_push",
  roleChange: "vconf_meeting_member_role_change",
  asr: "meeting_asr_result_event",
  asrDirected: "meeting_asr_result_event_directed",
  minutes: "flash_minutes_open_event",
  minutesDirected: "flash_minutes_open_event_directed",
} as const;

/** Every event type vconf pushes: the `call_back_tag` values register_call_back accepts. */
export const EVENT_TYPES: readonly string[] = Object.values(EventType);

/** The general event → its twin for the app that created the conference through the API. */
export const TWIN: Readonly<Record<string, string>> = {
  [EventType.status]: EventType.statusTarget,
  [EventType.member]: EventType.memberTarget,
  [EventType.asr]: EventType.asrDirected,
  [EventType.minutes]: EventType.minutesDirected,
};

/** Opt-in extensions and the event types only their subscribers get. */
export const EXTENSIONS: Readonly<Record<string, string>> = { member_role_change: EventType.roleChange };

export type StatusScene = "conference_created" | "conference_closed";
export type MemberScene = "user_join" | "user_leave" | "user_invited" | "user_kicked";
export type RoleScene = "cohost_added" | "cohost_removed" | "host_changed";

/** `openConfModel`: QueryConferenceInfo's confInfo at that moment. */
export function openConfModel(conf: ConferenceRow, members: MemberRow[], creatorNick: string) {
  return confInfo(conf, countMembers(members, conf.creatorId), creatorNick);
}

/** One of `openMemberModels`: the member as QueryConferenceMembers shows it, `userId` = unionId. */
export function openMemberModel(m: MemberRow) {
  return {
    userId: m.unionId,
    conferenceId: m.conferenceId,
    userNick: m.userNick,
    ...(m.joinTime !== null ? { joinTime: m.joinTime } : {}),
    ...(m.leaveTime !== null ? { leaveTime: m.leaveTime } : {}),
    duration: m.duration,
    attendStatus: m.attendStatus,
    host: m.host,
    coHost: m.coHost,
    pstnJoin: m.pstnJoin,
    outerOrgMember: m.outerOrgMember,
    ...(m.deviceType ? { deviceType: m.deviceType } : {}),
  };
}

/** What one event looks like to a receiver, whatever the transport. */
export interface EventEnvelope {
  eventId: string;
  eventType: string;
  corpId: string;
  bornAt: number;
  payload: Record<string, unknown>;
}

/**
 * The HTTP push plaintext (§3): flat, `EventType`, `EventTime` (number, ms), `CorpId`, `BizId` (a
 * string; vconf uses the conference id and the event's statusSeqNum), `eventId`, then the data fields.
 */
export function httpPlaintext(e: EventEnvelope): string {
  const seq = e.payload.statusSeqNum;
  const conf = (e.payload.openConfModel as { conferenceId?: string } | undefined)?.conferenceId;
  const members = e.payload.openMemberModels as { conferenceId?: string }[] | undefined;
  const conferenceId = conf ?? members?.[0]?.conferenceId ?? "";
  return JSON.stringify({
    EventType: e.eventType,
    EventTime: e.bornAt,
    CorpId: e.corpId,
    BizId: seq === undefined ? e.eventId : `${conferenceId}_${seq}`,
    eventId: e.eventId,
    ...e.payload,
  });
}
