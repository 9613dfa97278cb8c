import {
  authorizeSuite,
  changeAppScopes,
  changeSuiteScopes,
  createApp,
  createSuite,
  deauthorizeSuite,
  deleteApp,
  deleteSuite,
  listApps,
  listSuites,
  rotateAppSecret,
  rotateSuiteSecret,
} from "../../../domain/identity/clients.js";
import type { Deps } from "../../../domain/deps.js";
import { responses } from "../../../schemas/common.js";
import { Done } from "../../../schemas/emulator/control.js";
import {
  AppBody,
  AppCreated,
  AppParams,
  AppSecretReply,
  AppsReply,
  AppView,
  AuthorizeBody,
  CorpParams,
  RotateBody,
  ScopesBody,
  SuiteAuthParams,
  SuiteBody,
  SuiteCreated,
  SuiteParams,
  SuiteSecretReply,
  SuitesReply,
  SuiteView,
} from "../../../schemas/identity/directory.js";
import { CONTROL, ctl } from "../../../schemas/paths.js";
import type { App } from "../../types.js";

const tags = ["control plane: apps and suites"];

/** Internal apps and third-party suites: create, delete, scopes, secrets, authorizations. */
export function clientRoutes(app: App, deps: Deps) {
  app.get(
    `${CONTROL}/orgs/:corpId/apps`,
    {
      schema: {
        tags,
        summary: "List an org's internal apps",
        params: CorpParams,
        response: responses(AppsReply),
      },
      config: { ...ctl("vconf.ListApps"), errors: ["vconf.NotFound"] },
    },
    (req) => listApps(deps, req.params.corpId),
  );
  app.post(
    `${CONTROL}/orgs/:corpId/apps`,
    {
      schema: {
        tags,
        summary: "Create an internal app (the secret is returned only now)",
        params: CorpParams,
        body: AppBody,
        response: responses(AppCreated),
      },
      config: { ...ctl("vconf.CreateApp"), errors: ["vconf.NotFound", "vconf.AlreadyExists"] },
    },
    (req) => createApp(deps, req.params.corpId, req.body),
  );
  app.delete(
    `${CONTROL}/apps/:appKey`,
    {
      schema: { tags, summary: "Delete an app and its tokens", params: AppParams, response: responses(Done) },
      config: { ...ctl("vconf.DeleteApp"), errors: ["vconf.NotFound"] },
    },
    (req) => deleteApp(deps, req.params.appKey),
  );
  app.post(
    `${CONTROL}/apps/:appKey/scopes`,
    {
      schema: {
        tags,
        summary: "Grant and revoke an app's scopes (applies to issued tokens at once)",
        params: AppParams,
        body: ScopesBody,
        response: responses(AppView),
      },
      config: { ...ctl("vconf.AppScopes"), errors: ["vconf.NotFound", "paramsError"] },
    },
    (req) => changeAppScopes(deps, req.params.appKey, req.body),
  );
  app.post(
    `${CONTROL}/apps/:appKey/rotate-secret`,
    {
      schema: {
        tags,
        summary: "Give an app a new secret (returned only now)",
        params: AppParams,
        body: RotateBody,
        response: responses(AppSecretReply),
      },
      config: { ...ctl("vconf.RotateAppSecret"), errors: ["vconf.NotFound"] },
    },
    (req) => rotateAppSecret(deps, req.params.appKey, req.body ?? {}),
  );

  app.get(
    `${CONTROL}/suites`,
    {
      schema: { tags, summary: "List third-party suites", response: responses(SuitesReply) },
      config: ctl("vconf.ListSuites"),
    },
    () => listSuites(deps),
  );
  app.post(
    `${CONTROL}/suites`,
    {
      schema: {
        tags,
        summary: "Create a third-party suite (secret and ticket are returned only now)",
        body: SuiteBody,
        response: responses(SuiteCreated),
      },
      config: { ...ctl("vconf.CreateSuite"), errors: ["vconf.AlreadyExists"] },
    },
    (req) => createSuite(deps, req.body),
  );
  app.delete(
    `${CONTROL}/suites/:suiteKey`,
    {
      schema: {
        tags,
        summary: "Delete a suite, its authorizations and tokens",
        params: SuiteParams,
        response: responses(Done),
      },
      config: { ...ctl("vconf.DeleteSuite"), errors: ["vconf.NotFound"] },
    },
    (req) => deleteSuite(deps, req.params.suiteKey),
  );
  app.post(
    `${CONTROL}/suites/:suiteKey/scopes`,
    {
      schema: {
        tags,
        summary: "Grant and revoke a suite's scopes (applies to issued tokens at once)",
        params: SuiteParams,
        body: ScopesBody,
        response: responses(SuiteView),
      },
      config: { ...ctl("vconf.SuiteScopes"), errors: ["vconf.NotFound", "paramsError"] },
    },
    (req) => changeSuiteScopes(deps, req.params.suiteKey, req.body),
  );
  app.post(
    `${CONTROL}/suites/:suiteKey/rotate-secret`,
    {
      schema: {
        tags,
        summary: "Give a suite a new secret (returned only now)",
        params: SuiteParams,
        body: RotateBody,
        response: responses(SuiteSecretReply),
      },
      config: { ...ctl("vconf.RotateSuiteSecret"), errors: ["vconf.NotFound"] },
    },
    (req) => rotateSuiteSecret(deps, req.params.suiteKey, req.body ?? {}),
  );
  app.post(
    `${CONTROL}/suites/:suiteKey/authorizations`,
    {
      schema: {
        tags,
        summary: "An org authorizes (installs) a suite",
        params: SuiteParams,
        body: AuthorizeBody,
        response: responses(SuiteView),
      },
      config: { ...ctl("vconf.AuthorizeSuite"), errors: ["vconf.NotFound"] },
    },
    (req) => authorizeSuite(deps, req.params.suiteKey, req.body.corpId),
  );
  app.delete(
    `${CONTROL}/suites/:suiteKey/authorizations/:corpId`,
    {
      schema: {
        tags,
        summary: "An org withdraws a suite's authorization (its tokens for the org stop working)",
        params: SuiteAuthParams,
        response: responses(SuiteView),
      },
      config: { ...ctl("vconf.DeauthorizeSuite"), errors: ["vconf.NotFound"] },
    },
    (req) => deauthorizeSuite(deps, req.params.suiteKey, req.params.corpId),
  );
}
