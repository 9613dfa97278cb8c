import type {
  AppRow,
  BookingRow,
  ChangeRow,
  ConferenceRow,
  MemberRow,
  OrgRow,
  SettingRow,
  SuiteAuthRow,
  SuiteRow,
  TokenRow,
  UserRow,
} from "../store.js";
import { table } from "./table.js";

/**
 * Every table, described once (see table.ts). A new stored field: add it to the row interface in
 * store.ts, one line here, and a migration (migrations.ts) that adds the column.
 */
/** vconf's own settings (the emulated clock); outside resets and snapshots. */
export const settings = table<SettingRow>("settings", ["name"], { name: "text", value: "text" });

export const orgs = table<OrgRow>("orgs", ["corpId"], { corpId: "text", name: "text" });

export const users = table<UserRow>("users", ["unionId"], {
  unionId: "text",
  corpId: "text",
  userId: "text",
  name: "text",
});

export const apps = table<AppRow>("apps", ["appKey"], {
  appKey: "text",
  corpId: "text",
  secretHash: "text",
  scopes: "json",
  tokenNonce: "text",
  tokenExpiresAt: "int",
});

export const suites = table<SuiteRow>("suites", ["suiteKey"], {
  suiteKey: "text",
  secretHash: "text",
  ticketHash: "text",
  scopes: "json",
});

export const suiteAuths = table<SuiteAuthRow>("suite_auths", ["suiteKey", "corpId"], {
  suiteKey: "text",
  corpId: "text",
});

export const tokens = table<TokenRow>("tokens", ["tokenHash"], {
  tokenHash: "text",
  corpId: "text",
  clientKey: "text",
  kind: "text",
  scopes: "json",
  expiresAt: "int",
});

export const conferences = table<ConferenceRow>("conferences", ["conferenceId"], {
  conferenceId: "text",
  corpId: "text",
  title: "text",
  creatorId: "text",
  creatorApp: "text",
  conferencePassword: "text",
  hostPassword: "text",
  roomCode: "text",
  externalLinkUrl: "text",
  phoneNumbers: "json",
  status: "int",
  startTime: "int",
  endTime: "int",
  inviteCaller: "bool",
  locked: "bool",
  muteAll: "bool",
  forceMute: "bool",
  onlyInternal: "bool",
  autoTransferHost: "bool",
  forbiddenShareScreen: "bool",
  focusUnionId: "text",
  scheduleConferenceId: "text",
  extensionAppSettings: "json",
});

/** Scheduled conferences (spec-more section 9); their instances are conferences carrying the id. */
export const bookings = table<BookingRow>("bookings", ["scheduleConferenceId"], {
  scheduleConferenceId: "text",
  corpId: "text",
  creatorId: "text",
  creatorApp: "text",
  title: "text",
  startTime: "int",
  endTime: "int",
  roomCode: "text",
  url: "text",
  settings: "json",
  cancelled: "bool",
  instances: "json",
  customShortLinks: "json",
  createdAt: "int",
});

export const members = table<MemberRow>("members", ["conferenceId", "unionId"], {
  conferenceId: "text",
  unionId: "text",
  seq: "int",
  userNick: "text",
  host: "bool",
  coHost: "bool",
  attendStatus: "int",
  joinTime: "int",
  leaveTime: "int",
  duration: "int",
  outerOrgMember: "bool",
  pstnJoin: "bool",
  micStatus: "int",
  cameraStatus: "int",
  forbiddenRejoin: "bool",
  coHostSince: "int",
  deviceType: "text",
});

export const changes = table<ChangeRow>("changes", ["conferenceId", "seq"], {
  conferenceId: "text",
  seq: "int",
  at: "int",
  app: "text",
  operation: "text",
  target: "text",
  before: "json",
  after: "json",
});
