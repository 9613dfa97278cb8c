import { assert, missingParameter } from "../../errors.js";
import type {
  GetAccessTokenBody,
  GetCorpAccessTokenBody,
  GetTokenBody,
} from "../../schemas/identity/tokens.js";
import type { AppRow, Tx } from "../../store/store.js";
import type { Caller, Deps } from "../deps.js";
import { deriveAppToken, hashToken, randomHex, verifySecret } from "./secrets.js";

/** How long an access token lives (DingTalk: 7200 s). */
export const TOKEN_LIFETIME_S = 7200;
const LIFE_MS = TOKEN_LIFETIME_S * 1000;

/**
 * The token calls' own answer for a missing field, `Missing<field>` (not in the catalog: the code names
 * the field), checked in the order DingTalk names them.
 */
function required<T extends object, K extends keyof T & string>(body: T, names: K[]): T & Record<K, string> {
  for (const n of names) {
    const v: unknown = body[n];
    if (typeof v !== "string" || v === "") throw missingParameter(n);
  }
  return body as T & Record<K, string>;
}

/** Stored expiries are rounded up to this (ms): calls within one step find their promise already stored. */
const EXPIRY_STEP_MS = 100;

/**
 * When a token issued or extended `now` expires: `now` + 7200 s rounded up to the step, so a token asked
 * for again within the same 100 ms promises nothing the stored expiry does not already hold (no write,
 * no commit), and a token lives at most 0.1 s longer than 7200 s (`expireIn` counts whole seconds).
 */
const expiryFrom = (now: number) => Math.ceil((now + LIFE_MS) / EXPIRY_STEP_MS) * EXPIRY_STEP_MS;

/** The app's token if it is valid and its stored life already covers `now` + 7200 s; else null. */
async function coveredAppToken(tx: Tx, app: AppRow, secret: string, now: number): Promise<string | null> {
  if (!app.tokenNonce || app.tokenExpiresAt < now + LIFE_MS) return null;
  const token = deriveAppToken(secret, app.tokenNonce);
  const row = await tx.getToken(hashToken(token));
  return row && row.expiresAt >= now + LIFE_MS ? token : null;
}

/**
 * The internal app's token: the same token while it is valid (its life extended), else a new one.
 * https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app
 */
async function issueAppToken(tx: Tx, app: AppRow, secret: string, now: number): Promise<string> {
  const current = app.tokenNonce && app.tokenExpiresAt > now ? deriveAppToken(secret, app.tokenNonce) : null;
  const currentHash = current && hashToken(current);
  const valid = currentHash && (await tx.getToken(currentHash));
  // The still valid token is the one derived above: its HMAC and hash are not computed a second time.
  const nonce = valid ? app.tokenNonce! : randomHex(16);
  const token = valid ? current! : deriveAppToken(secret, nonce);
  const expiresAt = expiryFrom(now);
  await tx.putApp({ ...app, tokenNonce: nonce, tokenExpiresAt: expiresAt });
  await tx.putToken({
    tokenHash: valid ? currentHash! : hashToken(token),
    corpId: app.corpId,
    clientKey: app.appKey,
    kind: "app",
    scopes: app.scopes,
    expiresAt,
  });
  return token;
}

/** A fresh random token for `clientKey` acting in `corpId`; earlier ones stay valid until they expire. */
export async function issueNewToken(
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
export async function getAccessToken(deps: Deps, body: GetAccessTokenBody) {
  const { appKey, appSecret } = required(body, ["appKey", "appSecret"]);
  const checkApp = async (tx: Tx) => {
    const app = await tx.getApp(appKey);
    assert(app && verifySecret(appSecret, app.secretHash), "invalidClientIdOrSecret");
    return app;
  };
  // Asked again within the step its life was last extended to: nothing to write (a read, no commit).
  const covered = await deps.store.transaction(
    async (tx) => coveredAppToken(tx, await checkApp(tx), appSecret, deps.clock.now()),
    { readOnly: true },
  );
  if (covered) return { accessToken: covered, expireIn: TOKEN_LIFETIME_S };
  return deps.store.transaction(async (tx) => {
    const accessToken = await issueAppToken(tx, await checkApp(tx), appSecret, deps.clock.now());
    return { accessToken, expireIn: TOKEN_LIFETIME_S };
  });
}

/** `POST /v1.0/oauth2/corpAccessToken` (GetCorpAccessToken): a third-party app acting for an org. */
export async function getCorpAccessToken(deps: Deps, body: GetCorpAccessTokenBody) {
  const { suiteKey, suiteSecret, authCorpId, suiteTicket } = required(body, [
    "suiteKey",
    "suiteSecret",
    "authCorpId",
    "suiteTicket",
  ]);
  return deps.store.transaction(async (tx) => {
    const suite = await tx.getSuite(suiteKey);
    assert(suite && verifySecret(suiteSecret, suite.secretHash), "invalidSuiteKey");
    assert(verifySecret(suiteTicket, suite.ticketHash), "invalidSuiteTicket");
    assert(await tx.isSuiteAuthorized(suiteKey, authCorpId), "invalidAuthInfo");
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
export async function getToken(deps: Deps, corpId: string, body: GetTokenBody) {
  const { client_id, client_secret, grant_type } = required(body, [
    "client_id",
    "client_secret",
    "grant_type",
  ]);
  assert(grant_type === "client_credentials", "unsupported.grant.type");
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const app = await tx.getApp(client_id);
    if (app) {
      assert(verifySecret(client_secret, app.secretHash), "invalid.client");
      assert(app.corpId === corpId, "unauthorized.client");
      return {
        access_token: await issueAppToken(tx, app, client_secret, now),
        expires_in: TOKEN_LIFETIME_S,
      };
    }
    const suite = await tx.getSuite(client_id);
    assert(suite && verifySecret(client_secret, suite.secretHash), "invalid.client");
    assert(await tx.isSuiteAuthorized(client_id, corpId), "unauthorized.client");
    const token = await issueNewToken(tx, corpId, client_id, "suite", suite.scopes, now);
    return { access_token: token, expires_in: TOKEN_LIFETIME_S };
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
  return cachedCaller(deps, hash) ?? resolveCaller(deps, hash);
}

/**
 * The caller the store's memory holds for a token hash, without a transaction; undefined when the store
 * keeps none or the entry looks expired (then `authenticate`'s transaction decides). Synchronous, so the
 * HTTP gateway answers a cached token in the same tick.
 */
export function cachedCaller(deps: Deps, hash: string): Caller | undefined {
  const cached = deps.store.cachedAuth?.(hash);
  if (cached && cached.expiresAt > deps.clock.now()) {
    return { corpId: cached.corpId, clientKey: cached.clientKey, kind: cached.kind, scopes: cached.scopes };
  }
  return undefined;
}

/** The caller behind a token hash, read in a transaction (see `authenticate`). */
export async function resolveCaller(deps: Deps, hash: string): Promise<Caller> {
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
  assert(caller, "InvalidAuthentication");
  return caller;
}
