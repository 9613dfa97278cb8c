import type {
  AppRow,
  ChangeRow,
  ConferenceRow,
  MemberRow,
  OrgRow,
  SuiteRow,
  TokenRow,
  UserRow,
} from "../store.js";

/** Row mappers and column lists of the PostgreSQL driver (BIGINT arrives as a number, see index.ts). */
export type Row = Record<string, unknown>;

export const toConference = (r: Row): ConferenceRow => ({
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
  inviteCaller: r.invite_caller as boolean,
  locked: r.locked as boolean,
  muteAll: r.mute_all as boolean,
  forceMute: r.force_mute as boolean,
  onlyInternal: r.only_internal as boolean,
  autoTransferHost: r.auto_transfer_host as boolean,
  forbiddenShareScreen: r.forbidden_share_screen as boolean,
  focusUnionId: (r.focus_union_id as string | null) ?? null,
  scheduleConferenceId: r.schedule_conference_id as string,
});

export const CONF_COLS = `conference_id, corp_id, title, creator_id, creator_app, conference_password, host_password,
  room_code, external_link_url, phone_numbers, status, start_time, end_time, invite_caller, locked, mute_all,
  force_mute, only_internal, auto_transfer_host, forbidden_share_screen, focus_union_id, schedule_conference_id`;
/** `col = $n` for every column but the key ($1), in `conferenceParams` order. */
export const CONF_SET = CONF_COLS.split(",")
  .map((c, i) => `${c.trim()} = $${i + 1}`)
  .slice(1)
  .join(", ");
export const conferenceParams = (c: ConferenceRow) => [
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
  c.inviteCaller,
  c.locked,
  c.muteAll,
  c.forceMute,
  c.onlyInternal,
  c.autoTransferHost,
  c.forbiddenShareScreen,
  c.focusUnionId,
  c.scheduleConferenceId,
];
export const placeholders = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => `$${i + from}`).join(", ");

export const toMember = (r: Row): MemberRow => ({
  conferenceId: r.conference_id as string,
  unionId: r.union_id as string,
  seq: r.seq as number,
  userNick: r.user_nick as string,
  host: r.host as boolean,
  coHost: r.co_host as boolean,
  attendStatus: r.attend_status as number,
  joinTime: (r.join_time as number | null) ?? null,
  leaveTime: (r.leave_time as number | null) ?? null,
  duration: r.duration as number,
  outerOrgMember: r.outer_org_member as boolean,
  pstnJoin: r.pstn_join as boolean,
  micStatus: r.mic_status as number,
  cameraStatus: r.camera_status as number,
  forbiddenRejoin: r.forbidden_rejoin as boolean,
  coHostSince: (r.co_host_since as number | null) ?? null,
  deviceType: (r.device_type as string | null) ?? null,
});
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
export const toUser = (r: Row): UserRow => ({
  unionId: r.union_id as string,
  corpId: r.corp_id as string,
  userId: r.user_id as string,
  name: r.name as string,
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
export const toOrg = (r: Row): OrgRow => ({ corpId: r.corp_id as string, name: r.name as string });

export const MEMBER_COLS = `conference_id, union_id, seq, user_nick, host, co_host, attend_status, join_time,
  leave_time, duration, outer_org_member, pstn_join, mic_status, camera_status, forbidden_rejoin, co_host_since,
  device_type`;
/** Every member column but the key and seq, as `col = EXCLUDED.col`. */
export const MEMBER_SET = MEMBER_COLS.split(",")
  .map((c) => c.trim())
  .slice(3)
  .map((c) => `${c} = EXCLUDED.${c}`)
  .join(", ");
/** The member's values after conference_id, union_id and seq, in MEMBER_COLS order. */
export const memberParams = (m: MemberRow) => [
  m.userNick,
  m.host,
  m.coHost,
  m.attendStatus,
  m.joinTime,
  m.leaveTime,
  m.duration,
  m.outerOrgMember,
  m.pstnJoin,
  m.micStatus,
  m.cameraStatus,
  m.forbiddenRejoin,
  m.coHostSince,
  m.deviceType,
];
