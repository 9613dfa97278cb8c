import Type, { type Static } from "typebox";

/** Scheduled conferences (spec-more section 1), as the SDK 2.2.27 models them. */
const S = Type.String();
const Num = Type.Number();
const Bit = Type.Union([Type.Literal(0), Type.Literal(1)]);

/** `scheduleConfSettingModel`: every field optional; values outside DingTalk's lists are refused. */
export const ScheduleSettings = Type.Object({
  hostUnionId: Type.Optional(Type.String({ minLength: 1 })),
  cohostUnionIds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 100 })),
  confAllowedCorpId: Type.Optional(S),
  lockRoom: Type.Optional(Bit),
  screenShareForbidden: Type.Optional(Bit),
  muteOnJoin: Type.Optional(Type.Union([Type.Literal(-1), Type.Literal(0), Type.Literal(6)])),
  moziConfOpenRecordSetting: Type.Optional(Type.Record(S, Type.Unknown())),
  moziConfVirtualExtraSetting: Type.Optional(Type.Record(S, Type.Unknown())),
});
export type ScheduleSettings = Static<typeof ScheduleSettings>;

export const CreateScheduleBody = Type.Object({
  creatorUnionId: Type.String({ description: "the creator; a user of the token's org" }),
  // Optional so that a missing title gets the domain's `error:title is missing`.
  title: Type.Optional(
    Type.String({ description: "required; over 50 characters cut to 50; over 256 refused" }),
  ),
  startTime: Num,
  endTime: Num,
  scheduleConfSettingModel: Type.Optional(ScheduleSettings),
});
export type CreateScheduleBody = Static<typeof CreateScheduleBody>;

export const CreateScheduleReply = Type.Object({
  scheduleConferenceId: S,
  roomCode: S,
  url: S,
  phones: Type.Array(S),
  requestId: S,
});

export const UpdateScheduleBody = Type.Object({
  creatorUnionId: S,
  scheduleConferenceId: S,
  title: S,
  startTime: Num,
  endTime: Num,
});
export type UpdateScheduleBody = Static<typeof UpdateScheduleBody>;

export const CancelScheduleBody = Type.Object({ scheduleConferenceId: S, creatorUnionId: S });
export type CancelScheduleBody = Static<typeof CancelScheduleBody>;

export const ScheduleIdParams = Type.Object({
  scheduleConferenceId: Type.String({ description: "the booking's id (a UUID)" }),
});
export const QueryScheduleQuery = Type.Object({ requestUnionId: Type.Optional(S) });

export const QueryScheduleReply = Type.Object({
  scheduleConferenceId: S,
  title: S,
  roomCode: S,
  url: S,
  startTime: Num,
  endTime: Num,
  phones: Type.Array(S),
  requestId: S,
});

export const RoomCodeJoinParams = Type.Object({ roomCode: S, unionId: S });
export const RoomCodeJoinReply = Type.Object({
  joined: Type.Boolean(),
  conferenceId: S,
  started: Type.Boolean(),
});

/** The control plane's view of a booking: every stored field (spec-more section 9). */
export const BookingDetailReply = Type.Object({
  scheduleConferenceId: S,
  corpId: S,
  creatorId: S,
  creatorApp: S,
  title: S,
  startTime: Num,
  endTime: Num,
  roomCode: S,
  url: S,
  settings: Type.Record(S, Type.Unknown()),
  cancelled: Type.Boolean(),
  instances: Type.Array(S),
  customShortLinks: Type.Array(Type.Record(S, Type.Unknown())),
  createdAt: Num,
});

export const BookingListQuery = Type.Object({ corpId: Type.String({ minLength: 1 }) });
export const BookingListReply = Type.Object({ scheduleConferences: Type.Array(BookingDetailReply) });

export const PageQuery = Type.Object({
  nextToken: Type.Optional(Type.String({ description: "from the previous page (a decimal offset)" })),
  maxResults: Type.Optional(Type.String({ description: "page size, 1 to 100, default 20" })),
});
export type PageQuery = Static<typeof PageQuery>;

export const ScheduleInfoReply = Type.Object({
  conferenceList: Type.Array(
    Type.Object({
      conferenceId: S,
      title: S,
      roomCode: S,
      status: Type.Integer({ description: "0 pending, 1 ended, 2 in progress" }),
      startTime: Num,
      endTime: Type.Optional(Num),
    }),
  ),
  nextToken: S,
  totalCount: Type.Integer(),
});

export const RoomCodeParams = Type.Object({ roomCode: S });
export const RoomCodeInfoReply = Type.Object({
  conferenceList: Type.Array(
    Type.Object({
      conferenceId: S,
      title: S,
      roomCode: S,
      externalLinkUrl: S,
      creatorId: S,
      creatorNick: S,
      scheduleConferenceId: S,
      bizType: S,
      status: Type.Integer(),
      startTime: Num,
      endTime: Type.Optional(Num),
      confDuration: Type.Optional(Num),
    }),
  ),
  hasMore: Type.Boolean(),
  nextToken: Type.Optional(S),
  totalCount: Type.Integer(),
});
