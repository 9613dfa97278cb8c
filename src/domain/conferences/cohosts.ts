import { assert } from "../../errors.js";
import type { CohostsBody } from "../../schemas/conferences.js";
import type { Caller, Deps } from "../deps.js";
import { saveMember } from "./change-log.js";
import { newMember } from "./members.js";
import { assertRoomForMembers } from "./member-cap.js";
import { policy, writableConference } from "./policy.js";

/**
 * `POST …/{id}/coHosts/set` (Cohosts), page `set-up-co-hosts`. Atomic: an unknown unionId, the host in an
 * `add`, or going over the co-host cap changes nothing. Adding a co-host or removing a non-co-host is a
 * no-op. A target who is not yet a member is added as invited, holding the role when they join.
 */
export async function setCoHosts(deps: Deps, caller: Caller, conferenceId: string, body: CohostsBody) {
  const action = body.action;
  const unionIds = [...new Set(body.userList.map((u) => u.unionId))];
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const users = await tx.getUsers(unionIds);
    assert(users.size === unionIds.length, "unknownUserError");
    const now = deps.clock.now();
    const members = new Map(
      await Promise.all(unionIds.map(async (id) => [id, await tx.getMember(conf.conferenceId, id)] as const)),
    );

    if (action === "add") {
      assert(
        unionIds.every((id) => policy.canBeCoHost(members.get(id))),
        "paramsError",
        "the host cannot be a co-host",
      );
      const adding = unionIds.filter((id) => !policy.isCoHost(members.get(id)));
      if (adding.length === 0) return { success: true };
      const current = await tx.countCoHosts(conf.conferenceId);
      assert(
        current + adding.length <= deps.maxCoHosts,
        "paramsError",
        `co-host limit ${deps.maxCoHosts} reached`,
      );
      await assertRoomForMembers(tx, deps, conf.conferenceId, adding.filter((id) => !members.get(id)).length);
      for (const id of adding) {
        const before = members.get(id);
        const after = before ?? newMember(conf, users.get(id)!);
        await saveMember(tx, caller, "Cohosts", before, { ...after, coHost: true, coHostSince: now }, now);
      }
    } else {
      for (const id of unionIds) {
        const before = members.get(id);
        if (!policy.isCoHost(before)) continue;
        await saveMember(
          tx,
          caller,
          "Cohosts",
          before,
          { ...before!, coHost: false, coHostSince: null },
          now,
        );
      }
    }
    return { success: true };
  });
}
