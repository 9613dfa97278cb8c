import type { Deps } from "../../../domain/deps.js";
import { BASE, read } from "../../../schemas/paths.js";
import {
  getConfDataByConferenceId,
  getConfDetailData,
  getHistoryConfDataList,
  getUserLastMetric,
  getUserMetricData,
} from "../../../domain/statistics/statistics.js";
import { ConferenceIdParams, responses, TokenHeader } from "../../../schemas/common.js";
import {
  ConfDataQuery,
  ConfDataReply,
  DetailQuery,
  DetailReply,
  HistoryQuery,
  HistoryReply,
  LastMetricBody,
  LastMetricReply,
  MetricQuery,
  MetricReply,
} from "../../../schemas/statistics.js";
import { callerOf } from "../../auth.js";
import type { App } from "../../types.js";
import { READ_CONFERENCE } from "../conferences.js";

/** A started meeting's statistics: E-R (a booking not started is roomNotFound) and field errors. */
const STATS_READ = [...READ_CONFERENCE, "paramError"] as const;

/** Statistics and media quality (spec more §8). */
export function statisticsRoutes(app: App, deps: Deps) {
  const tags = ["statistics"];
  const headers = TokenHeader;
  const params = ConferenceIdParams;

  app.get(
    `${BASE}/histories/dataLists`,
    {
      schema: {
        tags,
        summary: "The org's meetings started in a time span",
        headers,
        querystring: HistoryQuery,
        response: responses(HistoryReply),
      },
      config: { ...read("GetHistoryConfDataList"), errors: ["paramError"] },
    },
    (req) => getHistoryConfDataList(deps, callerOf(req), req.query),
  );
  app.get(
    `${BASE}/:conferenceId/infos`,
    {
      schema: {
        tags,
        summary: "One meeting's statistics",
        headers,
        params,
        querystring: ConfDataQuery,
        response: responses(ConfDataReply),
      },
      config: { ...read("GetConfDataByConferenceId"), errors: STATS_READ },
    },
    (req) => getConfDataByConferenceId(deps, callerOf(req), req.params.conferenceId, req.query),
  );
  app.get(
    `${BASE}/:conferenceId/details`,
    {
      schema: {
        tags,
        summary: "One meeting's participants",
        headers,
        params,
        querystring: DetailQuery,
        response: responses(DetailReply),
      },
      config: { ...read("GetConfDetailData"), errors: STATS_READ },
    },
    (req) => getConfDetailData(deps, callerOf(req), req.params.conferenceId, req.query),
  );
  app.get(
    `${BASE}/:conferenceId/metricDatas`,
    {
      schema: {
        tags,
        summary: "A user's quality samples",
        headers,
        params,
        querystring: MetricQuery,
        response: responses(MetricReply),
      },
      config: { ...read("GetUserMetricData"), errors: [...STATS_READ, "unknownUserError"] },
    },
    (req) => getUserMetricData(deps, callerOf(req), req.params.conferenceId, req.query),
  );
  app.post(
    `${BASE}/:conferenceId/lastMetricDatas/query`,
    {
      schema: {
        tags,
        summary: "Users' newest quality samples",
        headers,
        params,
        body: LastMetricBody,
        response: responses(LastMetricReply),
      },
      config: { ...read("GetUserLastMetric"), errors: STATS_READ },
    },
    (req) => getUserLastMetric(deps, callerOf(req), req.params.conferenceId, req.body),
  );
}
