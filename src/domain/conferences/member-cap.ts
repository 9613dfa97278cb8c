import { paramsError } from "../../errors.js";
import type { Tx } from "../../store/store.js";
import type { Deps } from "../deps.js";

/**
 * Refuses a call that would give a conference more than `deps.maxMembers` member rows (every member
 * counts, left and kicked ones too: the list DingTalk's members query pages through). Call it inside the
 * transaction, after the conference row is locked, so concurrent adds cannot both pass the count.
 */
export async function assertRoomForMembers(tx: Tx, deps: Deps, conferenceId: string, adding: number) {
  if (adding === 0) return;
  const current = await tx.countMembers(conferenceId);
  if (current + adding > deps.maxMembers) throw memberLimit(deps);
}

/** `error:member limit <n> reached`: the endpoint's paramsError. */
export const memberLimit = (deps: Deps) => paramsError(`member limit ${deps.maxMembers} reached`);
