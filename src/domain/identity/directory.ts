import { assert } from "../../errors.js";
import type { OrgBody, UserBody } from "../../schemas/identity/directory.js";
import type { Tx } from "../../store/store.js";
import type { Deps } from "../deps.js";

/** The org, or 404 vconf.NotFound. */
export async function existingOrg(tx: Tx, corpId: string) {
  const org = await tx.getOrg(corpId);
  assert(org, "vconf.NotFound", `no org ${corpId}`);
  return org;
}

/** `GET /_vconf/v1/orgs`. */
export async function listOrgs(deps: Deps) {
  return deps.store.transaction(async (tx) => ({ orgs: await tx.listOrgs() }), { readOnly: true });
}

/** `POST /_vconf/v1/orgs`: a new org (409 if the corpId is taken). */
export async function createOrg(deps: Deps, input: OrgBody) {
  return deps.store.transaction(async (tx) => {
    assert(!(await tx.getOrg(input.corpId)), "vconf.AlreadyExists", `org ${input.corpId} exists`);
    const org = { corpId: input.corpId, name: input.name };
    await tx.putOrg(org);
    return org;
  });
}

/**
 * `DELETE /_vconf/v1/orgs/{corpId}`: the org with its users, apps, suite authorizations and tokens.
 * Refused while the org has conferences (they are history other apps may still read): reset the org
 * first (`POST /_vconf/v1/reset {"corpId"}`).
 */
export async function deleteOrg(deps: Deps, corpId: string) {
  return deps.store.transaction(async (tx) => {
    await existingOrg(tx, corpId);
    const n = await tx.countConferences(corpId);
    assert(
      n === 0,
      "vconf.Conflict",
      `org ${corpId} has ${n} conference(s); reset it first: POST /_vconf/v1/reset {"corpId":"${corpId}"}`,
    );
    await tx.deleteOrg(corpId);
    return { success: true };
  });
}

/** `GET /_vconf/v1/orgs/{corpId}/users`. */
export async function listUsers(deps: Deps, corpId: string) {
  return deps.store.transaction(
    async (tx) => {
      await existingOrg(tx, corpId);
      return { users: await tx.listUsers(corpId) };
    },
    { readOnly: true },
  );
}

/** `POST /_vconf/v1/orgs/{corpId}/users`: unionIds are unique across all orgs (409 otherwise). */
export async function createUser(deps: Deps, corpId: string, input: UserBody) {
  return deps.store.transaction(async (tx) => {
    await existingOrg(tx, corpId);
    const other = await tx.getUser(input.unionId);
    assert(!other, "vconf.AlreadyExists", `user ${input.unionId} exists in org ${other?.corpId}`);
    const user = { unionId: input.unionId, corpId, userId: input.userId, name: input.name };
    await tx.putUser(user);
    return user;
  });
}

/**
 * `DELETE /_vconf/v1/users/{unionId}`: later calls naming the user answer unknownUserError; the
 * memberships already recorded stay (they are the conferences' history).
 */
export async function deleteUser(deps: Deps, unionId: string) {
  return deps.store.transaction(async (tx) => {
    assert(await tx.getUser(unionId), "vconf.NotFound", `no user ${unionId}`);
    await tx.deleteUser(unionId);
    return { success: true };
  });
}
