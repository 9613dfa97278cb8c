import type { Deps } from "../domain/deps.js";
import { assert } from "../errors.js";
import { MAX_CONFERENCE_PAGE, MAX_MEMBER_PAGE, type ConferencesQuery } from "../schemas/emulator/inspect.js";
import type { ConferenceRow, MemberRow, Tx } from "../store/store.js";

/**
 * Read-only views of the state for the control plane (the console's lists and roster). They show what
 * DingTalk's reads split over several calls and scopes (mic and camera are only in the batch query):
 * an operator's view, not a DingTalk answer, so it lives under `/_vconf/v1`.
 */

/** A page size or offset from the query (the schema checked the digits), bounded. */
function pageOf(limit: string | undefined, nextToken: string | undefined, dflt: number, max: number) {
  const size = limit === undefined ? dflt : Number(limit);
  assert(size >= 1 && size <= max, "paramsError", `limit must be 1 to ${max}`);
  return { offset: nextToken === undefined ? 0 : Number(nextToken), limit: size };
}

async function summary(tx: Tx, c: ConferenceRow) {
  return {
    conferenceId: c.conferenceId,
    corpId: c.corpId,
    title: c.title,
    status: c.status,
    startTime: c.startTime,
    ...(c.endTime !== null ? { endTime: c.endTime } : {}),
    creatorId: c.creatorId,
    creatorApp: c.creatorApp,
    memberCount: await tx.countMembers(c.conferenceId),
    onlineCount: await tx.countMembersWithStatus(c.conferenceId, [3]),
  };
}

/** `GET /_vconf/v1/conferences`: conferences newest first, one org's or all, live or ended or both. */
export async function listConferences(deps: Deps, query: ConferencesQuery) {
  const page = pageOf(query.limit, query.nextToken, 50, MAX_CONFERENCE_PAGE);
  return deps.store.transaction(
    async (tx) => {
      const { corpId } = query;
      assert(corpId === undefined || (await tx.getOrg(corpId)), "vconf.NotFound", `no org ${corpId}`);
      const ended = query.status === undefined ? undefined : query.status === "ended";
      // One more than the page tells whether another page follows, without a count.
      const rows = await tx.listConferences({ corpId: query.corpId, ended, ...page, limit: page.limit + 1 });
      const conferences = [];
      for (const c of rows.slice(0, page.limit)) conferences.push(await summary(tx, c));
      return {
        conferences,
        ...(rows.length > page.limit ? { nextToken: String(page.offset + page.limit) } : {}),
      };
    },
    { readOnly: true },
  );
}

function rosterEntry(m: MemberRow) {
  return {
    unionId: m.unionId,
    userNick: m.userNick,
    host: m.host,
    coHost: m.coHost,
    attendStatus: m.attendStatus,
    micStatus: m.micStatus,
    cameraStatus: m.cameraStatus,
    ...(m.joinTime !== null ? { joinTime: m.joinTime } : {}),
    ...(m.leaveTime !== null ? { leaveTime: m.leaveTime } : {}),
    duration: m.duration,
    ...(m.deviceType !== null ? { deviceType: m.deviceType } : {}),
    outerOrgMember: m.outerOrgMember,
    pstnJoin: m.pstnJoin,
    forbiddenRejoin: m.forbiddenRejoin,
  };
}

/** `GET /_vconf/v1/conferences/{id}`: the conference with its settings and a page of its roster. */
export async function inspectConference(
  deps: Deps,
  conferenceId: string,
  query: { limit?: string; nextToken?: string },
) {
  const page = pageOf(query.limit, query.nextToken, 500, MAX_MEMBER_PAGE);
  return deps.store.transaction(
    async (tx) => {
      const c = await tx.getConference(conferenceId);
      assert(c, "vconf.NotFound", `no conference ${conferenceId}`);
      const members = await tx.listMembers(conferenceId, page.offset, page.limit + 1);
      return {
        conference: {
          ...(await summary(tx, c)),
          roomCode: c.roomCode,
          locked: c.locked,
          muteAll: c.muteAll,
          forceMute: c.forceMute,
          onlyInternal: c.onlyInternal,
          autoTransferHost: c.autoTransferHost,
          forbiddenShareScreen: c.forbiddenShareScreen,
          ...(c.focusUnionId !== null ? { focusUnionId: c.focusUnionId } : {}),
        },
        members: members.slice(0, page.limit).map(rosterEntry),
        ...(members.length > page.limit ? { nextToken: String(page.offset + page.limit) } : {}),
      };
    },
    { readOnly: true },
  );
}
