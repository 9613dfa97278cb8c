import Type, { type Static } from "typebox";
import { ID_MAX, NAME_MAX } from "./limits.js";

/** StartStreamOut takes at most this many URLs (spec more §7). */
export const STREAM_URLS_MAX = 10;
/** Characters in a URL a request carries (stream URLs, meeting URLs). */
export const URL_MAX = 2048;

const UnionId = Type.String({ minLength: 1, maxLength: ID_MAX, description: "the operator's unionId" });
const Word = (description: string) => Type.String({ maxLength: NAME_MAX, description });

export const StartStreamOutBody = Type.Object({
  unionId: UnionId,
  needHostJoin: Type.Boolean({ description: "push only once the host has joined" }),
  streamUrlList: Type.Array(Type.String({ maxLength: URL_MAX }), {
    maxItems: STREAM_URLS_MAX,
    description: `1 to ${STREAM_URLS_MAX} URLs, each starting with rtmp`,
  }),
  streamName: Word("the stream's name"),
  mode: Word("grid, speech or full_screen (stored unchecked)"),
  smallWindowPosition: Word("relative_right, float_right or float_bottom (stored unchecked)"),
});
export type StartStreamOutBody = Static<typeof StartStreamOutBody>;

export const StartStreamOutReply = Type.Object({
  successStreamMap: Type.Record(Type.String(), Type.String(), { description: "url → liveId (streamId)" }),
  failStreamMap: Type.Record(Type.String(), Type.String(), { description: "url → why it was refused" }),
});

export const StopStreamOutBody = Type.Object({
  streamId: Type.Optional(
    Type.String({ maxLength: ID_MAX, description: "the stream to stop (ignored with stopAllStream)" }),
  ),
  stopAllStream: Type.Boolean({ description: "stop every stream of the meeting" }),
  unionId: UnionId,
});
export type StopStreamOutBody = Static<typeof StopStreamOutBody>;

export const CodeReply = Type.Object({ code: Type.String() });
