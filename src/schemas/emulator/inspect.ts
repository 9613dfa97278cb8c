import Type, { type Static } from "typebox";

/** What the console (and any script) reads of the state: conferences by org, one conference whole. */

const closed = { additionalProperties: false } as const;
const S = Type.String();
const Int = Type.Integer();
const Bool = Type.Boolean();
const PageToken = Type.String({ pattern: "^[0-9]{1,9}$", description: "from the previous page" });

export const MAX_CONFERENCE_PAGE = 200;
export const MAX_MEMBER_PAGE = 1000;

export const ConferencesQuery = Type.Object(
  {
    corpId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "one org's only" })),
    status: Type.Optional(
      Type.Enum(["live", "ended"], { description: "live: not ended (status 0 or 2); ended: status 1" }),
    ),
    limit: Type.Optional(
      Type.String({
        pattern: "^[0-9]{1,3}$",
        description: `page size, 1 to ${MAX_CONFERENCE_PAGE}, default 50`,
      }),
    ),
    nextToken: Type.Optional(PageToken),
  },
  closed,
);
export type ConferencesQuery = Static<typeof ConferencesQuery>;

export const ConferenceSummary = Type.Object({
  conferenceId: S,
  corpId: S,
  title: S,
  status: Type.Integer({ description: "0 not started, 1 ended, 2 in progress" }),
  startTime: Int,
  endTime: Type.Optional(Int),
  creatorId: S,
  creatorApp: Type.String({ description: "the app or suite key that created it" }),
  memberCount: Int,
  onlineCount: Type.Integer({ description: "members in the meeting now (attendStatus 3)" }),
});

export const ConferencesReply = Type.Object({
  conferences: Type.Array(ConferenceSummary, { description: "newest first" }),
  nextToken: Type.Optional(S),
});

export const ConferenceQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({
        pattern: "^[0-9]{1,4}$",
        description: `members per page, 1 to ${MAX_MEMBER_PAGE}, default 500`,
      }),
    ),
    nextToken: Type.Optional(PageToken),
  },
  closed,
);

export const RosterEntry = Type.Object({
  unionId: S,
  userNick: S,
  host: Bool,
  coHost: Bool,
  attendStatus: Type.Integer({
    description: "1 invited, 2 ringing, 3 in meeting, 4 declined/failed, 5 kicked, 6 left",
  }),
  micStatus: Type.Integer({ description: "0 initial, 1 off, 2 on" }),
  cameraStatus: Type.Integer({ description: "0 initial, 1 off, 2 on" }),
  joinTime: Type.Optional(Int),
  leaveTime: Type.Optional(Int),
  duration: Int,
  deviceType: Type.Optional(S),
  outerOrgMember: Bool,
  pstnJoin: Bool,
  forbiddenRejoin: Bool,
});

export const ConferenceReply = Type.Object({
  conference: Type.Object({
    ...ConferenceSummary.properties,
    roomCode: S,
    locked: Bool,
    muteAll: Bool,
    forceMute: Bool,
    onlyInternal: Bool,
    autoTransferHost: Bool,
    forbiddenShareScreen: Bool,
    focusUnionId: Type.Optional(S),
  }),
  members: Type.Array(RosterEntry, { description: "in list order" }),
  nextToken: Type.Optional(S),
});

export const WatchQuery = Type.Object(
  {
    topics: Type.Optional(
      Type.String({
        pattern: "^(changes|requests)(,(changes|requests))*$",
        description: "comma-separated: changes (default), requests",
      }),
    ),
  },
  closed,
);
