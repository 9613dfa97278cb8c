import type { Deps } from "../../domain/deps.js";
import { getAccessToken, getCorpAccessToken, getToken } from "../../domain/tokens.js";
import { responses } from "../../schemas/common.js";
import {
  GetAccessTokenBody,
  GetAccessTokenReply,
  GetCorpAccessTokenBody,
  GetTokenBody,
  GetTokenParams,
  GetTokenReply,
} from "../../schemas/oauth.js";
import type { App } from "../types.js";

/** The token endpoints (oauth2_1_0). */
export function oauthRoutes(app: App, deps: Deps) {
  const tags = ["oauth2"];
  app.post(
    "/v1.0/oauth2/accessToken",
    {
      schema: {
        tags,
        summary: "Internal app access token",
        body: GetAccessTokenBody,
        response: responses(GetAccessTokenReply),
      },
      config: { operation: "GetAccessToken", invalid: "missing", errors: ["invalidClientIdOrSecret"] },
    },
    (req) => getAccessToken(deps, req.body),
  );
  app.post(
    "/v1.0/oauth2/corpAccessToken",
    {
      schema: {
        tags,
        summary: "Third-party app access token for an authorizing org",
        body: GetCorpAccessTokenBody,
        response: responses(GetAccessTokenReply),
      },
      config: {
        operation: "GetCorpAccessToken",
        invalid: "missing",
        errors: ["invalidSuiteKey", "invalidSuiteTicket", "invalidAuthInfo"],
      },
    },
    (req) => getCorpAccessToken(deps, req.body),
  );
  app.post(
    "/v1.0/oauth2/:corpId/token",
    {
      schema: {
        tags,
        summary: "Client-credentials token for an org",
        params: GetTokenParams,
        body: GetTokenBody,
        response: responses(GetTokenReply),
      },
      config: {
        operation: "GetToken",
        invalid: "missing",
        errors: ["unsupported.grant.type", "invalid.client", "unauthorized.client"],
      },
    },
    (req) => getToken(deps, req.params.corpId, req.body),
  );
}
