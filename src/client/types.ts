/**
 * Request and answer types of the typed client. Where vconf has a wire schema (src/schemas) the type is
 * derived from it with `Static<>`, so client and server cannot drift; the rest are written by hand from
 * the spec (shared/spec/dingtalk-conference-api.md section 5, vconf-interface.md). Type-only imports: the
 * compiled client loads neither TypeBox nor the server.
 */
import type { Static } from "typebox";
import type {
  CloseReply as CloseReplySchema,
  CohostsBody as CohostsBodySchema,
  ConfInfoReply as ConfInfoReplySchema,
  CreateBody as CreateBodySchema,
  CreateReply as CreateReplySchema,
  MemberModel as MemberModelSchema,
  MembersReply as MembersReplySchema,
} from "../schemas/conferences.js";
import type {
  BatchQueryReply as BatchQueryReplySchema,
  FocusBody as FocusBodySchema,
  InviteUsersBody as InviteUsersBodySchema,
  KickMembersBody as KickMembersBodySchema,
  LockBody as LockBodySchema,
  MuteAllBody as MuteAllBodySchema,
  MuteMembersBody as MuteMembersBodySchema,
  OnGoingReply as OnGoingReplySchema,
  SettingsBody as SettingsBodySchema,
  SettingsReply as SettingsReplySchema,
  TargetEntry as TargetEntrySchema,
} from "../schemas/host-controls.js";
import type {
  ClockBody as ClockBodySchema,
  ClockReply as ClockReplySchema,
} from "../schemas/emulator/clock.js";
import type {
  AuditReply as AuditReplySchema,
  JoinBody as JoinBodySchema,
  JoinReply as JoinReplySchema,
  LeaveReply as LeaveReplySchema,
  TokenBody as TokenBodySchema,
  TokenReply as TokenReplySchema,
  UnmuteReply as UnmuteReplySchema,
} from "../schemas/emulator/control.js";
import type {
  GetAccessTokenBody as GetAccessTokenBodySchema,
  GetAccessTokenReply as GetAccessTokenReplySchema,
  GetCorpAccessTokenBody as GetCorpAccessTokenBodySchema,
  GetTokenBody as GetTokenBodySchema,
  GetTokenReply as GetTokenReplySchema,
} from "../schemas/identity/tokens.js";
import type {
  AppsReply as AppsReplySchema,
  OrgsReply as OrgsReplySchema,
} from "../schemas/identity/directory.js";
import type {
  FaultSpec as FaultSpecSchema,
  FaultsBody as FaultsBodySchema,
  FaultsReply as FaultsReplySchema,
} from "../schemas/emulator/faults.js";
import type { SeedDocument as SeedDocumentSchema } from "../schemas/emulator/seed.js";
import type {
  ConferenceReply as ConferenceReplySchema,
  ConferencesQuery as ConferencesQuerySchema,
  ConferencesReply as ConferencesReplySchema,
} from "../schemas/emulator/inspect.js";
import type {
  ConnectionsReply as ConnectionsReplySchema,
  EventDocument as EventDocumentSchema,
  EventDocumentReply as EventDocumentReplySchema,
  EventsQuery as EventsQuerySchema,
  EventsReply as EventsReplySchema,
  DeliveryUpdate as DeliveryUpdateSchema,
  RedeliverReply as RedeliverReplySchema,
} from "../schemas/events/control.js";
import type {
  OpenConnectionBody as OpenConnectionBodySchema,
  OpenConnectionReply as OpenConnectionReplySchema,
} from "../schemas/events/stream.js";
import type {
  BookingDetailReply as BookingDetailReplySchema,
  CancelScheduleBody as CancelScheduleBodySchema,
  CreateScheduleBody as CreateScheduleBodySchema,
  CreateScheduleReply as CreateScheduleReplySchema,
  CustomShortLinkBody as CustomShortLinkBodySchema,
  CustomShortLinkReply as CustomShortLinkReplySchema,
  OrgConferenceListReply as OrgConferenceListReplySchema,
  RoomCodeInfoReply as RoomCodeInfoReplySchema,
  ScheduleInfoReply as ScheduleInfoReplySchema,
  UpdateSettingsBody as UpdateSettingsBodySchema,
  QueryScheduleReply as QueryScheduleReplySchema,
  RoomCodeJoinReply as RoomCodeJoinReplySchema,
  UpdateScheduleBody as UpdateScheduleBodySchema,
} from "../schemas/schedules.js";
import type { SettingsReply as ScheduleSettingsReplySchema } from "../schemas/schedule-settings.js";

// scheduled conferences (conference_1_0, spec-more section 1; control plane section 9)
export type CreateScheduleConferenceRequest = Static<typeof CreateScheduleBodySchema>;
export type CreateScheduleConferenceReply = Static<typeof CreateScheduleReplySchema>;
export type UpdateScheduleConferenceRequest = Static<typeof UpdateScheduleBodySchema>;
export type CancelScheduleConferenceRequest = Static<typeof CancelScheduleBodySchema>;
export type ScheduleConferenceReply = Static<typeof QueryScheduleReplySchema>;
export type RoomCodeJoinReply = Static<typeof RoomCodeJoinReplySchema>;
export type BookingDetail = Static<typeof BookingDetailReplySchema>;
export type ScheduleConfSettingsReply = Static<typeof ScheduleSettingsReplySchema>;
export type UpdateScheduleConfSettingsRequest = Static<typeof UpdateSettingsBodySchema>;
export type CreateCustomShortLinkRequest = Static<typeof CustomShortLinkBodySchema>;
export type CreateCustomShortLinkReply = Static<typeof CustomShortLinkReplySchema>;
export type ScheduleConferenceInfoReply = Static<typeof ScheduleInfoReplySchema>;
export type ConferenceInfoByRoomCodeReply = Static<typeof RoomCodeInfoReplySchema>;
export type OrgConferenceListReply = Static<typeof OrgConferenceListReplySchema>;
/** Paging of the conference lists: \`nextToken\` from the previous page, 1–100 a page (default 20). */
export interface ListPage {
  nextToken?: string;
  maxResults?: number;
}

// tokens (oauth2_1_0)
export type GetAccessTokenRequest = Static<typeof GetAccessTokenBodySchema>;
export type AccessTokenReply = Static<typeof GetAccessTokenReplySchema>;
export type GetCorpAccessTokenRequest = Static<typeof GetCorpAccessTokenBodySchema>;
export type GetTokenRequest = Static<typeof GetTokenBodySchema>;
export type GetTokenReply = Static<typeof GetTokenReplySchema>;

// conferences (conference_1_0)
export type CreateVideoConferenceRequest = Static<typeof CreateBodySchema>;
export type CreateVideoConferenceReply = Static<typeof CreateReplySchema>;
export type ConferenceInfoReply = Static<typeof ConfInfoReplySchema>;
export type ConferenceInfo = ConferenceInfoReply["confInfo"];
export type MemberModel = Static<typeof MemberModelSchema>;
export type MembersReply = Static<typeof MembersReplySchema>;
export interface MembersQuery {
  nextToken?: string;
  maxResults?: number | string;
}
export type CloseReply = Static<typeof CloseReplySchema>;
export type CohostsRequest = Static<typeof CohostsBodySchema>;
export interface SuccessReply {
  success: boolean;
}

/** A user in a host-control `userList`; `participantId` picks one of the user's devices. */
export type TargetUser = Static<typeof TargetEntrySchema>;
/** `MuteMembers`: exactly one user per call. */
export type MuteMembersRequest = Static<typeof MuteMembersBodySchema>;
export type MuteAllRequest = Static<typeof MuteAllBodySchema>;
export type KickMembersRequest = Static<typeof KickMembersBodySchema>;
export type FocusRequest = Static<typeof FocusBodySchema>;
export type LockConferenceRequest = Static<typeof LockBodySchema>;
export type InviteUsersRequest = Static<typeof InviteUsersBodySchema>;
export type UpdateVideoConferenceSettingRequest = Static<typeof SettingsBodySchema>;
export type UpdateVideoConferenceSettingReply = Static<typeof SettingsReplySchema>;
export type ConferenceInfoBatchReply = Static<typeof BatchQueryReplySchema>;
export type UserOnGoingConferenceReply = Static<typeof OnGoingReplySchema>;

// control plane (/_vconf/v1)
export type SeedDocument = Static<typeof SeedDocumentSchema>;
export type IssueTokenRequest = Static<typeof TokenBodySchema>;
export type IssueTokenReply = Static<typeof TokenReplySchema>;
export type JoinRequest = Static<typeof JoinBodySchema>;
export type JoinReply = Static<typeof JoinReplySchema>;
export type LeaveReply = Static<typeof LeaveReplySchema>;
export type UnmuteReply = Static<typeof UnmuteReplySchema>;
export type AuditReply = Static<typeof AuditReplySchema>;
export type AuditEntry = AuditReply["entries"][number];

/** `GET /_vconf/v1/orgs`. */
export type OrgsReply = Static<typeof OrgsReplySchema>;
/** `GET /_vconf/v1/orgs/{corpId}/apps` (no secrets). */
export type AppsReply = Static<typeof AppsReplySchema>;

/** `GET /_vconf/v1/conferences`' query (the page size as a number). */
export type ListConferencesQuery = Omit<Static<typeof ConferencesQuerySchema>, "limit"> & { limit?: number };
export type ConferencesReply = Static<typeof ConferencesReplySchema>;
export type ConferenceSummary = ConferencesReply["conferences"][number];
export type InspectConferenceReply = Static<typeof ConferenceReplySchema>;
export type RosterEntry = InspectConferenceReply["members"][number];

/** One entry of the request journal (`GET /_vconf/v1/requests`). */
export interface RequestEntry {
  /** When it was answered (ISO 8601). */
  time?: string;
  requestid: string;
  method: string;
  path: string;
  operation: string;
  status: number;
  app?: string;
  /** For errors: the DingTalk code and message. */
  code?: string;
  message?: string;
  [field: string]: unknown;
}
export interface RequestsReply {
  /** How many entries the server keeps (`VCONF_JOURNAL_SIZE`). */
  capacity?: number;
  entries: RequestEntry[];
}
export interface RequestsQuery {
  /** The newest `limit` entries. */
  limit?: number;
  /** Only this SDK action, e.g. `Cohosts`. */
  operation?: string;
  /** Only calls of this app or suite key. */
  app?: string;
  /** Only this HTTP status (`403`) or class (`4xx`). */
  status?: string;
}

/** One injected fault: `status` answers that error instead of running the call; `delayMs` only delays. */
export type Fault = Static<typeof FaultSpecSchema>;
export type FaultSet = Static<typeof FaultsBodySchema>;
/** `GET /_vconf/v1/faults`: the active set, each fault with how many times it fired. */
export type FaultState = Static<typeof FaultsReplySchema>;
/** The whole state as one JSON document; only meant to be given back to `importSnapshot`. */
export type Snapshot = Record<string, unknown>;

// ── events (vconf-events.md §5) ──
export type EventsQuery = Static<typeof EventsQuerySchema>;
export type EventsReply = Static<typeof EventsReplySchema>;
export type OutboxEvent = EventsReply["events"][number];
export type EventDelivery = OutboxEvent["deliveries"][number];
/** The watch stream's `delivery` message (topic `events`). */
export type DeliveryUpdate = Static<typeof DeliveryUpdateSchema>;
export type RedeliverReply = Static<typeof RedeliverReplySchema>;
export type StreamConnectionsReply = Static<typeof ConnectionsReplySchema>;
export type EventDocument = Static<typeof EventDocumentSchema>;
export type EventDocumentReply = Static<typeof EventDocumentReplySchema>;
export type OpenConnectionRequest = Static<typeof OpenConnectionBodySchema>;
export type OpenConnectionReply = Static<typeof OpenConnectionReplySchema>;

/** `POST /_vconf/v1/clock`: `{advanceMs}`, `{freeze}`, `{reset: true}`, or several (reset, freeze, advance). */
export type ClockChange = Static<typeof ClockBodySchema>;
/** The emulated time: `now` (ISO 8601), `nowMs`, whether it is `frozen`, and `offsetMs` ahead of the system clock. */
export type ClockReply = Static<typeof ClockReplySchema>;
