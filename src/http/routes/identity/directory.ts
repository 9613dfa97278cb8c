import type { Deps } from "../../../domain/deps.js";
import {
  createOrg,
  createUser,
  deleteOrg,
  deleteUser,
  listOrgs,
  listUsers,
} from "../../../domain/identity/directory.js";
import { responses } from "../../../schemas/common.js";
import { Done } from "../../../schemas/emulator/control.js";
import {
  CorpParams,
  Org,
  OrgBody,
  OrgsReply,
  UnionParams,
  User,
  UserBody,
  UsersReply,
} from "../../../schemas/identity/directory.js";
import { CONTROL, ctl } from "../../../schemas/paths.js";
import type { App } from "../../types.js";

const tags = ["control plane: directory"];

/** Orgs and their users (control plane). */
export function directoryRoutes(app: App, deps: Deps) {
  app.get(
    `${CONTROL}/orgs`,
    { schema: { tags, summary: "List orgs", response: responses(OrgsReply) }, config: ctl("vconf.ListOrgs") },
    () => listOrgs(deps),
  );
  app.post(
    `${CONTROL}/orgs`,
    {
      schema: { tags, summary: "Create an org", body: OrgBody, response: responses(Org) },
      config: { ...ctl("vconf.CreateOrg"), errors: ["vconf.AlreadyExists"] },
    },
    (req) => createOrg(deps, req.body),
  );
  app.delete(
    `${CONTROL}/orgs/:corpId`,
    {
      schema: {
        tags,
        summary: "Delete an org with its users, apps and tokens (refused while it has conferences)",
        params: CorpParams,
        response: responses(Done),
      },
      config: { ...ctl("vconf.DeleteOrg"), errors: ["vconf.NotFound", "vconf.Conflict"] },
    },
    (req) => deleteOrg(deps, req.params.corpId),
  );
  app.get(
    `${CONTROL}/orgs/:corpId/users`,
    {
      schema: { tags, summary: "List an org's users", params: CorpParams, response: responses(UsersReply) },
      config: { ...ctl("vconf.ListUsers"), errors: ["vconf.NotFound"] },
    },
    (req) => listUsers(deps, req.params.corpId),
  );
  app.post(
    `${CONTROL}/orgs/:corpId/users`,
    {
      schema: {
        tags,
        summary: "Add a user to an org (unionIds are unique across orgs)",
        params: CorpParams,
        body: UserBody,
        response: responses(User),
      },
      config: { ...ctl("vconf.CreateUser"), errors: ["vconf.NotFound", "vconf.AlreadyExists"] },
    },
    (req) => createUser(deps, req.params.corpId, req.body),
  );
  app.delete(
    `${CONTROL}/users/:unionId`,
    {
      schema: { tags, summary: "Delete a user", params: UnionParams, response: responses(Done) },
      config: { ...ctl("vconf.DeleteUser"), errors: ["vconf.NotFound"] },
    },
    (req) => deleteUser(deps, req.params.unionId),
  );
}
