import Type, { type TSchema } from "typebox";
import type { ErrorCode } from "../errors.js";

/** DingTalk's error envelope (spec section 3). */
export const ErrorEnvelope = Type.Object(
  {
    code: Type.String(),
    requestid: Type.String({ pattern: "^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$" }),
    message: Type.String(),
    accessdenieddetail: Type.Optional(Type.Object({ requiredScopes: Type.Array(Type.String()) })),
  },
  { $id: "ErrorEnvelope", description: "DingTalk's error envelope" },
);

export const Success = Type.Object({ success: Type.Boolean() });

export const TokenHeader = Type.Object({
  "x-acs-dingtalk-access-token": Type.Optional(Type.String({ description: "the app's access token" })),
});

export const ConferenceIdParams = Type.Object({
  conferenceId: Type.String({ description: "conference id (24 hex characters)" }),
});

/** One response schema per status class: the model on 200, the envelope on errors. */
export function responses(ok: TSchema) {
  return { 200: ok, "4xx": Type.Ref("ErrorEnvelope"), "5xx": Type.Ref("ErrorEnvelope") };
}

/** Route config read by the edge hooks: the SDK's action name, the scope it needs, its invalid-input code. */
export interface RouteConfig {
  operation: string;
  scope?: string;
  /** How request-validation failures are answered: write calls, read calls, or the token calls. */
  invalid?: "paramsError" | "paramError" | "missing";
  /**
   * The codes the operation itself can refuse with (its domain rules), declared next to the route; the
   * gateway's, validation's and storage's codes are added for every route of its kind (see
   * src/http/error-docs.ts). The API reference lists them; the test suite fails on any answered code a
   * route does not list.
   */
  errors?: readonly ErrorCode[];
  /**
   * A legacy oapi route (`/gettoken`, `/call_back/…`): it answers every error with HTTP 200 and
   * `{errcode, errmsg}` as DingTalk's old API does, with these errcodes besides 40035 (bad input) and -1
   * (system busy); the envelope codes above do not apply to it.
   */
  legacy?: readonly number[];
}
