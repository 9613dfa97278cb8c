import { fail, paramsError } from "../errors.js";
import type { ConferenceRow } from "../store/store.js";
import type { Caller, Deps } from "./deps.js";
import { endStay, newMember, recordChange, saveMember } from "./members.js";
import { policy, readableConference, writableConference } from "./policy.js";
import { endMediaOnClose } from "./recordings/cloud-record.js";
import { randomDigits, randomHex } from "./secrets.js";
import { confInfo, countMembers, memberModel } from "./views.js";

export interface CreateInput {
  userId?: string;
  confTitle?: string;
  inviteUserIds?: string[];
  inviteCaller?: boolean;
}

/** Titles over 50 characters are cut to 50; over 256 are refused (DingTalk's documented limits). */
const TITLE_KEEP = 50;
const TITLE_MAX = 256;

/** `POST /v1.0/conference/videoConferences` (CreateVideoConference), page `create-a-video-conference`. */
export async function createVideoConference(deps: Deps, caller: Caller, input: CreateInput) {
  if (!input.userId) throw paramsError("userId is missing");
  const title = input.confTitle ?? "";
  if (title.trim() === "") throw fail("paramsTitleError", "error:confTitle is missing");
  const chars = [...title];
  if (chars.length > TITLE_MAX)
    throw fail("paramsTitleError", `error:confTitle is longer than ${TITLE_MAX} characters`);
  const invitees = [...new Set(input.inviteUserIds ?? [])].filter((id) => id !== input.userId);
  if (invitees.some((id) => id === "")) throw paramsError("inviteUserIds has an empty unionId");

  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const users = await tx.getUsers([input.userId!, ...invitees]);
    const organizer = users.get(input.userId!);
    if (!organizer) throw fail("unknownUserError");
    if (organizer.corpId !== caller.corpId) throw fail("orgAccessForbidden");
    if (invitees.some((id) => !users.has(id))) throw fail("unknownUserError");

    const roomCode = randomDigits(9);
    const conf: ConferenceRow = {
      conferenceId: randomHex(12),
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

/** `GET /v1.0/conference/videoConferences/{id}` (QueryConferenceInfo). */
export async function queryConferenceInfo(deps: Deps, caller: Caller, conferenceId: string) {
  return deps.store.transaction(
    async (tx) => {
      const conf = await readableConference(tx, caller, conferenceId);
      const members = await tx.listMembers(conf.conferenceId);
      const creator = await tx.getUser(conf.creatorId);
      const media = await tx.getMedia(conf.conferenceId);
      const counts = countMembers(members, conf.creatorId);
      return { confInfo: confInfo(conf, counts, creator?.name ?? "", media?.state) };
    },
    { readOnly: true },
  );
}

export const MAX_RESULTS_DEFAULT = 128;
export const MAX_RESULTS_LIMIT = 1000;

/**
 * `GET …/{id}/members` (QueryConferenceMembers). `nextToken` is the decimal offset of the next page; it
 * is absent on the last page.
 */
export async function queryConferenceMembers(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  query: { nextToken?: string; maxResults?: string },
) {
  const offset = parseQueryInt(query.nextToken, 0, 0, Number.MAX_SAFE_INTEGER, "nextToken");
  const limit = parseQueryInt(query.maxResults, MAX_RESULTS_DEFAULT, 1, MAX_RESULTS_LIMIT, "maxResults");
  return deps.store.transaction(
    async (tx) => {
      const conf = await readableConference(tx, caller, conferenceId);
      const totalCount = await tx.countMembers(conf.conferenceId);
      const page = await tx.listMembers(conf.conferenceId, offset, limit);
      const next = offset + page.length;
      return {
        memberModels: page.map(memberModel),
        ...(next < totalCount ? { nextToken: String(next) } : {}),
        totalCount,
      };
    },
    { readOnly: true },
  );
}

function parseQueryInt(
  raw: string | undefined,
  dflt: number,
  min: number,
  max: number,
  name: string,
): number {
  if (raw === undefined || raw === "") return dflt;
  const n = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max))
    throw fail("paramError", `PARAM ERROR: ${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** `DELETE …/{id}?unionId=` (CloseVideoConference): only the host may close. */
export async function closeVideoConference(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  unionId?: string,
) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId, "resourceClose");
    if (!unionId) throw paramsError("unionId is missing");
    if (!(await tx.getUser(unionId))) throw fail("unknownUserError");
    const closer = await tx.getMember(conf.conferenceId, unionId);
    if (!policy.canClose(closer))
      throw fail("permissionError", "permissionError:only the host can close the meeting");
    const now = deps.clock.now();
    await tx.updateConference({ ...conf, status: 1, endTime: now });
    for (const m of await tx.listMembers(conf.conferenceId)) {
      if (m.attendStatus === 3)
        await saveMember(tx, caller, "CloseVideoConference", m, endStay(m, 6, now), now);
    }
    await endMediaOnClose(tx, caller, conf, now);
    await recordChange(tx, caller, {
      conferenceId: conf.conferenceId,
      operation: "CloseVideoConference",
      target: unionId,
      before: { status: conf.status },
      after: { status: 1 },
      at: now,
    });
    return { code: 200, cause: "success" };
  });
}
