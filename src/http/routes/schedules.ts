import type { Deps } from "../../domain/deps.js";
import {
  cancelScheduleConference,
  createScheduleConference,
  queryScheduleConference,
  updateScheduleConference,
} from "../../domain/schedules/bookings.js";
import {
  queryConferenceInfoByRoomCode,
  queryOrgConferenceList,
  queryScheduleConferenceInfo,
} from "../../domain/schedules/lists.js";
import { queryScheduleConfSettings, updateScheduleConfSettings } from "../../domain/schedules/settings.js";
import { createCustomShortLink } from "../../domain/schedules/short-links.js";
import { SettingsReply } from "../../schemas/schedule-settings.js";
import { bookingAudit, bookingDetail, joinByRoomCode, listBookings } from "../../emulator/room-code.js";
import { responses, Success, TokenHeader } from "../../schemas/common.js";
import { AuditReply, JoinBody } from "../../schemas/emulator/control.js";
import { BASE, CONTROL, ctl, read, SCHEDULES, write } from "../../schemas/paths.js";
import {
  CancelScheduleBody,
  CustomShortLinkBody,
  CustomShortLinkReply,
  OrgConferenceListReply,
  SettingsQuery,
  UpdateSettingsBody,
  PageQuery,
  RoomCodeInfoReply,
  RoomCodeParams,
  ScheduleInfoReply,
  CreateScheduleBody,
  CreateScheduleReply,
  QueryScheduleQuery,
  QueryScheduleReply,
  RoomCodeJoinParams,
  RoomCodeJoinReply,
  BookingDetailReply,
  BookingListQuery,
  BookingListReply,
  ScheduleIdParams,
  UpdateScheduleBody,
} from "../../schemas/schedules.js";
import { callerOf } from "../auth.js";
import type { App } from "../types.js";

/** The refusals of a call on one booking (Update, Cancel, QueryScheduleConference). */
const BOOKING_WRITE = ["paramsError", "permissionError", "resourceCancel"] as const;
/** The refusals of the settings and short-link calls (their own code family, spec-more section 1). */
const SETTINGS_READ = ["scheduleConferenceIdError", "noPermission", "resourceCancel"] as const;
const SETTINGS_WRITE = [...SETTINGS_READ, "creatorUidError", "userNotInOrg", "paramError"] as const;

/** Scheduled conferences (spec-more sections 1 and 9), and the control plane's join by room code. */
export function scheduleRoutes(app: App, deps: Deps) {
  const tags = ["scheduled conference"];
  const listTags = ["conference lists"];
  const headers = TokenHeader;

  app.post(
    SCHEDULES,
    {
      schema: {
        tags,
        summary: "Book a meeting",
        headers,
        body: CreateScheduleBody,
        response: responses(CreateScheduleReply),
      },
      config: { ...write("CreateScheduleConference"), errors: ["paramsError", "extensionAppSettingError"] },
    },
    (req) => createScheduleConference(deps, callerOf(req), req.body, req.id),
  );
  app.put(
    SCHEDULES,
    {
      schema: {
        tags,
        summary: "Retitle or re-time a booking (creator only)",
        headers,
        body: UpdateScheduleBody,
        response: responses(Success),
      },
      config: { ...write("UpdateScheduleConference"), errors: BOOKING_WRITE },
    },
    (req) => updateScheduleConference(deps, callerOf(req), req.body),
  );
  app.post(
    `${SCHEDULES}/cancel`,
    {
      schema: {
        tags,
        summary: "Cancel a booking (creator only)",
        headers,
        body: CancelScheduleBody,
        response: responses(Success),
      },
      config: { ...write("CancelScheduleConference"), errors: BOOKING_WRITE },
    },
    (req) => cancelScheduleConference(deps, callerOf(req), req.body),
  );
  app.get(
    `${SCHEDULES}/:scheduleConferenceId/infos`,
    {
      schema: {
        tags,
        summary: "Query a booking",
        headers,
        params: ScheduleIdParams,
        querystring: QueryScheduleQuery,
        response: responses(QueryScheduleReply),
      },
      // A read, but DingTalk answers its field errors as paramsError (spec-more section 1).
      config: { ...read("QueryScheduleConference"), invalid: "paramsError", errors: BOOKING_WRITE },
    },
    (req) =>
      queryScheduleConference(
        deps,
        callerOf(req),
        req.params.scheduleConferenceId,
        req.query.requestUnionId,
        req.id,
      ),
  );
  app.get(
    // Static segment: wins over `${BASE}/:conferenceId` (spec-more section 0, wire details).
    `${BASE}/scheduleConferences/:scheduleConferenceId`,
    {
      schema: {
        tags,
        summary: "A booking's latest meeting",
        headers,
        params: ScheduleIdParams,
        querystring: PageQuery,
        response: responses(ScheduleInfoReply),
      },
      config: {
        ...read("QueryScheduleConferenceInfo"),
        invalid: "paramsError",
        errors: ["invalidScheduleConferenceId", "paramsError"],
      },
    },
    (req) => queryScheduleConferenceInfo(deps, callerOf(req), req.params.scheduleConferenceId, req.query),
  );
  app.get(
    "/v1.0/conference/roomCodes/:roomCode/infos",
    {
      schema: {
        tags: listTags,
        summary: "Every meeting held under a room code",
        headers,
        params: RoomCodeParams,
        querystring: PageQuery,
        response: responses(RoomCodeInfoReply),
      },
      config: {
        ...read("QueryConferenceInfoByRoomCode"),
        errors: ["missingRoomCode", "invalidRoomCode", "paramError", "noPermission"],
      },
    },
    (req) => queryConferenceInfoByRoomCode(deps, callerOf(req), req.params.roomCode, req.query),
  );
  app.get(
    `${SCHEDULES}/settings`,
    {
      schema: {
        tags,
        summary: "A booking's settings, defaults filled in",
        headers,
        querystring: SettingsQuery,
        response: responses(SettingsReply),
      },
      config: { ...read("QueryScheduleConfSettings"), errors: SETTINGS_READ },
    },
    (req) => queryScheduleConfSettings(deps, callerOf(req), req.query),
  );
  app.put(
    `${SCHEDULES}/settings`,
    {
      schema: {
        tags,
        summary: "Change a booking's settings (creator only; they act at the next start)",
        headers,
        body: UpdateSettingsBody,
        response: responses(Success),
      },
      // A write, but DingTalk answers its field errors as paramError (spec-more section 1).
      config: {
        ...write("UpdateScheduleConfSettings"),
        invalid: "paramError",
        errors: [...SETTINGS_WRITE, "extensionAppSettingError"],
      },
    },
    (req) => updateScheduleConfSettings(deps, callerOf(req), req.body),
  );
  app.post(
    "/v1.0/conference/customShortLinks",
    {
      schema: {
        tags,
        summary: "A per-user link to a booking's room for a cool app (creator only)",
        headers,
        body: CustomShortLinkBody,
        response: responses(CustomShortLinkReply),
      },
      config: { ...write("CreateCustomShortLink"), invalid: "paramError", errors: SETTINGS_WRITE },
    },
    (req) => createCustomShortLink(deps, callerOf(req), req.body),
  );
  app.get(
    "/v1.0/conference/orgConferences",
    {
      schema: {
        tags: listTags,
        summary: "The org's meetings in progress, oldest first",
        headers,
        querystring: PageQuery,
        response: responses(OrgConferenceListReply),
      },
      config: { ...read("QueryOrgConferenceList"), errors: ["paramError"] },
    },
    (req) => queryOrgConferenceList(deps, callerOf(req), req.query),
  );
  app.post(
    `${CONTROL}/roomCodes/:roomCode/attendees/:unionId/join`,
    {
      schema: {
        tags: ["control plane"],
        summary: "A virtual attendee joins by room code (starts a booking's instance)",
        params: RoomCodeJoinParams,
        body: JoinBody,
        response: responses(RoomCodeJoinReply),
      },
      config: {
        ...ctl("vconf.JoinByRoomCode"),
        errors: ["paramsError", "unknownUserError", "joinRefused", "vconf.NotFound"],
      },
    },
    (req) => joinByRoomCode(deps, req.params.roomCode, req.params.unionId, req.body ?? {}),
  );
  const ctlTags = ["control plane"];
  app.get(
    `${CONTROL}/scheduleConferences/:scheduleConferenceId`,
    {
      schema: {
        tags: ctlTags,
        summary: "A booking as vconf holds it",
        params: ScheduleIdParams,
        response: responses(BookingDetailReply),
      },
      config: { ...ctl("vconf.GetScheduleConference"), errors: ["vconf.NotFound"] },
    },
    (req) => bookingDetail(deps, req.params.scheduleConferenceId),
  );
  app.get(
    `${CONTROL}/scheduleConferences/:scheduleConferenceId/audit`,
    {
      schema: {
        tags: ctlTags,
        summary: "A booking's change log",
        params: ScheduleIdParams,
        response: responses(AuditReply),
      },
      config: { ...ctl("vconf.ScheduleConferenceAudit"), errors: ["vconf.NotFound"] },
    },
    (req) => bookingAudit(deps, req.params.scheduleConferenceId),
  );
  app.get(
    `${CONTROL}/scheduleConferences`,
    {
      schema: {
        tags: ctlTags,
        summary: "An org's bookings, oldest first",
        querystring: BookingListQuery,
        response: responses(BookingListReply),
      },
      config: { ...ctl("vconf.ListScheduleConferences"), errors: ["paramsError", "vconf.NotFound"] },
    },
    (req) => listBookings(deps, req.query.corpId),
  );
}
