import { assert } from "../../errors.js";
import type { CreateBody } from "../../schemas/conferences.js";
import type { ConferenceRow } from "../../store/store.js";
import type { Caller, Deps } from "../deps.js";
import { randomDigits } from "../identity/secrets.js";
import { saveMember } from "./change-log.js";
import { assertRoomForMembers } from "./member-cap.js";
import { newConferenceId } from "./ids.js";
import { newMember } from "./members.js";

/** Titles over 50 characters are cut to 50; over 256 are refused (DingTalk's documented limits). */
const TITLE_KEEP = 50;
const TITLE_MAX = 256;

/** `POST /v1.0/conference/videoConferences` (CreateVideoConference), page `create-a-video-conference`. */
export async function createVideoConference(deps: Deps, caller: Caller, input: CreateBody) {
  const organizerId = input.userId;
  assert(organizerId, "paramsError", "userId is missing");
  const title = input.confTitle ?? "";
  assert(title.trim() !== "", "paramsTitleError", "confTitle is missing");
  const chars = [...title];
  assert(chars.length <= TITLE_MAX, "paramsTitleError", `confTitle is longer than ${TITLE_MAX} characters`);
  const invitees = [...new Set(input.inviteUserIds ?? [])].filter((id) => id !== organizerId);
  assert(!invitees.includes(""), "paramsError", "inviteUserIds has an empty unionId");

  return deps.store.transaction(async (tx) => {
    // A new conference: nobody else can add members before it commits, so nothing to count.
    await assertRoomForMembers(tx, deps, "", 1 + invitees.length, 0);
    const now = deps.clock.now();
    const users = await tx.getUsers([organizerId, ...invitees]);
    const organizer = users.get(organizerId);
    assert(organizer, "unknownUserError");
    assert(organizer.corpId === caller.corpId, "orgAccessForbidden");
    assert(
      invitees.every((id) => users.has(id)),
      "unknownUserError",
    );

    const roomCode = randomDigits(9);
    const conf: ConferenceRow = {
      conferenceId: newConferenceId(),
      corpId: caller.corpId,
      title: chars.slice(0, TITLE_KEEP).join(""),
      creatorId: organizer.unionId,
      creatorApp: caller.clientKey,
      conferencePassword: randomDigits(10),
      hostPassword: randomDigits(10),
      roomCode,
      externalLinkUrl: `https://vconf.local/j/${roomCode}`,
      phoneNumbers: [],
      status: 2,
      startTime: now,
      endTime: null,
      inviteCaller: input.inviteCaller !== false,
      locked: false,
      muteAll: false,
      forceMute: false,
      onlyInternal: false,
      autoTransferHost: false,
      forbiddenShareScreen: false,
      focusUnionId: null,
      scheduleConferenceId: "",
      extensionAppSettings: [],
    };
    await tx.insertConference(conf);
    const host = newMember(conf, organizer, { host: true, attendStatus: conf.inviteCaller ? 2 : 1 });
    await saveMember(tx, caller, "CreateVideoConference", undefined, host, now);
    for (const id of invitees) {
      await saveMember(tx, caller, "CreateVideoConference", undefined, newMember(conf, users.get(id)!), now);
    }
    return {
      conferenceId: conf.conferenceId,
      conferencePassword: conf.conferencePassword,
      hostPassword: conf.hostPassword,
      externalLinkUrl: conf.externalLinkUrl,
      phoneNumbers: conf.phoneNumbers,
      roomCode: conf.roomCode,
    };
  });
}
