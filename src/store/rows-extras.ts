import Type, { type Static } from "typebox";
import { closed, Int, Key, S } from "./row-fields.js";

/**
 * The rows of the stream, subtitle, extInfo and MCU operations (spec more §3, §7; the four operations of
 * the newest SDKs) and of the org's recording white list, described once like rows.ts (kept beside it so
 * the conference rows stay in one small file).
 */
const LIST = { maxItems: 10_000 };

/** A live stream pushed out of a meeting (StartStreamOut, spec more §7). */
export const StreamOutRow = Type.Object(
  {
    /** 24 hex: the `streamId` of StopStreamOut and the liveId StartStreamOut answers. */
    streamId: Key,
    url: S,
    streamName: S,
    mode: S,
    smallWindowPosition: S,
    needHostJoin: Type.Boolean(),
    /** `waiting`: asked with needHostJoin while the host was absent; pushes once the host joins. */
    state: Type.Union([Type.Literal("pushing"), Type.Literal("waiting"), Type.Literal("stopped")]),
    startedAt: Int,
    stoppedAt: Type.Union([Int, Type.Null()]),
    /** Who asked for it (unionId). */
    startedBy: S,
  },
  closed,
);
export type StreamOutRow = Static<typeof StreamOutRow>;

/** An MCU invited into a meeting (InviteMcu, docs/decisions.md). */
export const McuInviteRow = Type.Object({ mcuRoomCode: Key, invitedBy: S, at: Int }, closed);
export type McuInviteRow = Static<typeof McuInviteRow>;

/** One row per conference that has any; its lists are read and written whole under the conference's lock. */
export const ConferenceExtrasRow = Type.Object(
  {
    conferenceId: Key,
    /** The JSON object UpdateVideoConferenceExtInfo last stored, or null. */
    extInfo: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    /** App or suite keys subscribed to this meeting's subtitle (asr) events (SetSubtitleEvent). */
    subtitleApps: Type.Array(Key, LIST),
    streams: Type.Array(StreamOutRow, LIST),
    mcus: Type.Array(McuInviteRow, LIST),
  },
  closed,
);
export type ConferenceExtrasRow = Static<typeof ConferenceExtrasRow>;

/** One entry of an org's cloud/local recording white list (OptRecordWhiteAccount). */
export const RecordWhiteAccountRow = Type.Object(
  {
    corpId: Key,
    /** `cloud_record` or `local_record`. */
    bizType: Key,
    /** 1 the organization, 2 a department, 3 a user (docs/decisions.md). */
    settingRangeType: Int,
    settingRangeId: Key,
    addedBy: S,
    addedAt: Int,
  },
  closed,
);
export type RecordWhiteAccountRow = Static<typeof RecordWhiteAccountRow>;
