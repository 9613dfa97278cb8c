import type { AppRow, ChangeRow, ConferenceRow, MemberRow, SuiteRow, TokenRow, UserRow } from "../store.js";

/** Row mappers and column lists of the SQLite driver (booleans are 0/1, JSON is text). */
export type Row = Record<string, unknown>;
export const b = (v: boolean) => (v ? 1 : 0);

export function toConference(r: Row): ConferenceRow {
  return {
    conferenceId: r.conference_id as string,
    corpId: r.corp_id as string,
    title: r.title as string,
    creatorId: r.creator_id as string,
    creatorApp: r.creator_app as string,
    conferencePassword: r.conference_password as string,
    hostPassword: r.host_password as string,
    roomCode: r.room_code as string,
    externalLinkUrl: r.external_link_url as string,
    phoneNumbers: JSON.parse(r.phone_numbers as string),
    status: r.status as number,
    startTime: r.start_time as number,
    endTime: (r.end_time as number | null) ?? null,
    inviteCaller: r.invite_caller === 1,
    locked: r.locked === 1,
    muteAll: r.mute_all === 1,
    forceMute: r.force_mute === 1,
    onlyInternal: r.only_internal === 1,
    autoTransferHost: r.auto_transfer_host === 1,
    forbiddenShareScreen: r.forbidden_share_screen === 1,
    focusUnionId: (r.focus_union_id as string | null) ?? null,
    scheduleConferenceId: r.schedule_conference_id as string,
  };
}

export function conferenceParams(c: ConferenceRow) {
  return [
    c.conferenceId,
    c.corpId,
    c.title,
    c.creatorId,
    c.creatorApp,
    c.conferencePassword,
    c.hostPassword,
    c.roomCode,
    c.externalLinkUrl,
    JSON.stringify(c.phoneNumbers),
    c.status,
    c.startTime,
    c.endTime,
    b(c.inviteCaller),
    b(c.locked),
    b(c.muteAll),
    b(c.forceMute),
    b(c.onlyInternal),
    b(c.autoTransferHost),
    b(c.forbiddenShareScreen),
    c.focusUnionId,
    c.scheduleConferenceId,
  ];
}

export const CONF_COLS = `conference_id, corp_id, title, creator_id, creator_app, conference_password, host_password,
  room_code, external_link_url, phone_numbers, status, start_time, end_time, invite_caller, locked, mute_all,
  force_mute, only_internal, auto_transfer_host, forbidden_share_screen, focus_union_id, schedule_conference_id`;

export const CONF_UPDATE = `UPDATE conferences SET ${CONF_COLS.split(",")
  .slice(1)
  .map((col) => `${col.trim()} = ?`)
  .join(", ")} WHERE conference_id = ?`;

export function toMember(r: Row): MemberRow {
  return {
    conferenceId: r.conference_id as string,
    unionId: r.union_id as string,
    seq: r.seq as number,
    userNick: r.user_nick as string,
    host: r.host === 1,
    coHost: r.co_host === 1,
    attendStatus: r.attend_status as number,
    joinTime: (r.join_time as number | null) ?? null,
    leaveTime: (r.leave_time as number | null) ?? null,
    duration: r.duration as number,
    outerOrgMember: r.outer_org_member === 1,
    pstnJoin: r.pstn_join === 1,
    micStatus: r.mic_status as number,
    cameraStatus: r.camera_status as number,
    forbiddenRejoin: r.forbidden_rejoin === 1,
    coHostSince: (r.co_host_since as number | null) ?? null,
    deviceType: (r.device_type as string | null) ?? null,
  };
}

export const toApp = (r: Row): AppRow => ({
  appKey: r.app_key as string,
  corpId: r.corp_id as string,
  secretHash: r.secret_hash as string,
  scopes: JSON.parse(r.scopes as string),
  tokenNonce: (r.token_nonce as string | null) ?? null,
  tokenExpiresAt: r.token_expires_at as number,
});
export const toSuite = (r: Row): SuiteRow => ({
  suiteKey: r.suite_key as string,
  secretHash: r.secret_hash as string,
  ticketHash: r.ticket_hash as string,
  scopes: JSON.parse(r.scopes as string),
});
export const toToken = (r: Row): TokenRow => ({
  tokenHash: r.token_hash as string,
  corpId: r.corp_id as string,
  clientKey: r.client_key as string,
  kind: r.kind as "app" | "suite",
  scopes: JSON.parse(r.scopes as string),
  expiresAt: r.expires_at as number,
});
export const toChange = (r: Row): ChangeRow => ({
  conferenceId: r.conference_id as string,
  seq: r.seq as number,
  at: r.at as number,
  app: r.app as string,
  operation: r.operation as string,
  target: r.target as string,
  before: JSON.parse((r.before as string) ?? "null"),
  after: JSON.parse((r.after as string) ?? "null"),
});
export const toUser = (r: Row): UserRow => ({
  unionId: r.union_id as string,
  corpId: r.corp_id as string,
  userId: r.user_id as string,
  name: r.name as string,
});
