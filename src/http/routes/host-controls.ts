import {
  queryConferenceInfoBatch,
  queryUserOnGoingConference,
} from "../../domain/host-controls/batch-query.js";
import type { Deps } from "../../domain/deps.js";
import { focus } from "../../domain/host-controls/focus.js";
import { inviteUsers } from "../../domain/host-controls/invite.js";
import { kickMembers } from "../../domain/host-controls/kick.js";
import { lockConference } from "../../domain/host-controls/lock.js";
import { muteAll, muteMembers } from "../../domain/host-controls/mute.js";
import { updateVideoConferenceSetting } from "../../domain/host-controls/settings.js";
import { ConferenceIdParams, responses, Success, TokenHeader } from "../../schemas/common.js";
import {
  BatchQueryBody,
  BatchQueryReply,
  FocusBody,
  InviteUsersBody,
  KickMembersBody,
  LockBody,
  MuteAllBody,
  MuteMembersBody,
  OnGoingQuery,
  OnGoingReply,
  SettingsBody,
  SettingsReply,
} from "../../schemas/host-controls.js";
import { BASE, ONGOING, read, write } from "../../schemas/paths.js";
import { callerOf } from "../auth.js";
import type { App } from "../types.js";
import { ON_CONFERENCE } from "./conferences.js";

/** Host controls (mute, kick, focus, lock, invite, settings) and their related reads (conference_1_0). */
export function hostControlRoutes(app: App, deps: Deps) {
  const tags = ["host controls"];
  const headers = TokenHeader;
  const params = ConferenceIdParams;
  const ok = responses(Success);

  app.post(
    `${BASE}/:conferenceId/members/mute`,
    {
      schema: {
        tags,
        summary: "Mute or unmute one member",
        headers,
        params,
        body: MuteMembersBody,
        response: ok,
      },
      config: { ...write("MuteMembers"), errors: [...ON_CONFERENCE, "unknownUserError"] },
    },
    (req) => muteMembers(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.post(
    `${BASE}/:conferenceId/allMembers/mute`,
    {
      schema: { tags, summary: "Mute or unmute everyone", headers, params, body: MuteAllBody, response: ok },
      config: { ...write("MuteAll"), errors: ON_CONFERENCE },
    },
    (req) => muteAll(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.post(
    `${BASE}/:conferenceId/members/kick`,
    {
      schema: { tags, summary: "Remove members", headers, params, body: KickMembersBody, response: ok },
      config: { ...write("KickMembers"), errors: [...ON_CONFERENCE, "unknownUserError"] },
    },
    (req) => kickMembers(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.post(
    `${BASE}/:conferenceId/focus`,
    {
      schema: {
        tags,
        summary: "Focus on a member, or clear it",
        headers,
        params,
        body: FocusBody,
        response: ok,
      },
      config: { ...write("Focus"), errors: [...ON_CONFERENCE, "unknownUserError"] },
    },
    (req) => focus(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.post(
    `${BASE}/:conferenceId/lock`,
    {
      schema: { tags, summary: "Lock or unlock the meeting", headers, params, body: LockBody, response: ok },
      config: { ...write("LockConference"), errors: ON_CONFERENCE },
    },
    (req) => lockConference(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.post(
    `${BASE}/:conferenceId/users/invite`,
    {
      schema: {
        tags,
        summary: "Invite users or phones",
        headers,
        params,
        body: InviteUsersBody,
        response: ok,
      },
      config: { ...write("InviteUsers"), errors: [...ON_CONFERENCE, "unknownUserError"] },
    },
    (req) => inviteUsers(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.put(
    `${BASE}/:conferenceId`,
    {
      schema: {
        tags,
        summary: "Change the meeting's settings",
        headers,
        params,
        body: SettingsBody,
        response: responses(SettingsReply),
      },
      config: { ...write("UpdateVideoConferenceSetting"), errors: ON_CONFERENCE },
    },
    (req) => updateVideoConferenceSetting(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.post(
    `${BASE}/query`,
    {
      schema: {
        tags,
        summary: "Query several conferences with their members' media state",
        headers,
        body: BatchQueryBody,
        response: responses(BatchQueryReply),
      },
      config: { ...read("QueryConferenceInfoBatch"), errors: ["paramError"] },
    },
    (req) => queryConferenceInfoBatch(deps, callerOf(req), req.body.conferenceIdList),
  );
  app.get(
    ONGOING,
    {
      schema: {
        tags,
        summary: "A user's ongoing meetings",
        headers,
        querystring: OnGoingQuery,
        response: responses(OnGoingReply),
      },
      config: { ...read("QueryUserOnGoingConference"), errors: ["paramError", "unknownUserError"] },
    },
    (req) => queryUserOnGoingConference(deps, callerOf(req), req.query.unionId),
  );
}
