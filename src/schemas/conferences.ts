import Type, { type Static } from "typebox";
import { ID_MAX, LIST_MAX } from "./limits.js";

const S = Type.String();
const UnionId = Type.String({ minLength: 1, maxLength: ID_MAX, description: "a user's unionId" });

export const CreateBody = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: ID_MAX, description: "the organizer's unionId" }),
  // Optional here so that a missing title gets the domain's paramsTitleError, not the schema's paramsError.
  confTitle: Type.Optional(
    Type.String({ description: "required; over 50 characters cut to 50; over 256 refused" }),
  ),
  inviteUserIds: Type.Optional(
    Type.Array(UnionId, { maxItems: LIST_MAX, description: `up to ${LIST_MAX} unionIds` }),
  ),
  inviteCaller: Type.Optional(Type.Boolean()),
});
export type CreateBody = Static<typeof CreateBody>;

export const CreateReply = Type.Object({
  conferenceId: S,
  conferencePassword: S,
  hostPassword: S,
  externalLinkUrl: S,
  phoneNumbers: Type.Array(S),
  roomCode: S,
});

export const ConfInfoReply = Type.Object({
  confInfo: Type.Object({
    conferenceId: S,
    title: S,
    roomCode: S,
    externalLinkUrl: S,
    status: Type.Integer({ description: "0 not started, 1 ended, 2 in progress" }),
    startTime: Type.Integer(),
    endTime: Type.Optional(Type.Integer()),
    confDuration: Type.Optional(Type.Integer()),
    invitedNum: Type.Integer(),
    activeNum: Type.Integer(),
    attendNum: Type.Integer(),
    creatorId: S,
    creatorNick: S,
    scheduleConferenceId: S,
    bizType: S,
    extensionAppSettings: Type.Optional(
      Type.Array(Type.Object({ appCode: S, autoOpenMode: Type.Integer(), extensionAppBizData: S }), {
        description: "a scheduled meeting's extension apps, from its booking's settings at start",
      }),
    ),
    cloudRecordStatus: Type.Integer({ description: "0 not recording, 1 recording, 2 paused, 3 ended" }),
    cloudRecordOwnerUnionId: Type.Optional(S),
  }),
});

export const MembersQuery = Type.Object({
  nextToken: Type.Optional(Type.String({ description: "from the previous page" })),
  maxResults: Type.Optional(Type.String({ description: "page size, 1 to 1000, default 128" })),
});
export type MembersQuery = Static<typeof MembersQuery>;

export const MemberModel = Type.Object({
  unionId: S,
  conferenceId: S,
  userNick: S,
  joinTime: Type.Optional(Type.Integer()),
  leaveTime: Type.Optional(Type.Integer()),
  duration: Type.Integer(),
  host: Type.Boolean(),
  coHost: Type.Boolean(),
  attendStatus: Type.Integer({
    description: "1 invited, 2 ringing, 3 in meeting, 4 declined/failed, 5 kicked, 6 left",
  }),
  outerOrgMember: Type.Optional(Type.Boolean()),
  pstnJoin: Type.Boolean(),
});

export const MembersReply = Type.Object({
  memberModels: Type.Array(MemberModel),
  nextToken: Type.Optional(S),
  totalCount: Type.Integer(),
});

export const CloseQuery = Type.Object({ unionId: Type.Optional(S) });
export const CloseReply = Type.Object({ code: Type.Integer(), cause: S });

export const UserListEntry = Type.Object({ unionId: UnionId });

export const CohostsBody = Type.Object({
  action: Type.Enum(["add", "remove"]),
  userList: Type.Array(UserListEntry, {
    minItems: 1,
    maxItems: LIST_MAX,
    description: `1 to ${LIST_MAX} users`,
  }),
});
export type CohostsBody = Static<typeof CohostsBody>;
