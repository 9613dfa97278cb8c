import Type, { type Static } from "typebox";
import { ID_MAX, LIST_MAX, NAME_MAX } from "./limits.js";
import { URL_MAX } from "./streams.js";

/**
 * Bodies and replies of SetSubtitleEvent and UpdateVideoConferenceExtInfo (spec more §3) and of the four
 * operations only the newest SDKs have (CreateAutoLoginUrl, InviteMcu, OptRecordWhiteAccount,
 * UpdateMemberNick; contract in docs/decisions.md).
 */

const UnionId = (description: string) => Type.String({ minLength: 1, maxLength: ID_MAX, description });
/** Room codes as DingTalk shows them may carry spaces (`838 722 xxxxx`); vconf strips them. */
const RoomCode = (description: string) => Type.String({ minLength: 1, maxLength: 64, description });

export const SubtitleBody = Type.Object({
  enable: Type.Boolean({ description: "subscribe (true) or unsubscribe (false) the calling app" }),
});
export type SubtitleBody = Static<typeof SubtitleBody>;

export const ExtInfoReply = Type.Object({ case: Type.String(), code: Type.String() });

export const AutoLoginBody = Type.Object({
  meetingUrl: Type.String({
    minLength: 1,
    maxLength: URL_MAX,
    description: "the meeting's link (http or https)",
  }),
  unionId: UnionId("the user the link logs in"),
});
export type AutoLoginBody = Static<typeof AutoLoginBody>;
export const AutoLoginReply = Type.Object({
  loginInfo: Type.Object({ loginUrl: Type.String() }),
  success: Type.Boolean(),
});

export const InviteMcuBody = Type.Object({
  mcuRoomCode: RoomCode("the MCU's own room code (digits)"),
  roomCode: RoomCode("the meeting's room code"),
  unionId: UnionId("the operator: the meeting's host or a co-host"),
});
export type InviteMcuBody = Static<typeof InviteMcuBody>;

export const MemberNickBody = Type.Object({
  nick: Type.String({ maxLength: NAME_MAX, description: "the new in-meeting nick" }),
  unionId: UnionId("the member whose nick changes"),
});
export type MemberNickBody = Static<typeof MemberNickBody>;

/** OptRecordWhiteAccount's one query parameter: its request model, JSON-encoded (the SDKs' "shrink"). */
export const WhiteAccountQuery = Type.Object({
  requestBody: Type.Optional(
    Type.String({
      maxLength: 65_536,
      description:
        'JSON: {"bizType":"cloud_record"|"local_record","operation":1 add|2 remove,' +
        '"settingRangeList":[{"settingRangeId":string,"settingRangeType":1 org|2 department|3 user}],"unionId":string}',
    }),
  ),
});
export type WhiteAccountQuery = Static<typeof WhiteAccountQuery>;

/** The decoded `requestBody` (checked in the domain, since it arrives as a string). */
export const WhiteAccountRequest = Type.Object(
  {
    bizType: Type.String({ maxLength: 64 }),
    operation: Type.Integer(),
    settingRangeList: Type.Optional(
      Type.Array(
        Type.Object({
          settingRangeId: Type.String({ minLength: 1, maxLength: ID_MAX }),
          settingRangeType: Type.Integer(),
        }),
        { maxItems: LIST_MAX },
      ),
    ),
    unionId: Type.String({ minLength: 1, maxLength: ID_MAX }),
  },
  { additionalProperties: true },
);
export type WhiteAccountRequest = Static<typeof WhiteAccountRequest>;

/** The control plane's transcription result (`POST /_vconf/v1/conferences/{id}/asr`): DingTalk's `payload`. */
export const AsrBody = Type.Object({
  result: Type.String({ maxLength: 65_536, description: "the recognized text" }),
  speakerUnionId: Type.String({ minLength: 1, maxLength: ID_MAX }),
  words: Type.Optional(
    Type.Array(
      Type.Object({
        startTime: Type.Integer(),
        text: Type.String({ maxLength: NAME_MAX }),
        endTime: Type.Integer(),
      }),
      { maxItems: 1000 },
    ),
  ),
  index: Type.Optional(Type.Integer({ minimum: 0 })),
  time: Type.Optional(Type.Integer({ minimum: 0 })),
  beginTime: Type.Optional(Type.Integer({ minimum: 0 })),
  bizType: Type.Optional(Type.Enum(["minutes", "cloud_record"])),
});
export const AsrReply = Type.Object({ pushed: Type.Integer() });
