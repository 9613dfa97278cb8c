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
  AuditReply as AuditReplySchema,
  JoinBody as JoinBodySchema,
  JoinReply as JoinReplySchema,
  LeaveReply as LeaveReplySchema,
  TokenBody as TokenBodySchema,
  TokenReply as TokenReplySchema,
} from "../schemas/control.js";
import type {
  GetAccessTokenBody as GetAccessTokenBodySchema,
  GetAccessTokenReply as GetAccessTokenReplySchema,
  GetCorpAccessTokenBody as GetCorpAccessTokenBodySchema,
  GetTokenBody as GetTokenBodySchema,
  GetTokenReply as GetTokenReplySchema,
} from "../schemas/oauth.js";
import type { SeedDocument as SeedDocumentSchema } from "../schemas/seed.js";

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
export interface TargetUser {
  unionId: string;
  participantId?: string;
}
export interface MuteMembersRequest {
  action: "mute" | "un_mute";
  /** Exactly one user per call. */
  userList: TargetUser[];
}
export interface MuteAllRequest {
  action: "mute" | "un_mute";
  forceMute?: boolean;
}
export interface KickMembersRequest {
  userList: TargetUser[];
  forbiddenRejoin?: boolean;
}
export interface FocusRequest {
  action: "focus" | "un_focus";
  unionId?: string;
}
export interface LockConferenceRequest {
  action: "lock" | "unlock";
}
export interface InviteUsersRequest {
  /** The inviter. */
  unionId?: string;
  inviteeList?: { unionId?: string; nick?: string }[];
  phoneInviteeList?: { phoneNumber: string; nick?: string; inviteClient?: boolean; statusCode?: string }[];
}
export interface UpdateVideoConferenceSettingRequest {
  allowUnmuteSelf?: boolean;
  autoTransferHost?: boolean;
  forbiddenShareScreen?: boolean;
  lockConference?: boolean;
  muteAll?: boolean;
  onlyInternalEmployeesJoin?: boolean;
}
export interface UpdateVideoConferenceSettingReply {
  case: string;
  code: string;
}
export interface ConferenceInfoBatchReply {
  infos: {
    conferenceId: string;
    title: string;
    startTime: number;
    status: number;
    /** 0 normal, 4 forced mute-all. */
    mediaStatus: number;
    userList: {
      /** The member's unionId. */
      userId: string;
      nick: string;
      attendStatus: number;
      micStatus: number;
      cameraStatus: number;
      rejectDescription?: string;
    }[];
  }[];
}
export interface UserOnGoingConferenceReply {
  onGoingConfIdList: string[];
  memberModelMap: Record<string, Partial<MemberModel>>;
}

// control plane (/_vconf/v1)
export type SeedDocument = Static<typeof SeedDocumentSchema>;
export type IssueTokenRequest = Static<typeof TokenBodySchema>;
export type IssueTokenReply = Static<typeof TokenReplySchema>;
export type JoinRequest = Static<typeof JoinBodySchema>;
export type JoinReply = Static<typeof JoinReplySchema>;
export type LeaveReply = Static<typeof LeaveReplySchema>;
export type AuditReply = Static<typeof AuditReplySchema>;
export type AuditEntry = AuditReply["entries"][number];

/** One entry of the request journal (`GET /_vconf/v1/requests`). */
export interface RequestEntry {
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
  entries: RequestEntry[];
}

/** One injected fault: `status` answers that error instead of running the call; `delayMs` only delays. */
export interface Fault {
  /** The SDK action name: `Cohosts`, `CreateVideoConference`, … */
  operation: string;
  status?: number;
  code?: string;
  message?: string;
  delayMs?: number;
  count?: number;
  probability?: number;
  [field: string]: unknown;
}
export interface FaultSet {
  seed?: number;
  faults: Fault[];
}
/** `GET /_vconf/v1/faults`: the active set, each fault with how many times it fired. */
export interface FaultState {
  seed?: number;
  faults: (Fault & { fired?: number })[];
  [field: string]: unknown;
}
/** The whole state as one JSON document; only meant to be given back to `importSnapshot`. */
export type Snapshot = Record<string, unknown>;
