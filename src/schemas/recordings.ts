import Type from "typebox";
import { ID_MAX, NAME_MAX } from "./limits.js";

const S = Type.String();
const OptS = Type.Optional(S);
/** Items served from injected artifacts: their shape is checked when injected (src/emulator/artifact-shapes.ts). */
const Item = Type.Object({}, { additionalProperties: true });

export const CodeReply = Type.Object({ code: S });

/** A unionId in a body; bounded, and empty reported by the domain ("unionId is missing"). */
export const BodyUnionId = (description?: string) =>
  Type.Optional(Type.String({ maxLength: ID_MAX, description }));

export const StartCloudRecordBody = Type.Object({
  unionId: BodyUnionId("the host"),
  mode: Type.Optional(
    Type.String({ maxLength: NAME_MAX, description: "grid, speech, full_screen (stored unchecked)" }),
  ),
  smallWindowPosition: Type.Optional(
    Type.String({
      maxLength: NAME_MAX,
      description: "relative_right, float_right, float_bottom (stored unchecked)",
    }),
  ),
});
export const StopCloudRecordBody = Type.Object({ unionId: BodyUnionId("the host") });

export const UnionIdQuery = Type.Object({ unionId: OptS });
export const VideosReply = Type.Object({ videoList: Type.Array(Item) });
export const PlayInfoQuery = Type.Object({ unionId: OptS, mediaId: OptS, regionId: OptS });
export const PlayInfoReply = Type.Object({
  playUrl: S,
  mp4FileUrl: S,
  fileSize: Type.Number(),
  duration: Type.Number(),
  status: Type.Number(),
});
export const TextsQuery = Type.Object({
  unionId: OptS,
  startTime: Type.Optional(Type.String({ description: "ms from the recording's start" })),
  direction: Type.Optional(Type.String({ description: "0 ascending (default), 1 descending" })),
  maxResults: Type.Optional(Type.String({ description: "1 to 2000, default 100" })),
  nextToken: Type.Optional(Type.String({ description: "a paragraph's nextTtoken" })),
});
export const TextsReply = Type.Object({ hasMore: Type.Boolean(), paragraphList: Type.Array(Item) });
