import { assert } from "../errors.js";
import type { Deps } from "../domain/deps.js";

/** Drops conferences, members, change log and tokens (all, or one org's); keeps orgs, users, apps. */
export async function resetState(deps: Deps, corpId?: string) {
  return deps.store.transaction(async (tx) => {
    assert(corpId === undefined || (await tx.getOrg(corpId)), "vconf.NotFound", `no org ${corpId}`);
    await tx.reset(corpId);
    return { success: true };
  });
}

/** The change log of one conference, oldest first. */
export async function conferenceAudit(deps: Deps, conferenceId: string) {
  return deps.store.transaction(
    async (tx) => {
      assert(await tx.getConference(conferenceId), "vconf.NotFound", `no conference ${conferenceId}`);
      const entries = (await tx.listChanges(conferenceId)).map(({ conferenceId: _c, ...e }) => e);
      return { entries };
    },
    { readOnly: true },
  );
}
