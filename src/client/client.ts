import { VconfMediaCalls } from "./media.js";
import { VconfExtraCalls } from "./extras.js";
import { type Auth, call, type HttpOptions, type Method, type Query, seg } from "./http.js";
import type {
  AccessTokenReply,
  AppsReply,
  AuditReply,
  BookingDetail,
  CancelScheduleConferenceRequest,
  ClockChange,
  ClockReply,
  CloseReply,
  CohostsRequest,
  ConferencesReply,
  ConferenceInfoBatchReply,
  ConferenceInfoReply,
  CreateScheduleConferenceReply,
  CreateScheduleConferenceRequest,
  CreateCustomShortLinkReply,
  CreateCustomShortLinkRequest,
  ConferenceInfoByRoomCodeReply,
  ListPage,
  OrgConferenceListReply,
  ScheduleConfSettingsReply,
  ScheduleConferenceInfoReply,
  UpdateScheduleConfSettingsRequest,
  CreateVideoConferenceReply,
  CreateVideoConferenceRequest,
  EventDocument,
  EventDocumentReply,
  EventsQuery,
  EventsReply,
  OpenConnectionReply,
  OpenConnectionRequest,
  RedeliverReply,
  StreamConnectionsReply,
  FaultSet,
  FaultState,
  FocusRequest,
  GetAccessTokenRequest,
  GetCorpAccessTokenRequest,
  GetTokenReply,
  GetTokenRequest,
  InspectConferenceReply,
  InviteUsersRequest,
  IssueTokenReply,
  IssueTokenRequest,
  JoinReply,
  JoinRequest,
  KickMembersRequest,
  LeaveReply,
  ListConferencesQuery,
  LockConferenceRequest,
  MembersQuery,
  MembersReply,
  MuteAllRequest,
  MuteMembersRequest,
  OrgsReply,
  RequestsQuery,
  RequestsReply,
  RoomCodeJoinReply,
  ScheduleConferenceReply,
  SeedDocument,
  Snapshot,
  SuccessReply,
  UpdateScheduleConferenceRequest,
  UpdateVideoConferenceSettingReply,
  UnmuteReply,
  UpdateVideoConferenceSettingRequest,
  UserOnGoingConferenceReply,
} from "./types.js";
import { BASE as CONF, CONTROL, OAUTH, ONGOING, SCHEDULES } from "../schemas/paths.js";

export type VconfClientOptions = HttpOptions;

/**
 * A typed client for vconf (and, for the DingTalk calls, for DingTalk itself): one method per DingTalk
 * operation, named after the SDK's method, and one per control-plane call. Plain `fetch`, no framework,
 * so other projects' test suites can use it. Every 4xx/5xx answer throws `VconfApiError` with DingTalk's
 * `code`, `message`, `requestid` and the HTTP `status`.
 *
 * Conference calls send `accessToken`; get one with `getAccessToken` (app key and secret) or, against
 * vconf, `issueToken` (admin key), then `withAccessToken(token)` or `useApp(appKey)`.
 */
export class VconfClient {
  readonly options: Readonly<VconfClientOptions>;

  constructor(options: VconfClientOptions) {
    this.options = { ...options };
  }

  /** The same client acting with another access token. */
  withAccessToken(accessToken: string): VconfClient {
    return new VconfClient({ ...this.options, accessToken });
  }

  /**
   * The same client acting as `appKey`: with `appSecret` through the real token endpoint
   * (`GetAccessToken`), without it through the control plane (`issueToken`, needs the admin key).
   */
  async useApp(appKey: string, appSecret?: string): Promise<VconfClient> {
    const { accessToken } =
      appSecret === undefined
        ? await this.issueToken({ appKey })
        : await this.getAccessToken({ appKey, appSecret });
    return this.withAccessToken(accessToken);
  }

  /** Cloud recording, minutes, statistics and injected artifacts (spec more §4–§10). */
  get media(): VconfMediaCalls {
    return new VconfMediaCalls(this.options);
  }

  /** Streams, extInfo, subtitle events and the newest SDKs' four operations. */
  get extras(): VconfExtraCalls {
    return new VconfExtraCalls(this.options);
  }

  private send<T>(auth: Auth, method: Method, path: string, body?: unknown, query?: Query): Promise<T> {
    return call<T>(this.options, auth, method, path, body, query);
  }

  // ── tokens (oauth2_1_0), page `obtain-the-access_token-of-an-internal-app` and its siblings ──

  /** `POST /v1.0/oauth2/accessToken`: an internal app's token (the same one while it is valid). */
  getAccessToken(body: GetAccessTokenRequest): Promise<AccessTokenReply> {
    return this.send("none", "POST", `${OAUTH}/accessToken`, body);
  }

  /** `POST /v1.0/oauth2/corpAccessToken`: a third-party app's token for an org that authorized it. */
  getCorpAccessToken(body: GetCorpAccessTokenRequest): Promise<AccessTokenReply> {
    return this.send("none", "POST", `${OAUTH}/corpAccessToken`, body);
  }

  /** `POST /v1.0/oauth2/{corpId}/token`: client-credentials token for an org. */
  getToken(corpId: string, body: GetTokenRequest): Promise<GetTokenReply> {
    return this.send("none", "POST", `${OAUTH}/${seg(corpId)}/token`, body);
  }

  // ── conferences (conference_1_0) ──

  /** `CreateVideoConference`: an instant meeting; `userId` is the organizer's unionId. */
  createVideoConference(body: CreateVideoConferenceRequest): Promise<CreateVideoConferenceReply> {
    return this.send("token", "POST", CONF, body);
  }

  /** `QueryConferenceInfo`. */
  queryConferenceInfo(conferenceId: string): Promise<ConferenceInfoReply> {
    return this.send("token", "GET", `${CONF}/${seg(conferenceId)}`);
  }

  /** `QueryConferenceMembers`: one page; follow `nextToken` for the rest (see `allConferenceMembers`). */
  queryConferenceMembers(conferenceId: string, query: MembersQuery = {}): Promise<MembersReply> {
    return this.send("token", "GET", `${CONF}/${seg(conferenceId)}/members`, undefined, { ...query });
  }

  /** Every member, following `nextToken` page by page. */
  async allConferenceMembers(conferenceId: string, maxResults?: number): Promise<MembersReply> {
    const memberModels: MembersReply["memberModels"] = [];
    let nextToken: string | undefined;
    let totalCount = 0;
    do {
      const page = await this.queryConferenceMembers(conferenceId, { nextToken, maxResults });
      memberModels.push(...page.memberModels);
      totalCount = page.totalCount;
      nextToken = page.nextToken || undefined;
    } while (nextToken);
    return { memberModels, totalCount };
  }

  /** `Cohosts` (page `set-up-co-hosts`): add or remove co-hosts by unionId; atomic. */
  cohosts(conferenceId: string, body: CohostsRequest): Promise<SuccessReply> {
    return this.send("token", "POST", `${CONF}/${seg(conferenceId)}/coHosts/set`, body);
  }

  /** `Cohosts` with the list spelled as unionIds. */
  setCoHosts(conferenceId: string, action: "add" | "remove", unionIds: string[]): Promise<SuccessReply> {
    return this.cohosts(conferenceId, { action, userList: unionIds.map((unionId) => ({ unionId })) });
  }

  /** `CloseVideoConference`: only the host (`unionId`) may close. */
  closeVideoConference(conferenceId: string, unionId: string): Promise<CloseReply> {
    return this.send("token", "DELETE", `${CONF}/${seg(conferenceId)}`, undefined, { unionId });
  }

  /** `MuteMembers`: exactly one user per call. */
  muteMembers(conferenceId: string, body: MuteMembersRequest): Promise<SuccessReply> {
    return this.send("token", "POST", `${CONF}/${seg(conferenceId)}/members/mute`, body);
  }

  /** `MuteAll`: everyone in the meeting but the host and co-hosts. */
  muteAll(conferenceId: string, body: MuteAllRequest): Promise<SuccessReply> {
    return this.send("token", "POST", `${CONF}/${seg(conferenceId)}/allMembers/mute`, body);
  }

  /** `KickMembers`: kicked members get attendStatus 5. */
  kickMembers(conferenceId: string, body: KickMembersRequest): Promise<SuccessReply> {
    return this.send("token", "POST", `${CONF}/${seg(conferenceId)}/members/kick`, body);
  }

  /** `Focus`: put one member in focus, or take focus away. */
  focus(conferenceId: string, body: FocusRequest): Promise<SuccessReply> {
    return this.send("token", "POST", `${CONF}/${seg(conferenceId)}/focus`, body);
  }

  /** `LockConference`: a locked meeting admits nobody new. */
  lockConference(conferenceId: string, body: LockConferenceRequest): Promise<SuccessReply> {
    return this.send("token", "POST", `${CONF}/${seg(conferenceId)}/lock`, body);
  }

  /** `InviteUsers`. */
  inviteUsers(conferenceId: string, body: InviteUsersRequest): Promise<SuccessReply> {
    return this.send("token", "POST", `${CONF}/${seg(conferenceId)}/users/invite`, body);
  }

  /** `UpdateVideoConferenceSetting`: each setting acts as the matching host control. */
  updateVideoConferenceSetting(
    conferenceId: string,
    body: UpdateVideoConferenceSettingRequest,
  ): Promise<UpdateVideoConferenceSettingReply> {
    return this.send("token", "PUT", `${CONF}/${seg(conferenceId)}`, body);
  }

  /** `QueryConferenceInfoBatch`: several meetings with their members' mic and camera. */
  queryConferenceInfoBatch(conferenceIdList: string[]): Promise<ConferenceInfoBatchReply> {
    return this.send("token", "POST", `${CONF}/query`, { conferenceIdList });
  }

  /** `QueryUserOnGoingConference`: the meetings a user is in right now. */
  queryUserOnGoingConference(unionId: string): Promise<UserOnGoingConferenceReply> {
    return this.send("token", "GET", ONGOING, undefined, { unionId });
  }

  // ── scheduled conferences and conference lists (conference_1_0) ──

  /** `CreateScheduleConference`: a booking, with its pending (status 0) instance. */
  createScheduleConference(body: CreateScheduleConferenceRequest): Promise<CreateScheduleConferenceReply> {
    return this.send("token", "POST", SCHEDULES, body);
  }

  /** `UpdateScheduleConference`: title and planned times (creator only). */
  updateScheduleConference(body: UpdateScheduleConferenceRequest): Promise<SuccessReply> {
    return this.send("token", "PUT", SCHEDULES, body);
  }

  /** `CancelScheduleConference`: no new instance starts (creator only). */
  cancelScheduleConference(body: CancelScheduleConferenceRequest): Promise<SuccessReply> {
    return this.send("token", "POST", `${SCHEDULES}/cancel`, body);
  }

  /** `QueryScheduleConference`: the booking's planned times, asked by a user of its org. */
  queryScheduleConference(
    scheduleConferenceId: string,
    requestUnionId: string,
  ): Promise<ScheduleConferenceReply> {
    const path = `${SCHEDULES}/${seg(scheduleConferenceId)}/infos`;
    return this.send("token", "GET", path, undefined, { requestUnionId });
  }

  /** `QueryScheduleConfSettings`: the booking's settings, defaults filled in. */
  queryScheduleConfSettings(scheduleConferenceId: string): Promise<ScheduleConfSettingsReply> {
    return this.send("token", "GET", `${SCHEDULES}/settings`, undefined, { scheduleConferenceId });
  }

  /** `UpdateScheduleConfSettings`: merges settings into the booking (creator only; act at the next start). */
  updateScheduleConfSettings(body: UpdateScheduleConfSettingsRequest): Promise<SuccessReply> {
    return this.send("token", "PUT", `${SCHEDULES}/settings`, body);
  }

  /** `CreateCustomShortLink`: a new per-user link to the booking's room (creator only). */
  createCustomShortLink(body: CreateCustomShortLinkRequest): Promise<CreateCustomShortLinkReply> {
    return this.send("token", "POST", "/v1.0/conference/customShortLinks", body);
  }

  /** `QueryScheduleConferenceInfo`: the booking's latest meeting (one entry). */
  queryScheduleConferenceInfo(
    scheduleConferenceId: string,
    page: ListPage = {},
  ): Promise<ScheduleConferenceInfoReply> {
    return this.send("token", "GET", `${CONF}/scheduleConferences/${seg(scheduleConferenceId)}`, undefined, {
      ...page,
    });
  }

  /** `QueryConferenceInfoByRoomCode`: every meeting held under a room code, oldest first. */
  queryConferenceInfoByRoomCode(
    roomCode: string,
    page: ListPage = {},
  ): Promise<ConferenceInfoByRoomCodeReply> {
    return this.send("token", "GET", `/v1.0/conference/roomCodes/${seg(roomCode)}/infos`, undefined, {
      ...page,
    });
  }

  /** `QueryOrgConferenceList`: the token's org's meetings in progress, oldest first. */
  queryOrgConferenceList(page: ListPage = {}): Promise<OrgConferenceListReply> {
    return this.send("token", "GET", "/v1.0/conference/orgConferences", undefined, { ...page });
  }

  // ── Stream mode (dingtalk-events.md §1) ──

  /** `POST /v1.0/gateway/connections/open`: a one-time ticket for the WebSocket at the endpoint. */
  openConnection(body: OpenConnectionRequest): Promise<OpenConnectionReply> {
    return this.send("none", "POST", "/v1.0/gateway/connections/open", body);
  }

  // ── control plane (/_vconf/v1, admin key) ──

  /** A virtual attendee joins by room code: starts a booking's instance on its first join. */
  joinByRoomCode(roomCode: string, unionId: string, body: JoinRequest = {}): Promise<RoomCodeJoinReply> {
    const path = `${CONTROL}/roomCodes/${seg(roomCode)}/attendees/${seg(unionId)}/join`;
    return this.send("admin", "POST", path, body);
  }

  /** An org's bookings, oldest first. */
  listScheduleConferences(corpId: string): Promise<{ scheduleConferences: BookingDetail[] }> {
    return this.send("admin", "GET", `${CONTROL}/scheduleConferences`, undefined, { corpId });
  }

  /** A booking as vconf holds it (settings, cancelled, instances). */
  getScheduleConference(scheduleConferenceId: string): Promise<BookingDetail> {
    return this.send("admin", "GET", `${CONTROL}/scheduleConferences/${seg(scheduleConferenceId)}`);
  }

  /** The outbox, oldest first, each event with its deliveries; `after` + `waitMs` long-poll for new ones. */
  listEvents(query: EventsQuery = {}): Promise<EventsReply> {
    return this.send("admin", "GET", `${CONTROL}/events`, undefined, { ...query });
  }

  /** Sends an event again to every subscriber (same eventId, new messageId). */
  redeliverEvent(eventId: string): Promise<RedeliverReply> {
    return this.send("admin", "POST", `${CONTROL}/events/${seg(eventId)}/redeliver`, {});
  }

  /** Open Stream connections on the instance that answers. */
  streamConnections(): Promise<StreamConnectionsReply> {
    return this.send("admin", "GET", `${CONTROL}/stream/connections`);
  }

  /** SYSTEM disconnect to one connection, closed 10 s later (to test a client's reconnect). */
  disconnectStream(id: string, reason?: string): Promise<SuccessReply> {
    return this.send(
      "admin",
      "POST",
      `${CONTROL}/stream/connections/${seg(id)}/disconnect`,
      reason ? { reason } : {},
    );
  }

  /** An app's (`kind` "suite": a suite's) event subscriptions: Stream, HTTP push, extensions. */
  getEventSubscriptions(key: string, kind: "app" | "suite" = "app"): Promise<EventDocumentReply> {
    return this.send("admin", "GET", `${CONTROL}/${kind}s/${seg(key)}/events`);
  }

  /** Replaces an app's (suite's) event document: `{http?: {url, token, aesKey, tags?}, extensions?}`. */
  putEventSubscriptions(
    key: string,
    doc: EventDocument,
    kind: "app" | "suite" = "app",
  ): Promise<EventDocumentReply> {
    return this.send("admin", "PUT", `${CONTROL}/${kind}s/${seg(key)}/events`, doc);
  }

  /** Drops an app's (suite's) subscriptions and extensions; pending deliveries to them go too. */
  deleteEventSubscriptions(key: string, kind: "app" | "suite" = "app"): Promise<SuccessReply> {
    return this.send("admin", "DELETE", `${CONTROL}/${kind}s/${seg(key)}/events`);
  }

  /** A virtual attendee joins (403 `joinRefused` when the meeting refuses them). */
  join(conferenceId: string, unionId: string, body: JoinRequest = {}): Promise<JoinReply> {
    return this.send("admin", "POST", `${attendee(conferenceId, unionId)}/join`, body);
  }

  /** The attendee leaves. */
  leave(conferenceId: string, unionId: string): Promise<LeaveReply> {
    return this.send("admin", "POST", `${attendee(conferenceId, unionId)}/leave`, {});
  }

  /** The attendee unmutes themself (403 `unmuteRefused` while the host forbids it). */
  unmute(conferenceId: string, unionId: string): Promise<UnmuteReply> {
    return this.send("admin", "POST", `${attendee(conferenceId, unionId)}/unmute`, {});
  }

  /** An app's access token without its secret: `{appKey}` or `{suiteKey, corpId}`. */
  issueToken(body: IssueTokenRequest): Promise<IssueTokenReply> {
    return this.send("admin", "POST", `${CONTROL}/tokens`, body);
  }

  /** Applies a seed document, idempotently. */
  seed(doc: SeedDocument): Promise<SuccessReply> {
    return this.send("admin", "POST", `${CONTROL}/seed`, doc);
  }

  /** Drops conferences, members and tokens (all, or one org's); keeps orgs, users and apps. */
  reset(corpId?: string): Promise<SuccessReply> {
    return this.send("admin", "POST", `${CONTROL}/reset`, corpId === undefined ? {} : { corpId });
  }

  /** A conference's change log, oldest first. */
  audit(conferenceId: string): Promise<AuditReply> {
    return this.send("admin", "GET", `${CONTROL}/conferences/${seg(conferenceId)}/audit`);
  }

  /** Every org. */
  listOrgs(): Promise<OrgsReply> {
    return this.send("admin", "GET", `${CONTROL}/orgs`);
  }

  /** An org's internal apps, without secrets. */
  listApps(corpId: string): Promise<AppsReply> {
    return this.send("admin", "GET", `${CONTROL}/orgs/${seg(corpId)}/apps`);
  }

  /** Conferences newest first: one org's (`corpId`), `live` or `ended` only; follow `nextToken` for more. */
  listConferences(query: ListConferencesQuery = {}): Promise<ConferencesReply> {
    return this.send("admin", "GET", `${CONTROL}/conferences`, undefined, { ...query });
  }

  /** A conference with its settings and roster (mic, camera, join and leave times), control-plane view. */
  inspectConference(
    conferenceId: string,
    query: { limit?: number; nextToken?: string } = {},
  ): Promise<InspectConferenceReply> {
    return this.send("admin", "GET", `${CONTROL}/conferences/${seg(conferenceId)}`, undefined, { ...query });
  }

  /** The request journal: the newest `limit` entries (optionally filtered), oldest first. */
  requests(query: RequestsQuery = {}): Promise<RequestsReply> {
    return this.send("admin", "GET", `${CONTROL}/requests`, undefined, { ...query });
  }

  /** Empties the request journal. */
  clearRequests(): Promise<unknown> {
    return this.send("admin", "DELETE", `${CONTROL}/requests`);
  }

  /** Replaces the active fault set. */
  setFaults(faults: FaultSet): Promise<FaultState> {
    return this.send("admin", "PUT", `${CONTROL}/faults`, faults);
  }

  /** The active fault set, with how many times each fault fired. */
  getFaults(): Promise<FaultState> {
    return this.send("admin", "GET", `${CONTROL}/faults`);
  }

  /** Clears every fault. */
  clearFaults(): Promise<unknown> {
    return this.send("admin", "DELETE", `${CONTROL}/faults`);
  }

  /** The whole state as one JSON document. */
  exportSnapshot(): Promise<Snapshot> {
    return this.send("admin", "GET", `${CONTROL}/snapshot`);
  }

  /** Replaces the whole state with a snapshot from `exportSnapshot`. */
  importSnapshot(snapshot: Snapshot): Promise<unknown> {
    return this.send("admin", "PUT", `${CONTROL}/snapshot`, snapshot);
  }

  /** The emulated time every expiry, join, leave and duration is measured by. */
  getClock(): Promise<ClockReply> {
    return this.send("admin", "GET", `${CONTROL}/clock`);
  }

  /** Changes the clock (`{advanceMs}`, `{freeze}`, `{reset: true}`); answers the new time. */
  setClock(change: ClockChange): Promise<ClockReply> {
    return this.send("admin", "POST", `${CONTROL}/clock`, change);
  }

  /** Moves time forward by `ms` (tokens expire, meetings last longer) without waiting. */
  advanceClock(ms: number): Promise<ClockReply> {
    return this.setClock({ advanceMs: ms });
  }

  /** Stops time (`true`) or lets it run again from where it stood (`false`). */
  freezeClock(frozen = true): Promise<ClockReply> {
    return this.setClock({ freeze: frozen });
  }

  /** Back to the system clock. */
  resetClock(): Promise<ClockReply> {
    return this.setClock({ reset: true });
  }
}

function attendee(conferenceId: string, unionId: string): string {
  return `${CONTROL}/conferences/${seg(conferenceId)}/attendees/${seg(unionId)}`;
}
