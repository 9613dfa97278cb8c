import { assert } from "../../errors.js";
import type { ConferenceRow, MemberRow } from "../../store/store.js";
import type { Caller, Deps } from "../deps.js";
import { policy } from "../conferences/policy.js";
import { memberModel } from "../conferences/presenters.js";

/** How many conference ids one QueryConferenceInfoBatch call may name (vconf decision). */
export const BATCH_MAX = 100;

/** mediaStatus of QueryConferenceInfoBatch: 0 normal, 4 forced mute-all. */
export const mediaStatus = (c: ConferenceRow) => (c.muteAll && c.forceMute ? 4 : 0);

const userEntry = (m: MemberRow) => ({
  userId: m.unionId,
  nick: m.userNick,
  attendStatus: m.attendStatus,
  micStatus: m.micStatus,
  cameraStatus: m.cameraStatus,
});

/**
 * `POST /v1.0/conference/videoConferences/query` (QueryConferenceInfoBatch). Answers the conferences of
 * the caller's org among the ids, in request order, duplicates once; ids that are unknown or belong to
 * another org are left out (so another org learns nothing about them).
 */
export async function queryConferenceInfoBatch(deps: Deps, caller: Caller, conferenceIdList: string[]) {
  const ids = [...new Set(conferenceIdList)];
  assert(ids.length <= BATCH_MAX, "paramError", `conferenceIdList has more than ${BATCH_MAX} ids`);
  return deps.store.transaction(
    async (tx) => {
      const infos = [];
      for (const id of ids) {
        const conf = await tx.getConference(id);
        if (!conf || !policy.sameOrg(caller, conf)) continue;
        const members = await tx.listMembers(conf.conferenceId);
        infos.push({
          conferenceId: conf.conferenceId,
          title: conf.title,
          startTime: conf.startTime,
          status: conf.status,
          mediaStatus: mediaStatus(conf),
          userList: members.map(userEntry),
        });
      }
      return { infos };
    },
    { readOnly: true },
  );
}

/**
 * `GET /v1.0/conference/users/lists?unionId=` (QueryUserOnGoingConference): the caller's org's meetings,
 * not ended, in which the user is in the meeting now, with their member model keyed by conferenceId.
 */
export async function queryUserOnGoingConference(deps: Deps, caller: Caller, unionId: string | undefined) {
  assert(unionId, "paramError", "unionId is missing");
  return deps.store.transaction(
    async (tx) => {
      assert(await tx.getUser(unionId), "unknownUserError");
      const onGoingConfIdList: string[] = [];
      const memberModelMap: Record<string, ReturnType<typeof memberModel> & { deviceType?: string }> = {};
      for (const m of await tx.listMembershipsOf(unionId, [3])) {
        const conf = await tx.getConference(m.conferenceId);
        if (!conf || policy.ended(conf) || !policy.sameOrg(caller, conf)) continue;
        onGoingConfIdList.push(conf.conferenceId);
        memberModelMap[conf.conferenceId] = {
          ...memberModel(m),
          ...(m.deviceType !== null ? { deviceType: m.deviceType } : {}),
        };
      }
      return { onGoingConfIdList, memberModelMap };
    },
    { readOnly: true },
  );
}
