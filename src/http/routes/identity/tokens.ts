import type { Deps } from "../../../domain/deps.js";
import { getAccessToken, getCorpAccessToken, getToken } from "../../../domain/identity/tokens.js";
import { responses } from "../../../schemas/common.js";
import {
  GetAccessTokenBody,
  GetAccessTokenReply,
  GetCorpAccessTokenBody,
  GetTokenBody,
  GetTokenParams,
  GetTokenReply,
} from "../../../schemas/identity/tokens.js";
import { OAUTH, token } from "../../../schemas/paths.js";
import type { App } from "../../types.js";

/** The token endpoints (oauth2_1_0). */
export function oauthRoutes(app: App, deps: Deps) {
  const tags = ["oauth2"];
  app.post(
    `${OAUTH}/accessToken`,
    {
      schema: {
        tags,
        summary: "Internal app access token",
        body: GetAccessTokenBody,
        response: responses(GetAccessTokenReply),
      },
      config: { ...token("GetAccessToken"), errors: ["invalidClientIdOrSecret"] },
    },
    (req) => getAccessToken(deps, req.body),
  );
  app.post(
    `${OAUTH}/corpAccessToken`,
    {
      schema: {
        tags,
        summary: "Third-party app access token for an authorizing org",
        body: GetCorpAccessTokenBody,
        response: responses(GetAccessTokenReply),
      },
      config: {
        ...token("GetCorpAccessToken"),
        errors: ["invalidSuiteKey", "invalidSuiteTicket", "invalidAuthInfo"],
      },
    },
    (req) => getCorpAccessToken(deps, req.body),
  );
  app.post(
    `${OAUTH}/:corpId/token`,
    {
      schema: {
        tags,
        summary: "Client-credentials token for an org",
        params: GetTokenParams,
        body: GetTokenBody,
        response: responses(GetTokenReply),
      },
      config: {
        ...token("GetToken"),
        errors: ["unsupported.grant.type", "invalid.client", "unauthorized.client"],
      },
    },
    (req) => getToken(deps, req.params.corpId, req.body),
  );
}
