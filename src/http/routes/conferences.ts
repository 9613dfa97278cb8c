import { setCoHosts } from "../../domain/conferences/cohosts.js";
import { closeVideoConference } from "../../domain/conferences/close.js";
import { createVideoConference } from "../../domain/conferences/create.js";
import { queryConferenceInfo, queryConferenceMembers } from "../../domain/conferences/query.js";
import type { Deps } from "../../domain/deps.js";
import { ConferenceIdParams, responses, Success, TokenHeader } from "../../schemas/common.js";
import {
  CloseQuery,
  CloseReply,
  CohostsBody,
  ConfInfoReply,
  CreateBody,
  CreateReply,
  MembersQuery,
  MembersReply,
} from "../../schemas/conferences.js";
import { BASE, read, write } from "../../schemas/paths.js";
import { callerOf } from "../auth.js";
import type { App } from "../types.js";

const JSON_TYPE = "application/json; charset=utf-8";

/** The refusals of every write on one conference (`writableConference`): missing or unknown id, other org, ended. */
export const ON_CONFERENCE = ["paramsError", "permissionError", "confClosed"] as const;
/** The refusals of every read of one conference (`readableConference`). */
export const READ_CONFERENCE = ["missingRoomId", "roomNotFound", "noPermission"] as const;

/** Conferences: create, query, members, close, co-hosts (conference_1_0). */
export function conferenceRoutes(app: App, deps: Deps) {
  const tags = ["conference"];
  const headers = TokenHeader;
  const params = ConferenceIdParams;

  app.post(
    BASE,
    {
      schema: {
        tags,
        summary: "Create a video conference",
        headers,
        body: CreateBody,
        response: responses(CreateReply),
      },
      config: {
        ...write("CreateVideoConference"),
        errors: ["paramsError", "paramsTitleError", "unknownUserError", "orgAccessForbidden"],
      },
    },
    (req) => createVideoConference(deps, callerOf(req), req.body),
  );
  app.get(
    `${BASE}/:conferenceId`,
    {
      schema: { tags, summary: "Query a conference", headers, params, response: responses(ConfInfoReply) },
      config: { ...read("QueryConferenceInfo"), errors: READ_CONFERENCE },
    },
    (req) => queryConferenceInfo(deps, callerOf(req), req.params.conferenceId),
  );
  app.get(
    `${BASE}/:conferenceId/members`,
    {
      schema: {
        tags,
        summary: "List a conference's members with their roles",
        headers,
        params,
        querystring: MembersQuery,
        response: responses(MembersReply),
      },
      config: { ...read("QueryConferenceMembers"), errors: [...READ_CONFERENCE, "paramError"] },
    },
    // The reply is JSON text the store rendered (see queryConferenceMembers), sent as it is.
    async (req, reply) =>
      reply
        .type(JSON_TYPE)
        .send(await queryConferenceMembers(deps, callerOf(req), req.params.conferenceId, req.query)),
  );
  app.delete(
    `${BASE}/:conferenceId`,
    {
      schema: {
        tags,
        summary: "Close a conference (host only)",
        headers,
        params,
        querystring: CloseQuery,
        response: responses(CloseReply),
      },
      config: {
        ...write("CloseVideoConference"),
        errors: ["paramsError", "permissionError", "resourceClose", "unknownUserError"],
      },
    },
    (req) => closeVideoConference(deps, callerOf(req), req.params.conferenceId, req.query.unionId),
  );
  app.post(
    `${BASE}/:conferenceId/coHosts/set`,
    {
      schema: {
        tags,
        summary: "Add or remove co-hosts",
        headers,
        params,
        body: CohostsBody,
        response: responses(Success),
      },
      config: { ...write("Cohosts"), errors: [...ON_CONFERENCE, "unknownUserError"] },
    },
    (req) => setCoHosts(deps, callerOf(req), req.params.conferenceId, req.body),
  );
}
