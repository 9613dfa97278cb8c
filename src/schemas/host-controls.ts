import Type, { type Static } from "typebox";
import { ID_MAX, LIST_MAX, NAME_MAX } from "./limits.js";

const S = Type.String();
const UnionId = Type.String({ minLength: 1, maxLength: ID_MAX, description: "a user's unionId" });
const Nick = Type.String({ maxLength: NAME_MAX });
const Bool = Type.Boolean();

/** One user of MuteMembers / KickMembers; `participantId` is accepted and ignored. */
export const TargetEntry = Type.Object({
  unionId: UnionId,
  participantId: Type.Optional(
    Type.String({ maxLength: ID_MAX, description: "ignored: one participant per user" }),
  ),
});

export const MuteMembersBody = Type.Object({
  action: Type.Enum(["mute", "un_mute"]),
  // Bounded like every list; the domain then asks for exactly one distinct user.
  userList: Type.Array(TargetEntry, { minItems: 1, maxItems: LIST_MAX, description: "exactly one user" }),
});

export type MuteMembersBody = Static<typeof MuteMembersBody>;
export const MuteAllBody = Type.Object({
  action: Type.Enum(["mute", "un_mute"]),
  forceMute: Type.Optional(Type.Boolean({ description: "attendees cannot unmute themselves" })),
});

export type MuteAllBody = Static<typeof MuteAllBody>;
export const KickMembersBody = Type.Object({
  userList: Type.Array(TargetEntry, {
    minItems: 1,
    maxItems: LIST_MAX,
    description: `1 to ${LIST_MAX} users`,
  }),
  forbiddenRejoin: Type.Optional(Type.Boolean({ description: "no rejoin until the meeting ends" })),
});

export type KickMembersBody = Static<typeof KickMembersBody>;
export const FocusBody = Type.Object({
  action: Type.Enum(["focus", "un_focus"]),
  unionId: Type.Optional(UnionId),
});

export type FocusBody = Static<typeof FocusBody>;
export const LockBody = Type.Object({ action: Type.Enum(["lock", "unlock"]) });

export type LockBody = Static<typeof LockBody>;
export const InviteUsersBody = Type.Object({
  unionId: Type.Optional(
    Type.String({ minLength: 1, maxLength: ID_MAX, description: "the inviter's unionId" }),
  ),
  inviteeList: Type.Optional(
    Type.Array(Type.Object({ unionId: UnionId, nick: Type.Optional(Nick) }), {
      maxItems: LIST_MAX,
      description: `up to ${LIST_MAX} users`,
    }),
  ),
  phoneInviteeList: Type.Optional(
    Type.Array(
      Type.Object({
        phoneNumber: Type.String({
          minLength: 1,
          maxLength: 64,
          description: "+ and 3 to 20 digits, spaces or dashes",
        }),
        nick: Type.String({ minLength: 1, maxLength: NAME_MAX }),
        inviteClient: Type.Optional(Bool),
        statusCode: Type.Optional(Type.String({ maxLength: 64 })),
      }),
      { maxItems: LIST_MAX, description: `up to ${LIST_MAX} phones` },
    ),
  ),
});

export type InviteUsersBody = Static<typeof InviteUsersBody>;
export const SettingsBody = Type.Object({
  allowUnmuteSelf: Type.Optional(Bool),
  autoTransferHost: Type.Optional(Bool),
  forbiddenShareScreen: Type.Optional(Bool),
  lockConference: Type.Optional(Bool),
  muteAll: Type.Optional(Bool),
  onlyInternalEmployeesJoin: Type.Optional(Bool),
});
export type SettingsBody = Static<typeof SettingsBody>;
export const SettingsReply = Type.Object({ case: S, code: S });

export const BatchQueryBody = Type.Object({
  // The domain refuses over 100 distinct ids (paramError); the schema only bounds the raw list.
  conferenceIdList: Type.Array(Type.String({ minLength: 1, maxLength: ID_MAX }), {
    minItems: 1,
    maxItems: 10 * LIST_MAX,
    description: "up to 100 distinct ids",
  }),
});
export type BatchQueryBody = Static<typeof BatchQueryBody>;
const N = Type.Integer();
export const BatchQueryReply = Type.Object({
  infos: Type.Array(
    Type.Object({
      conferenceId: S,
      title: S,
      startTime: N,
      status: Type.Integer({ description: "0 not started, 1 ended, 2 in progress" }),
      mediaStatus: Type.Integer({ description: "0 normal, 4 forced mute-all" }),
      userList: Type.Array(
        Type.Object({
          userId: Type.String({ description: "the member's unionId" }),
          nick: S,
          attendStatus: N,
          micStatus: Type.Integer({ description: "0 initial, 1 off, 2 on" }),
          cameraStatus: Type.Integer({ description: "0 initial, 1 off, 2 on" }),
          rejectDescription: Type.Optional(S),
        }),
      ),
    }),
  ),
});

export const OnGoingQuery = Type.Object({ unionId: Type.Optional(S) });
export type OnGoingQuery = Static<typeof OnGoingQuery>;
export const OnGoingReply = Type.Object({
  onGoingConfIdList: Type.Array(S),
  memberModelMap: Type.Record(
    S,
    Type.Object({
      unionId: S,
      conferenceId: S,
      userNick: S,
      joinTime: Type.Optional(N),
      leaveTime: Type.Optional(N),
      duration: N,
      attendStatus: N,
      host: Bool,
      coHost: Bool,
      outerOrgMember: Type.Optional(Bool),
      pstnJoin: Bool,
      deviceType: Type.Optional(S),
    }),
  ),
});
