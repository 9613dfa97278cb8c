import { assert } from "../errors.js";
import type { TokenBody } from "../schemas/emulator/control.js";
import type { Deps } from "../domain/deps.js";
import { issueNewToken, TOKEN_LIFETIME_S } from "../domain/identity/tokens.js";

/**
 * `POST /_vconf/v1/tokens`: what the token endpoints would give, without the secret. For an internal
 * app it is a new token (the derived one needs the secret); every earlier token stays valid.
 */
export async function issueTokenForAdmin(deps: Deps, body: TokenBody) {
  assert(body.appKey || (body.suiteKey && body.corpId), "paramsError", "give appKey, or suiteKey and corpId");
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    if (body.appKey !== undefined) {
      const app = await tx.getApp(body.appKey);
      assert(app, "vconf.NotFound", `no app ${body.appKey}`);
      return {
        accessToken: await issueNewToken(tx, app.corpId, app.appKey, "app", app.scopes, now),
        expireIn: TOKEN_LIFETIME_S,
      };
    }
    const suite = body.suiteKey === undefined ? undefined : await tx.getSuite(body.suiteKey);
    assert(suite, "vconf.NotFound", `no suite ${body.suiteKey}`);
    assert(body.corpId && (await tx.isSuiteAuthorized(suite.suiteKey, body.corpId)), "invalidAuthInfo");
    const token = await issueNewToken(tx, body.corpId, suite.suiteKey, "suite", suite.scopes, now);
    return { accessToken: token, expireIn: TOKEN_LIFETIME_S };
  });
}
