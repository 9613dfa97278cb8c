import type { Deps } from "../../../domain/deps.js";
import { BASE, read, write } from "../../../schemas/paths.js";
import {
  addRecordPermission,
  generateFlashMinutesDocumentUrl,
  queryFlashMinutesSummary,
  queryRecordMinutesUrl,
} from "../../../domain/minutes/flash-minutes.js";
import { startMinutes, stopMinutes } from "../../../domain/minutes/minutes.js";
import {
  queryMinutesAudio,
  queryMinutesMeetingResult,
  queryMinutesSummary,
  queryMinutesText,
} from "../../../domain/minutes/minutes-reads.js";
import { ConferenceIdParams, responses, TokenHeader } from "../../../schemas/common.js";
import {
  AudioReply,
  DocumentQuery,
  DocumentReply,
  FlashQuery,
  FlashSummaryReply,
  MeetingResultReply,
  MinutesTextQuery,
  MinutesTextReply,
  RecordPermissionBody,
  RecordUrlsReply,
  StartMinutesBody,
  StopMinutesBody,
  SummaryBody,
  SummaryReply,
} from "../../../schemas/minutes.js";
import { CodeReply, UnionIdQuery } from "../../../schemas/recordings.js";
import { callerOf } from "../../auth.js";
import type { App } from "../../types.js";
import { READ_CONFERENCE } from "../conferences.js";

const CONF = `${BASE}/:conferenceId`;
/** Start/stop minutes and record grants: E-W (writableConference), the operator and the user named. */
const MINUTES_WRITE = ["paramsError", "permissionError", "confClosed", "unknownUserError"] as const;
/** AddRecordPermission: E-W but an ended meeting's records can still be shared (no confClosed). */
const GRANT_ERRORS = ["paramsError", "permissionError", "unknownUserError", "cloudRecordNotFound"] as const;
/** The minutes and flash-minutes reads: E-R, field errors, and the user named. */
const MEDIA_READ = [...READ_CONFERENCE, "paramError", "unknownUserError"] as const;

/** Minutes (spec more §5) and flash-minutes records (§6). */
export function minutesRoutes(app: App, deps: Deps) {
  const tags = ["minutes"];
  const headers = TokenHeader;
  const params = ConferenceIdParams;
  const code = responses(CodeReply);
  const id = (req: { params: { conferenceId: string } }) => req.params.conferenceId;

  app.post(
    `${CONF}/minutes/start`,
    {
      schema: {
        tags,
        summary: "Start or resume minutes (host or co-host)",
        headers,
        params,
        body: StartMinutesBody,
        response: code,
      },
      config: { ...write("StartMinutes"), errors: MINUTES_WRITE },
    },
    (req) => startMinutes(deps, callerOf(req), id(req), req.body),
  );
  app.post(
    `${CONF}/minutes/pause`,
    {
      schema: {
        tags,
        summary: "Pause minutes (host or co-host)",
        headers,
        params,
        body: StopMinutesBody,
        response: code,
      },
      config: { ...write("StopMinutes"), errors: MINUTES_WRITE },
    },
    (req) => stopMinutes(deps, callerOf(req), id(req), req.body),
  );
  app.get(
    `${CONF}/minutes/textInfos`,
    {
      schema: {
        tags,
        summary: "The minutes' text",
        headers,
        params,
        querystring: MinutesTextQuery,
        response: responses(MinutesTextReply),
      },
      config: { ...read("QueryMinutesText"), errors: MEDIA_READ },
    },
    (req) => queryMinutesText(deps, callerOf(req), id(req), req.query),
  );
  app.get(
    `${CONF}/minutes/audioInfos`,
    {
      schema: {
        tags,
        summary: "The minutes' audio",
        headers,
        params,
        querystring: UnionIdQuery,
        response: responses(AudioReply),
      },
      config: { ...read("QueryMinutesAudio"), errors: MEDIA_READ },
    },
    (req) => queryMinutesAudio(deps, callerOf(req), id(req), req.query),
  );
  app.post(
    `${CONF}/minutes/summaries/query`,
    {
      schema: {
        tags,
        summary: "The minutes' summary",
        headers,
        params,
        body: SummaryBody,
        response: responses(SummaryReply),
      },
      config: { ...read("QueryMinutesSummary"), errors: MEDIA_READ },
    },
    (req) => queryMinutesSummary(deps, callerOf(req), id(req), req.body),
  );
  app.get(
    `${CONF}/minutes/meetingResult`,
    {
      schema: {
        tags,
        summary: "The minutes' result after the meeting",
        headers,
        params,
        querystring: UnionIdQuery,
        response: responses(MeetingResultReply),
      },
      config: { ...read("QueryMinutesMeetingResult"), errors: MEDIA_READ },
    },
    (req) => queryMinutesMeetingResult(deps, callerOf(req), id(req), req.query),
  );
  app.post(
    `${CONF}/flashMinutes/recordPermissions`,
    {
      schema: {
        tags,
        summary: "Grant a user access to a record",
        headers,
        params,
        body: RecordPermissionBody,
        response: code,
      },
      config: { ...write("AddRecordPermission"), errors: GRANT_ERRORS },
    },
    (req) => addRecordPermission(deps, callerOf(req), id(req), req.body),
  );
  app.get(
    `${CONF}/flashMinutes/summaries`,
    {
      schema: {
        tags,
        summary: "A record's flash-minutes summary",
        headers,
        params,
        querystring: FlashQuery,
        response: responses(FlashSummaryReply),
      },
      config: { ...read("QueryFlashMinutesSummary"), errors: MEDIA_READ },
    },
    (req) => queryFlashMinutesSummary(deps, callerOf(req), id(req), req.query),
  );
  app.get(
    `${CONF}/flashMinutes/recordUrls`,
    {
      schema: {
        tags,
        summary: "A record's flash-minutes links",
        headers,
        params,
        querystring: FlashQuery,
        response: responses(RecordUrlsReply),
      },
      config: { ...read("QueryRecordMinutesUrl"), errors: MEDIA_READ },
    },
    (req) => queryRecordMinutesUrl(deps, callerOf(req), id(req), req.query),
  );
  app.get(
    `${CONF}/flashMinutes/document/generate`,
    {
      schema: {
        tags,
        summary: "A download link of a record's document",
        headers,
        params,
        querystring: DocumentQuery,
        response: responses(DocumentReply),
      },
      config: { ...read("GenerateFlashMinutesDocumentUrl"), errors: MEDIA_READ },
    },
    (req) => generateFlashMinutesDocumentUrl(deps, callerOf(req), id(req), req.query),
  );
}
