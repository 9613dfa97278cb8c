import type { Deps } from "../../../domain/deps.js";
import { BASE as CONF_BASE, SCOPE_READ, write } from "../../../schemas/paths.js";
import { startCloudRecord, stopCloudRecord } from "../../../domain/recordings/cloud-record.js";
import {
  queryCloudRecordText,
  queryCloudRecordVideo,
  queryCloudRecordVideoPlayInfo,
} from "../../../domain/recordings/cloud-record-reads.js";
import { ConferenceIdParams, responses, TokenHeader } from "../../../schemas/common.js";
import {
  CodeReply,
  PlayInfoQuery,
  PlayInfoReply,
  StartCloudRecordBody,
  StopCloudRecordBody,
  TextsQuery,
  TextsReply,
  UnionIdQuery,
  VideosReply,
} from "../../../schemas/recordings.js";
import { callerOf } from "../../auth.js";
import type { App } from "../../types.js";
import type { ErrorCode } from "../../../errors.js";

const BASE = `${CONF_BASE}/:conferenceId/cloudRecords`;
// Cloud-record reads answer field errors as paramsError (E-REC, spec more §0).
const read = (operation: string) => ({
  operation,
  scope: SCOPE_READ,
  invalid: "paramsError" as const,
  // recordConference, recordRequester, and a meeting that never recorded.
  errors: ["paramsError", "permissionError", "unknownUserError", "cloudRecordNotFound"] as ErrorCode[],
});
/** The refusals of start and stop: E-W with roomClosed for an ended meeting, the operator, host only. */
const RECORD_WRITE = ["paramsError", "permissionError", "roomClosed", "unknownUserError"] as const;

/** Cloud recording (spec more §4): start, stop and the three reads of injected recordings. */
export function recordingRoutes(app: App, deps: Deps) {
  const tags = ["cloud recording"];
  const headers = TokenHeader;
  const params = ConferenceIdParams;
  const code = responses(CodeReply);

  app.post(
    `${BASE}/start`,
    {
      schema: {
        tags,
        summary: "Start cloud recording (host only)",
        headers,
        params,
        body: StartCloudRecordBody,
        response: code,
      },
      config: {
        ...write("StartCloudRecord"),
        errors: [...RECORD_WRITE, "recordStartPermissionError", "recordStartError"],
      },
    },
    (req) => startCloudRecord(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.post(
    `${BASE}/stop`,
    {
      schema: {
        tags,
        summary: "Stop cloud recording (host only)",
        headers,
        params,
        body: StopCloudRecordBody,
        response: code,
      },
      config: {
        ...write("StopCloudRecord"),
        errors: [...RECORD_WRITE, "recordStopPermissionError", "recordStopError"],
      },
    },
    (req) => stopCloudRecord(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.get(
    `${BASE}/getVideos`,
    {
      schema: {
        tags,
        summary: "The recording's videos",
        headers,
        params,
        querystring: UnionIdQuery,
        response: responses(VideosReply),
      },
      config: read("QueryCloudRecordVideo"),
    },
    (req) => queryCloudRecordVideo(deps, callerOf(req), req.params.conferenceId, req.query),
  );
  app.get(
    `${BASE}/videos/getPlayInfos`,
    {
      schema: {
        tags,
        summary: "A video's play links",
        headers,
        params,
        querystring: PlayInfoQuery,
        response: responses(PlayInfoReply),
      },
      config: read("QueryCloudRecordVideoPlayInfo"),
    },
    (req) => queryCloudRecordVideoPlayInfo(deps, callerOf(req), req.params.conferenceId, req.query),
  );
  app.get(
    `${BASE}/getTexts`,
    {
      schema: {
        tags,
        summary: "The recording's speech to text",
        headers,
        params,
        querystring: TextsQuery,
        response: responses(TextsReply),
      },
      config: read("QueryCloudRecordText"),
    },
    (req) => queryCloudRecordText(deps, callerOf(req), req.params.conferenceId, req.query),
  );
}
