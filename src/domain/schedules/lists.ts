import { assert, type ErrorCode } from "../../errors.js";
import type { PageQuery } from "../../schemas/schedules.js";
import type { Caller, Deps } from "../deps.js";

/** Paging of the section-2 lists (spec-more section 0): offset tokens, 1–100 per page, 20 by default. */
function page(query: PageQuery, code: ErrorCode): { offset: number; limit: number } {
  const int = (raw: string | undefined, dflt: number, min: number, max: number, name: string) => {
    if (raw === undefined || raw === "") return dflt;
    const n = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
    assert(n >= min && n <= max, code, `${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  return {
    offset: int(query.nextToken, 0, 0, Number.MAX_SAFE_INTEGER, "nextToken"),
    limit: int(query.maxResults, 20, 1, 100, "maxResults"),
  };
}

/**
 * `GET /v1.0/conference/videoConferences/scheduleConferences/{id}` (QueryScheduleConferenceInfo): as
 * documented, only the booking's latest instance; `nextToken` always `""`.
 */
export async function queryScheduleConferenceInfo(deps: Deps, caller: Caller, id: string, query: PageQuery) {
  assert(id, "paramsError", "scheduleConferenceId is missing");
  page(query, "paramsError");
  return deps.store.transaction(
    async (tx) => {
      const bk = await tx.getBooking(id);
      assert(bk && bk.corpId === caller.corpId, "invalidScheduleConferenceId");
      const c = await tx.getConference(bk.instances[bk.instances.length - 1]);
      assert(c, "invalidScheduleConferenceId");
      const item = {
        conferenceId: c.conferenceId,
        title: c.title,
        roomCode: c.roomCode,
        status: c.status,
        startTime: c.startTime,
        ...(c.status === 1 && c.endTime !== null ? { endTime: c.endTime } : {}),
      };
      return { conferenceList: [item], nextToken: "", totalCount: 1 };
    },
    { readOnly: true },
  );
}

/** `GET /v1.0/conference/roomCodes/{roomCode}/infos` (QueryConferenceInfoByRoomCode): every instance. */
export async function queryConferenceInfoByRoomCode(
  deps: Deps,
  caller: Caller,
  roomCode: string,
  query: PageQuery,
) {
  const code = roomCode.replaceAll(" ", "");
  assert(code, "missingRoomCode");
  const { offset, limit } = page(query, "paramError");
  return deps.store.transaction(
    async (tx) => {
      const all = await tx.listConferencesByRoomCode(code);
      assert(all.length > 0, "invalidRoomCode");
      assert(all[0].corpId === caller.corpId, "noPermission");
      const rows = all.slice(offset, offset + limit);
      const creators = await tx.getUsers([...new Set(rows.map((c) => c.creatorId))]);
      const conferenceList = rows.map((c) => {
        const ended = c.status === 1 && c.endTime !== null;
        return {
          conferenceId: c.conferenceId,
          title: c.title,
          roomCode: c.roomCode,
          externalLinkUrl: c.externalLinkUrl,
          creatorId: c.creatorId,
          creatorNick: creators.get(c.creatorId)?.name ?? "",
          scheduleConferenceId: c.scheduleConferenceId,
          bizType: c.scheduleConferenceId ? "3" : "0",
          status: c.status,
          startTime: c.startTime,
          ...(ended ? { endTime: c.endTime!, confDuration: c.endTime! - c.startTime } : {}),
        };
      });
      const next = offset + rows.length;
      const hasMore = next < all.length;
      return {
        conferenceList,
        hasMore,
        ...(hasMore ? { nextToken: String(next) } : {}),
        totalCount: all.length,
      };
    },
    { readOnly: true },
  );
}

/**
 * `GET /v1.0/conference/orgConferences` (QueryOrgConferenceList): the token's org's meetings in progress
 * (instant and scheduled; pending instances are not in progress), oldest first, paged. No `endTime`: a
 * live meeting has none in vconf.
 */
export async function queryOrgConferenceList(deps: Deps, caller: Caller, query: PageQuery) {
  const { offset, limit } = page(query, "paramError");
  return deps.store.transaction(
    async (tx) => {
      const totalCount = await tx.countLiveConferences(caller.corpId);
      const rows = await tx.listLiveConferences(caller.corpId, offset, limit);
      const creators = await tx.getUsers([...new Set(rows.map((c) => c.creatorId))]);
      const onGoingConfList = rows.map((c) => ({
        conferenceId: c.conferenceId,
        title: c.title,
        roomCode: c.roomCode,
        creatorId: c.creatorId,
        creatorNick: creators.get(c.creatorId)?.name ?? "",
        bizType: c.scheduleConferenceId ? "3" : "0",
        status: c.status,
        startTime: c.startTime,
      }));
      const next = offset + rows.length;
      const hasMore = next < totalCount;
      return { onGoingConfList, hasMore, ...(hasMore ? { nextToken: String(next) } : {}), totalCount };
    },
    { readOnly: true },
  );
}
