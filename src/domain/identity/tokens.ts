import { fail, missingParameter } from "../../errors.js";
import type { Tx } from "../../store/store.js";
import { type Caller, type Deps, TOKEN_LIFETIME_S } from "../deps.js";
import { deriveAppToken, hashToken, randomHex, verifySecret } from "./secrets.js";

const LIFE_MS = TOKEN_LIFETIME_S * 1000;

function required(body: Record<string, unknown>, names: string[]): void {
  for (const n of names) {
    if (typeof body[n] !== "string" || body[n] === "") throw missingParameter(n);
  }
}

/**
 * The internal app's token: the same token while it is valid (its life extended), else a new one.
 * https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app
 */
async function issueAppToken(tx: Tx, appKey: string, secret: string, now: number): Promise<string> {
  const app = (await tx.getApp(appKey))!;
  const current = app.tokenNonce && app.tokenExpiresAt > now ? deriveAppToken(secret, app.tokenNonce) : null;
  const valid = current && (await tx.getToken(hashToken(current)));
  const nonce = valid ? app.tokenNonce! : randomHex(16);
  const token = deriveAppToken(secret, nonce);
  const expiresAt = now + LIFE_MS;
  await tx.putApp({ ...app, tokenNonce: nonce, tokenExpiresAt: expiresAt });
  await tx.putToken({
    tokenHash: hashToken(token),
    corpId: app.corpId,
    clientKey: app.appKey,
    kind: "app",
    scopes: app.scopes,
    expiresAt,
  });
  return token;
}

/** A fresh random token for `clientKey` acting in `corpId`; earlier ones stay valid until they expire. */
async function issueNewToken(
  tx: Tx,
  corpId: string,
  clientKey: string,
  kind: "app" | "suite",
  scopes: string[],
  now: number,
) {
  const token = randomHex(16);
  await tx.putToken({
    tokenHash: hashToken(token),
    corpId,
    clientKey,
    kind,
    scopes,
    expiresAt: now + LIFE_MS,
  });
  return token;
}

/** `POST /v1.0/oauth2/accessToken` (GetAccessToken). */
export async function getAccessToken(deps: Deps, body: Record<string, unknown>) {
  required(body, ["appKey", "appSecret"]);
  const { appKey, appSecret } = body as { appKey: string; appSecret: string };
  return deps.store.transaction(async (tx) => {
    const app = await tx.getApp(appKey);
    if (!app || !verifySecret(appSecret, app.secretHash)) throw fail("invalidClientIdOrSecret");
    const accessToken = await issueAppToken(tx, appKey, appSecret, deps.clock.now());
    return { accessToken, expireIn: TOKEN_LIFETIME_S };
  });
}

/** `POST /v1.0/oauth2/corpAccessToken` (GetCorpAccessToken): a third-party app acting for an org. */
export async function getCorpAccessToken(deps: Deps, body: Record<string, unknown>) {
  required(body, ["suiteKey", "suiteSecret", "authCorpId", "suiteTicket"]);
  const { suiteKey, suiteSecret, authCorpId, suiteTicket } = body as Record<string, string>;
  return deps.store.transaction(async (tx) => {
    const suite = await tx.getSuite(suiteKey);
    if (!suite || !verifySecret(suiteSecret, suite.secretHash)) throw fail("invalidSuiteKey");
    if (!verifySecret(suiteTicket, suite.ticketHash)) throw fail("invalidSuiteTicket");
    if (!(await tx.isSuiteAuthorized(suiteKey, authCorpId))) throw fail("invalidAuthInfo");
    const accessToken = await issueNewToken(
      tx,
      authCorpId,
      suiteKey,
      "suite",
      suite.scopes,
      deps.clock.now(),
    );
    return { accessToken, expireIn: TOKEN_LIFETIME_S };
  });
}

/** `POST /v1.0/oauth2/{corpId}/token` (GetToken): client credentials of an internal app or a suite. */
export async function getToken(deps: Deps, corpId: string, body: Record<string, unknown>) {
  required(body, ["client_id", "client_secret", "grant_type"]);
  const { client_id, client_secret, grant_type } = body as Record<string, string>;
  if (grant_type !== "client_credentials") throw fail("unsupported.grant.type");
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const app = await tx.getApp(client_id);
    if (app) {
      if (!verifySecret(client_secret, app.secretHash)) throw fail("invalid.client");
      if (app.corpId !== corpId) throw fail("unauthorized.client");
      return {
        access_token: await issueAppToken(tx, client_id, client_secret, now),
        expires_in: TOKEN_LIFETIME_S,
      };
    }
    const suite = await tx.getSuite(client_id);
    if (!suite || !verifySecret(client_secret, suite.secretHash)) throw fail("invalid.client");
    if (!(await tx.isSuiteAuthorized(client_id, corpId))) throw fail("unauthorized.client");
    const token = await issueNewToken(tx, corpId, client_id, "suite", suite.scopes, now);
    return { access_token: token, expires_in: TOKEN_LIFETIME_S };
  });
}

/**
 * The control plane's token: what the token endpoints would give, without the secret. For an internal
 * app it is a new token (the derived one needs the secret); every earlier token stays valid.
 */
export async function issueTokenForAdmin(
  deps: Deps,
  body: { appKey?: string; suiteKey?: string; corpId?: string },
) {
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    if (body.appKey !== undefined) {
      const app = await tx.getApp(body.appKey);
      if (!app) throw fail("vconf.NotFound", `no app ${body.appKey}`);
      return {
        accessToken: await issueNewToken(tx, app.corpId, app.appKey, "app", app.scopes, now),
        expireIn: TOKEN_LIFETIME_S,
      };
    }
    const suite = body.suiteKey === undefined ? undefined : await tx.getSuite(body.suiteKey);
    if (!suite) throw fail("vconf.NotFound", `no suite ${body.suiteKey}`);
    if (!body.corpId || !(await tx.isSuiteAuthorized(suite.suiteKey, body.corpId))) {
      throw fail("invalidAuthInfo");
    }
    const token = await issueNewToken(tx, body.corpId, suite.suiteKey, "suite", suite.scopes, now);
    return { accessToken: token, expireIn: TOKEN_LIFETIME_S };
  });
}

/**
 * The caller behind an access token, or InvalidAuthentication. The scopes are the app's (or suite's)
 * current ones, so a grant or revoke on the control plane applies to tokens already issued; a token
 * whose app was deleted, or whose suite lost the org's authorization, is no longer valid. What a store
 * keeps in memory (`Store.cachedAuth`) spares the transaction; a missing or expired-looking entry is
 * resolved again, since the token may have been re-issued with a later expiry.
 */
export async function authenticate(deps: Deps, token: string): Promise<Caller> {
  const hash = hashToken(token);
  const cached = deps.store.cachedAuth?.(hash);
  if (cached && cached.expiresAt > deps.clock.now()) {
    return { corpId: cached.corpId, clientKey: cached.clientKey, kind: cached.kind, scopes: cached.scopes };
  }
  const caller = await deps.store.transaction(
    async (tx): Promise<Caller | undefined> => {
      const row = await tx.getToken(hash);
      if (!row || row.expiresAt <= deps.clock.now()) return undefined;
      let caller: Caller | undefined;
      if (row.kind === "app") {
        const app = await tx.getApp(row.clientKey);
        caller = app && { corpId: row.corpId, clientKey: row.clientKey, kind: row.kind, scopes: app.scopes };
      } else {
        const suite = await tx.getSuite(row.clientKey);
        if (suite && (await tx.isSuiteAuthorized(suite.suiteKey, row.corpId))) {
          caller = { corpId: row.corpId, clientKey: row.clientKey, kind: row.kind, scopes: suite.scopes };
        }
      }
      if (caller) tx.rememberAuth?.(hash, { ...caller, expiresAt: row.expiresAt });
      return caller;
    },
    { readOnly: true },
  );
  if (!caller) throw fail("InvalidAuthentication");
  return caller;
}
