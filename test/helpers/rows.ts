import type { ConferenceRow, MemberRow } from "../../src/store/store.js";

/** A conference row for store-level tests: in progress, no settings on; `over` changes any field. */
export function conferenceRow(
  conferenceId: string,
  corpId: string,
  over: Partial<ConferenceRow> = {},
): ConferenceRow {
  return {
    conferenceId,
    corpId,
    title: "t",
    creatorId: "union-alice",
    creatorApp: "acme-app",
    conferencePassword: "0000000000",
    hostPassword: "0000000000",
    roomCode: "000000000",
    externalLinkUrl: "",
    phoneNumbers: [],
    status: 2,
    startTime: 0,
    endTime: null,
    inviteCaller: true,
    locked: false,
    muteAll: false,
    forceMute: false,
    onlyInternal: false,
    autoTransferHost: false,
    forbiddenShareScreen: false,
    focusUnionId: null,
    scheduleConferenceId: "",
    extensionAppSettings: [],
    ...over,
  };
}

/** An invited member row (attendStatus 1, no role) for store-level tests; `over` changes any field. */
export function memberRow(conferenceId: string, unionId: string, over: Partial<MemberRow> = {}): MemberRow {
  return {
    conferenceId,
    unionId,
    seq: 1,
    userNick: unionId,
    host: false,
    coHost: false,
    attendStatus: 1,
    joinTime: null,
    leaveTime: null,
    duration: 0,
    outerOrgMember: false,
    pstnJoin: false,
    micStatus: 0,
    cameraStatus: 0,
    forbiddenRejoin: false,
    coHostSince: null,
    deviceType: null,
    ...over,
  };
}
