import Type, { type Static } from "typebox";
import { ID_MAX } from "./limits.js";
import { BIZ_DATA_MAX, ScheduleSettings } from "./schedule-settings.js";

export { ScheduleSettings } from "./schedule-settings.js";

/** Scheduled conferences (spec-more section 1), as the SDK 2.2.27 models them. */
const S = Type.String();
const Num = Type.Number();
const Id = Type.String({ maxLength: ID_MAX });

export const CreateScheduleBody = Type.Object({
  creatorUnionId: Type.String({ maxLength: ID_MAX, description: "the creator; a user of the token's org" }),
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
  creatorUnionId: Id,
  scheduleConferenceId: Id,
  title: S,
  startTime: Num,
  endTime: Num,
});
export type UpdateScheduleBody = Static<typeof UpdateScheduleBody>;

export const CancelScheduleBody = Type.Object({ scheduleConferenceId: Id, creatorUnionId: Id });
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

export const SettingsQuery = Type.Object({
  scheduleConferenceId: Type.Optional(Type.String({ description: "the booking's id (DingTalk-req)" })),
});
export type SettingsQuery = Static<typeof SettingsQuery>;

export const UpdateSettingsBody = Type.Object({
  // Optional so that a missing one gets the endpoint's own code (creatorUidError, scheduleConferenceIdError).
  creatorUnionId: Type.Optional(Id),
  scheduleConferenceId: Type.Optional(Id),
  scheduleConfSettingModel: Type.Optional(ScheduleSettings),
});
export type UpdateSettingsBody = Static<typeof UpdateSettingsBody>;

export const CustomShortLinkBody = Type.Object({
  creatorUnionId: Type.Optional(Id),
  scheduleConferenceId: Type.Optional(Id),
  coolAppCode: Type.Optional(Id),
  extensionAppBizData: Type.Optional(Type.String({ maxLength: BIZ_DATA_MAX })),
  useExtensionApp: Type.Optional(Type.Boolean()),
});
export type CustomShortLinkBody = Static<typeof CustomShortLinkBody>;

export const CustomShortLinkReply = Type.Object({ result: Type.Object({ customShortLink: S }) });

/** Custom short links one booking keeps (vconf decision: every list has a bound). */
export const SHORT_LINKS_MAX = 1000;

/** A short link as a booking keeps it (the control plane's booking detail). */
export const StoredShortLink = Type.Object(
  {
    link: S,
    creatorUnionId: S,
    coolAppCode: S,
    extensionAppBizData: S,
    useExtensionApp: Type.Boolean(),
    clientId: S,
    at: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type StoredShortLink = Static<typeof StoredShortLink>;

export const OrgConferenceListReply = Type.Object({
  onGoingConfList: Type.Array(
    Type.Object({
      conferenceId: S,
      title: S,
      roomCode: S,
      creatorId: S,
      creatorNick: S,
      bizType: S,
      status: Type.Integer({ description: "always 2 (in progress)" }),
      startTime: Num,
    }),
  ),
  hasMore: Type.Boolean(),
  nextToken: Type.Optional(S),
  totalCount: Type.Integer(),
});
