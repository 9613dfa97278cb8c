import { assert } from "../../errors.js";
import type { MembersQuery } from "../../schemas/conferences.js";
import type { Caller, Deps } from "../deps.js";
import { readableConference } from "./policy.js";
import { confInfo, countMembers } from "./presenters.js";

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
 * `GET …/{id}/members` (QueryConferenceMembers), as the JSON text of its reply (`MembersReply`, keys in the
 * order its serializer wrote them: required, then optional): the store renders the page (`Tx.memberPage`), so a page of 500 costs one statement
 * and no object per member. `nextToken` is the decimal offset of the next page; it is absent on the last page.
 */
export async function queryConferenceMembers(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  query: MembersQuery,
): Promise<string> {
  const offset = parseQueryInt(query.nextToken, 0, 0, Number.MAX_SAFE_INTEGER, "nextToken");
  const limit = parseQueryInt(query.maxResults, MAX_RESULTS_DEFAULT, 1, MAX_RESULTS_LIMIT, "maxResults");
  return deps.store.transaction(
    async (tx) => {
      const conf = await readableConference(tx, caller, conferenceId);
      const { total, models } = await tx.memberPage(conf.conferenceId, offset, limit);
      // The page holds the members offset… of the same snapshot that counted them.
      const next = offset + Math.min(limit, Math.max(0, total - offset));
      const nextToken = next < total ? `,"nextToken":"${next}"` : "";
      return `{"memberModels":${models},"totalCount":${total}${nextToken}}`;
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
  assert(n >= min && n <= max, "paramError", `${name} must be an integer from ${min} to ${max}`);
  return n;
}
