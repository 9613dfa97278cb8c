import Type from "typebox";
import { createAutoLoginUrl } from "../../domain/conferences/auto-login.js";
import { updateVideoConferenceExtInfo } from "../../domain/conferences/ext-info.js";
import { updateMemberNick } from "../../domain/conferences/member-nick.js";
import { pushAsrResult, setSubtitleEvent } from "../../domain/conferences/subtitles.js";
import type { Deps } from "../../domain/deps.js";
import { inviteMcu } from "../../domain/host-controls/mcu.js";
import { optRecordWhiteAccount, recordWhiteAccounts } from "../../domain/record-settings/white-accounts.js";
import { ConferenceIdParams, responses, Success, TokenHeader } from "../../schemas/common.js";
import {
  AsrBody,
  AsrReply,
  AutoLoginBody,
  AutoLoginReply,
  ExtInfoReply,
  InviteMcuBody,
  MemberNickBody,
  SubtitleBody,
  WhiteAccountQuery,
} from "../../schemas/meeting-extras.js";
import { BASE, CONTROL, ctl, write } from "../../schemas/paths.js";
import { CodeReply } from "../../schemas/streams.js";
import { callerOf } from "../auth.js";
import type { App } from "../types.js";
import { ON_CONFERENCE } from "./conferences.js";

/**
 * extInfo and subtitle events (spec more §3), and the four operations only the newest SDKs have
 * (CreateAutoLoginUrl, InviteMcu, OptRecordWhiteAccount, UpdateMemberNick; docs/decisions.md).
 */
export function meetingExtraRoutes(app: App, deps: Deps) {
  const tags = ["meeting extras"];
  const headers = TokenHeader;
  const params = ConferenceIdParams;
  const ok = responses(Success);

  app.put(
    `${BASE}/:conferenceId/extInfo`,
    {
      schema: {
        tags,
        summary: "Update the meeting's extra info (the SDK sends no body)",
        description:
          "No body (the SDK's request) changes nothing; a JSON object replaces the stored extInfo.",
        headers,
        params,
        response: responses(ExtInfoReply),
      },
      config: { ...write("UpdateVideoConferenceExtInfo"), errors: ON_CONFERENCE },
    },
    (req) => updateVideoConferenceExtInfo(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.post(
    `${BASE}/:conferenceId/subtitleEvents`,
    {
      schema: {
        tags,
        summary: "Subscribe the calling app to the meeting's subtitle events",
        headers,
        params,
        body: SubtitleBody,
        response: ok,
      },
      config: { ...write("SetSubtitleEvent"), errors: ON_CONFERENCE },
    },
    (req) => setSubtitleEvent(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.post(
    `${BASE}/:conferenceId/members/updateNick`,
    {
      schema: {
        tags,
        summary: "Change a member's in-meeting nick",
        headers,
        params,
        body: MemberNickBody,
        response: ok,
      },
      config: { ...write("UpdateMemberNick"), errors: [...ON_CONFERENCE, "unknownUserError"] },
    },
    (req) => updateMemberNick(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.post(
    `${BASE}/createAutoLoginUrl`,
    {
      schema: {
        tags,
        summary: "A link that opens a meeting logged in as a user",
        headers,
        body: AutoLoginBody,
        response: responses(AutoLoginReply),
      },
      config: {
        ...write("CreateAutoLoginUrl"),
        errors: ["paramsError", "unknownUserError", "permissionError"],
      },
    },
    (req) => createAutoLoginUrl(deps, callerOf(req), req.body),
  );
  app.post(
    `${BASE}/mcus/invite`,
    {
      schema: {
        tags,
        summary: "Invite an MCU into the meeting of a room code",
        headers,
        body: InviteMcuBody,
        response: ok,
      },
      config: { ...write("InviteMcu"), errors: [...ON_CONFERENCE, "unknownUserError"] },
    },
    (req) => inviteMcu(deps, callerOf(req), req.body),
  );
  app.post(
    `${BASE}/enterpriseSetting/record/whiteAccount`,
    {
      schema: {
        tags,
        summary: "Add to or remove from the org's cloud/local recording white list",
        description: "A POST without a body: the request model travels JSON-encoded in `requestBody`.",
        headers,
        querystring: WhiteAccountQuery,
        response: responses(CodeReply),
      },
      config: {
        ...write("OptRecordWhiteAccount"),
        errors: ["paramsError", "unknownUserError", "permissionError"],
      },
    },
    (req) => optRecordWhiteAccount(deps, callerOf(req), req.query),
  );
  app.post(
    `${CONTROL}/conferences/:conferenceId/asr`,
    {
      schema: {
        tags: ["control plane"],
        summary: "Push a transcription result to the apps subscribed by SetSubtitleEvent",
        params,
        body: AsrBody,
        response: responses(AsrReply),
      },
      config: { ...ctl("vconf.PushAsr"), errors: ["vconf.NotFound", "vconf.Conflict"] },
    },
    (req) => pushAsrResult(deps, req.params.conferenceId, req.body),
  );
  app.get(
    `${CONTROL}/orgs/:corpId/recordWhiteAccounts`,
    {
      schema: {
        tags: ["control plane"],
        summary: "An org's recording white lists (OptRecordWhiteAccount)",
        params: Type.Object({ corpId: Type.String() }),
        response: responses(
          Type.Record(Type.String(), Type.Array(Type.Object({}, { additionalProperties: true }))),
        ),
      },
      config: { ...ctl("vconf.RecordWhiteAccounts"), errors: ["vconf.NotFound"] },
    },
    (req) => recordWhiteAccounts(deps, req.params.corpId),
  );
}
