/**
 * Bounds shared by the body schemas (docs/decisions.md, "Bounded inputs"). Every list and string a
 * request carries has one, so no body makes the server do unbounded work.
 */

/** Entries in one list of a DingTalk body (userList, inviteUserIds, inviteeList, phoneInviteeList). */
export const LIST_MAX = 500;
/** Characters in an id (unionId, corpId, appKey, conferenceId): what the directory lets one be. */
export const ID_MAX = 128;
/** Characters in a display name or nick. */
export const NAME_MAX = 256;
