import type { Deps } from "../../domain/deps.js";
import { startStreamOut, stopStreamOut } from "../../domain/streams/stream-out.js";
import { ConferenceIdParams, responses, TokenHeader } from "../../schemas/common.js";
import { BASE, write } from "../../schemas/paths.js";
import {
  CodeReply,
  StartStreamOutBody,
  StartStreamOutReply,
  StopStreamOutBody,
} from "../../schemas/streams.js";
import { callerOf } from "../auth.js";
import type { App } from "../types.js";
import { ON_CONFERENCE } from "./conferences.js";

/** Live stream out (直播推流, spec more §7). */
export function streamRoutes(app: App, deps: Deps) {
  const tags = ["streams"];
  const headers = TokenHeader;
  const params = ConferenceIdParams;
  // DingTalk's page lists orgAccessForbidden too; vconf never sends it (docs/decisions.md).
  const errors = [...ON_CONFERENCE, "unknownUserError"] as const;
  app.post(
    `${BASE}/:conferenceId/streamOuts/start`,
    {
      schema: {
        tags,
        summary: "Push the meeting to RTMP URLs",
        headers,
        params,
        body: StartStreamOutBody,
        response: responses(StartStreamOutReply),
      },
      config: { ...write("StartStreamOut"), errors },
    },
    (req) => startStreamOut(deps, callerOf(req), req.params.conferenceId, req.body),
  );
  app.post(
    `${BASE}/:conferenceId/streamOuts/stop`,
    {
      schema: {
        tags,
        summary: "Stop one stream, or all",
        headers,
        params,
        body: StopStreamOutBody,
        response: responses(CodeReply),
      },
      config: { ...write("StopStreamOut"), errors },
    },
    (req) => stopStreamOut(deps, callerOf(req), req.params.conferenceId, req.body),
  );
}
