import { assert } from "../../errors.js";
import type { Caller, Deps } from "../deps.js";
import { recordChange, saveMember } from "./change-log.js";
import { endStay } from "./members.js";
import { policy, writableConference } from "./policy.js";
import { endMediaOnClose } from "../recordings/cloud-record.js";
import { endStreamsOnClose } from "../streams/stream-out.js";

/** `DELETE …/{id}?unionId=` (CloseVideoConference): only the host may close. */
export async function closeVideoConference(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  unionId?: string,
) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId, "resourceClose");
    assert(unionId, "paramsError", "unionId is missing");
    assert(await tx.getUser(unionId), "unknownUserError");
    const closer = await tx.getMember(conf.conferenceId, unionId);
    assert(policy.canClose(closer), "permissionError", "only the host can close the meeting");
    const now = deps.clock.now();
    await tx.updateConference({ ...conf, status: 1, endTime: now });
    for (const m of await tx.listMembers(conf.conferenceId)) {
      if (m.attendStatus === 3)
        await saveMember(tx, caller, "CloseVideoConference", m, endStay(m, 6, now), now);
    }
    await endMediaOnClose(tx, caller, conf, now);
    await endStreamsOnClose(tx, caller, conf.conferenceId, now);
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
