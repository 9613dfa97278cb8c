import { assert } from "../../errors.js";
import type { Tx } from "../../store/store.js";
import type { Deps } from "../deps.js";

/**
 * Refuses a call that would give a conference more than `deps.maxMembers` member rows (every member
 * counts, left and kicked ones too: the list DingTalk's members query pages through) with
 * `error:member limit <n> reached`. Call it inside the transaction, after the conference row is locked, so
 * concurrent adds cannot both pass the count; `current` skips the count for a conference not yet stored.
 */
export async function assertRoomForMembers(
  tx: Tx,
  deps: Deps,
  conferenceId: string,
  adding: number,
  current?: number,
) {
  if (adding === 0) return;
  const now = current ?? (await tx.countMembers(conferenceId));
  assert(now + adding <= deps.maxMembers, "paramsError", `member limit ${deps.maxMembers} reached`);
}
