import Type from "typebox";
import { ID_MAX } from "./limits.js";

const S = Type.String();
const OptS = Type.Optional(S);
const N = Type.Number();
const Item = Type.Object({}, { additionalProperties: true });

const ConfData = {
  conferenceId: S,
  title: S,
  creatorId: S,
  creatorNick: S,
  freeType: S,
  scene: S,
  startTime: N,
  endTime: Type.Optional(N),
  timeLength: N,
  userCount: N,
};

export const HistoryQuery = Type.Object({
  startTime: OptS,
  endTime: OptS,
  realData: Type.Optional(Type.String({ description: "true or false (required)" })),
  title: OptS,
  creatorNike: Type.Optional(Type.String({ description: "the creator's nick (sic)" })),
  freeType: OptS,
  scene: OptS,
  maxResults: Type.Optional(Type.String({ description: "1 to 100, default 20" })),
  nextToken: OptS,
});
export const HistoryReply = Type.Object({ list: Type.Array(Type.Object(ConfData)), nextToken: OptS });
export const ConfDataQuery = Type.Object({ realData: OptS });
export const ConfDataReply = Type.Object(ConfData);
export const DetailQuery = Type.Object({ nick: OptS, maxResults: OptS, nextToken: OptS });
export const DetailReply = Type.Object({
  list: Type.Array(
    Type.Object({
      unionId: S,
      conferenceId: S,
      nick: S,
      role: S,
      status: S,
      deviceType: S,
      version: S,
      sessionId: S,
      networkQuality: S,
      belongOrg: S,
      joinTime: N,
      leaveTime: Type.Optional(N),
      duration: N,
    }),
  ),
  nextToken: OptS,
});
export const MetricQuery = Type.Object({ unionId: OptS, beginTime: OptS, endTime: OptS });
export const MetricReply = Type.Object({ metricDataList: Type.Array(Item) });
export const LastMetricBody = Type.Object({
  unionIdList: Type.Optional(Type.Array(Type.String({ maxLength: ID_MAX }), { maxItems: 1000 })),
});
export const LastMetricReply = Type.Object({ metricMap: Type.Record(S, Item) });
