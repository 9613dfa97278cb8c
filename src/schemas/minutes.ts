import Type from "typebox";
import { ID_MAX } from "./limits.js";
import { BodyUnionId } from "./recordings.js";

const S = Type.String();
const OptS = Type.Optional(S);
const Item = Type.Object({}, { additionalProperties: true });

export const StartMinutesBody = Type.Object({
  unionId: BodyUnionId("the host or a co-host"),
  ownerUnionId: BodyUnionId("who owns the minutes (default unionId)"),
  recordAudio: Type.Optional(Type.Boolean()),
});
export const StopMinutesBody = Type.Object({ unionId: BodyUnionId("the host or a co-host") });

export const MinutesTextQuery = Type.Object({
  unionId: OptS,
  direction: Type.Optional(Type.String({ description: "0 ascending, 1 descending (required)" })),
  maxResults: Type.Optional(Type.String({ description: "1 to 2000, default 100" })),
  nextToken: OptS,
});
export const MinutesTextReply = Type.Object({
  hasMore: Type.Boolean(),
  nextToken: OptS,
  paragraphList: Type.Array(Item),
});
export const AudioReply = Type.Object({ audioList: Type.Array(Item) });
export const SummaryBody = Type.Object({
  unionId: BodyUnionId(),
  summaryTypeList: Type.Optional(Type.Array(Type.String({ maxLength: ID_MAX }), { maxItems: 20 })),
});
export const SummaryReply = Type.Object({ summary: Item });
export const MeetingResultReply = Type.Object({ fullSummary: S, action: Type.Array(S) });

export const RecordPermissionBody = Type.Object({
  bizType: Type.Optional(Type.String({ maxLength: ID_MAX, description: "cloud_record or minutes" })),
  ownerUnionId: BodyUnionId("the record's owner"),
  unionId: BodyUnionId("who gets access"),
});
export const FlashQuery = Type.Object({ bizType: OptS, recorderUnionId: OptS });
export const FlashSummaryReply = Type.Object({
  flashMinutesSummary: Type.Object({ status: Type.Number(), summary: Type.Array(Item) }),
});
export const RecordUrlsReply = Type.Object({
  recordMinutesUrls: Type.Array(Type.Object({ recordMinutesUrl: S })),
});
export const DocumentQuery = Type.Object({
  bizType: OptS,
  unionId: OptS,
  expireTime: Type.Optional(Type.String({ description: "ms since epoch" })),
});
export const DocumentReply = Type.Object({ minutesDocUrl: S });
