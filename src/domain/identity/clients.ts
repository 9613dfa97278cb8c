import { randomBytes } from "node:crypto";
import { assert } from "../../errors.js";
import type { AppBody, RotateBody, ScopesBody, SuiteBody } from "../../schemas/identity/directory.js";
import type { AppRow, SuiteRow, Tx } from "../../store/store.js";
import type { Deps } from "../deps.js";
import { existingOrg } from "./directory.js";
import { hashSecret, randomHex } from "./secrets.js";

/**
 * Internal apps and third-party suites on the control plane. Secrets are returned once, when created or
 * rotated, and stored only as hashes. Scope changes apply at once to tokens already issued (`authenticate`
 * reads the current scopes); deleting an app or suite drops its tokens.
 */

const newSecret = () => randomBytes(32).toString("base64url");

function applyScopes(current: string[], change: ScopesBody): string[] {
  const grant = change.grant ?? [];
  const revoke = new Set(change.revoke ?? []);
  const both = grant.find((s) => revoke.has(s));
  assert(!both, "paramsError", `scope ${both} is both granted and revoked`);
  return [...new Set([...current, ...grant])].filter((s) => !revoke.has(s));
}

/** App and suite keys share the token endpoints' `client_id`, so one key names one client. */
async function assertKeyFree(tx: Tx, key: string) {
  assert(
    !(await tx.getApp(key)) && !(await tx.getSuite(key)),
    "vconf.AlreadyExists",
    `an app or suite ${key} exists`,
  );
}

async function existingApp(tx: Tx, appKey: string): Promise<AppRow> {
  const app = await tx.getApp(appKey);
  assert(app, "vconf.NotFound", `no app ${appKey}`);
  return app;
}

async function existingSuite(tx: Tx, suiteKey: string): Promise<SuiteRow> {
  const suite = await tx.getSuite(suiteKey);
  assert(suite, "vconf.NotFound", `no suite ${suiteKey}`);
  return suite;
}

const appView = (a: AppRow) => ({ appKey: a.appKey, corpId: a.corpId, scopes: a.scopes });

/** `GET /_vconf/v1/orgs/{corpId}/apps` (no secrets). */
export async function listApps(deps: Deps, corpId: string) {
  return deps.store.transaction(
    async (tx) => {
      await existingOrg(tx, corpId);
      return { apps: (await tx.listApps(corpId)).map(appView) };
    },
    { readOnly: true },
  );
}

/** `POST /_vconf/v1/orgs/{corpId}/apps`: key and secret are generated unless given; the secret is shown once. */
export async function createApp(deps: Deps, corpId: string, input: AppBody) {
  return deps.store.transaction(async (tx) => {
    await existingOrg(tx, corpId);
    const appKey = input.appKey ?? `ding${randomHex(8)}`;
    await assertKeyFree(tx, appKey);
    const appSecret = input.appSecret ?? newSecret();
    const row: AppRow = {
      appKey,
      corpId,
      secretHash: hashSecret(appSecret),
      scopes: [...new Set(input.scopes ?? [])],
      tokenNonce: null,
      tokenExpiresAt: 0,
    };
    await tx.putApp(row);
    return { ...appView(row), appSecret };
  });
}

/** `DELETE /_vconf/v1/apps/{appKey}`: its tokens stop working at once. */
export async function deleteApp(deps: Deps, appKey: string) {
  return deps.store.transaction(async (tx) => {
    await existingApp(tx, appKey);
    await tx.deleteApp(appKey);
    return { success: true };
  });
}

/** `POST /_vconf/v1/apps/{appKey}/scopes`: grant and revoke; tokens already issued follow. */
export async function changeAppScopes(deps: Deps, appKey: string, change: ScopesBody) {
  return deps.store.transaction(async (tx) => {
    const app = await existingApp(tx, appKey);
    const next = { ...app, scopes: applyScopes(app.scopes, change) };
    await tx.putApp(next);
    return appView(next);
  });
}

/**
 * `POST /_vconf/v1/apps/{appKey}/rotate-secret`: a new secret, returned once. Tokens already issued stay
 * valid until they expire, unless `revokeTokens`.
 */
export async function rotateAppSecret(deps: Deps, appKey: string, opts: RotateBody) {
  return deps.store.transaction(async (tx) => {
    const app = await existingApp(tx, appKey);
    const appSecret = newSecret();
    const revoke = opts.revokeTokens === true;
    await tx.putApp({
      ...app,
      secretHash: hashSecret(appSecret),
      ...(revoke ? { tokenNonce: null, tokenExpiresAt: 0 } : {}),
    });
    if (revoke) await tx.deleteTokensOf(appKey);
    return { appKey, appSecret };
  });
}

async function suiteView(tx: Tx, s: SuiteRow) {
  return { suiteKey: s.suiteKey, scopes: s.scopes, authorizedCorps: await tx.listSuiteAuths(s.suiteKey) };
}

/** `GET /_vconf/v1/suites` (no secrets). */
export async function listSuites(deps: Deps) {
  return deps.store.transaction(
    async (tx) => {
      const suites = [];
      for (const s of await tx.listSuites()) suites.push(await suiteView(tx, s));
      return { suites };
    },
    { readOnly: true },
  );
}

/** `POST /_vconf/v1/suites`: key, secret and ticket generated unless given; secret and ticket shown once. */
export async function createSuite(deps: Deps, input: SuiteBody) {
  return deps.store.transaction(async (tx) => {
    const suiteKey = input.suiteKey ?? `suite${randomHex(8)}`;
    await assertKeyFree(tx, suiteKey);
    const suiteSecret = input.suiteSecret ?? newSecret();
    const suiteTicket = input.suiteTicket ?? newSecret();
    const row: SuiteRow = {
      suiteKey,
      secretHash: hashSecret(suiteSecret),
      ticketHash: hashSecret(suiteTicket),
      scopes: [...new Set(input.scopes ?? [])],
    };
    await tx.putSuite(row);
    return { ...(await suiteView(tx, row)), suiteSecret, suiteTicket };
  });
}

/** `DELETE /_vconf/v1/suites/{suiteKey}`: with its authorizations and tokens. */
export async function deleteSuite(deps: Deps, suiteKey: string) {
  return deps.store.transaction(async (tx) => {
    await existingSuite(tx, suiteKey);
    await tx.deleteSuite(suiteKey);
    return { success: true };
  });
}

/** `POST /_vconf/v1/suites/{suiteKey}/scopes`. */
export async function changeSuiteScopes(deps: Deps, suiteKey: string, change: ScopesBody) {
  return deps.store.transaction(async (tx) => {
    const suite = await existingSuite(tx, suiteKey);
    const next = { ...suite, scopes: applyScopes(suite.scopes, change) };
    await tx.putSuite(next);
    return suiteView(tx, next);
  });
}

/** `POST /_vconf/v1/suites/{suiteKey}/rotate-secret`: like an app's. */
export async function rotateSuiteSecret(deps: Deps, suiteKey: string, opts: RotateBody) {
  return deps.store.transaction(async (tx) => {
    const suite = await existingSuite(tx, suiteKey);
    const suiteSecret = newSecret();
    await tx.putSuite({ ...suite, secretHash: hashSecret(suiteSecret) });
    if (opts.revokeTokens === true) await tx.deleteTokensOf(suiteKey);
    return { suiteKey, suiteSecret };
  });
}

/** `POST /_vconf/v1/suites/{suiteKey}/authorizations`: the org installs the suite (idempotent). */
export async function authorizeSuite(deps: Deps, suiteKey: string, corpId: string) {
  return deps.store.transaction(async (tx) => {
    const suite = await existingSuite(tx, suiteKey);
    await existingOrg(tx, corpId);
    await tx.authorizeSuite(suiteKey, corpId);
    return suiteView(tx, suite);
  });
}

/** `DELETE /_vconf/v1/suites/{suiteKey}/authorizations/{corpId}`: the suite's tokens for that org stop working. */
export async function deauthorizeSuite(deps: Deps, suiteKey: string, corpId: string) {
  return deps.store.transaction(async (tx) => {
    const suite = await existingSuite(tx, suiteKey);
    assert(
      await tx.isSuiteAuthorized(suiteKey, corpId),
      "vconf.NotFound",
      `suite ${suiteKey} is not authorized by ${corpId}`,
    );
    await tx.deauthorizeSuite(suiteKey, corpId);
    return suiteView(tx, suite);
  });
}
