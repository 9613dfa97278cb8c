import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../../../domain/deps.js";
import { ApiError } from "../../../errors.js";
import {
  deleteCallBack,
  getCallBack,
  getFailedResult,
  LegacyError,
  legacyGetToken,
  openConnection,
  registerCallBack,
} from "../../../events/subscriptions.js";
import { responses } from "../../../schemas/common.js";
import {
  AccessTokenQuery,
  FailedResultReply,
  GetCallBackReply,
  LegacyReply,
  LegacyTokenQuery,
  LegacyTokenReply,
  RegisterCallBackBody,
} from "../../../schemas/events/callbacks.js";
import { OpenConnectionBody, OpenConnectionReply } from "../../../schemas/events/stream.js";
import type { App } from "../../types.js";

/** `ws(s)://<host>:<port>/connect` as the client reached us: an explicit port and the Java SDK's path. */
function endpointFor(req: FastifyRequest): string {
  const secure = req.protocol === "https";
  const port = req.port ?? req.socket.localPort ?? (secure ? 443 : 80);
  return `${secure ? "wss" : "ws"}://${req.hostname}:${port}/connect`;
}

/** Legacy oapi errors: `{errcode, errmsg}` with HTTP 200; anything unexpected is "系统繁忙" (-1). */
function legacyErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const answer = (errcode: number, errmsg: string) => {
    // The journal and the API-reference check see the errcode as the answer's code.
    request.answeredError = { code: String(errcode), message: errmsg };
    return reply.code(200).send({ errcode, errmsg });
  };
  if (err instanceof LegacyError) return answer(err.errcode, err.errmsg);
  if (err.validation) return answer(40035, `不合法的参数: ${err.message}`);
  if (err instanceof ApiError && err.status < 500) return answer(40035, err.message);
  request.log.error({ err }, "legacy call failed");
  return answer(-1, "系统繁忙");
}

/**
 * The DingTalk paths for events: the Stream gateway's `POST /v1.0/gateway/connections/open` and the legacy
 * oapi calls (`/gettoken`, `/call_back/…`) on vconf's port.
 */
export function eventDingtalkRoutes(app: App, deps: Deps) {
  app.post(
    "/v1.0/gateway/connections/open",
    {
      schema: {
        tags: ["stream"],
        summary: "Open a Stream connection: a ticket for the WebSocket at /connect",
        body: OpenConnectionBody,
        response: responses(OpenConnectionReply),
      },
      config: { operation: "OpenConnection", invalid: "missing", errors: ["invalidClientIdOrSecret"] },
    },
    (req) => openConnection(deps, req.body, endpointFor(req)),
  );
  app.register(async (legacy: App) => {
    legacy.setErrorHandler(legacyErrors);
    const tags = ["oapi (legacy)"];
    legacy.get(
      "/gettoken",
      {
        schema: {
          tags,
          summary: "Legacy app token",
          querystring: LegacyTokenQuery,
          response: { 200: LegacyTokenReply },
        },
        config: { operation: "OapiGetToken", legacy: [40089] },
      },
      (req) => legacyGetToken(deps, req.query),
    );
    for (const mode of ["register", "update"] as const) {
      legacy.post(
        `/call_back/${mode}_call_back`,
        {
          schema: {
            tags,
            summary: `${mode === "register" ? "Register" : "Update"} the HTTP callback (check_url first)`,
            querystring: AccessTokenQuery,
            body: RegisterCallBackBody,
            response: { 200: LegacyReply },
          },
          config: {
            operation: mode === "register" ? "RegisterCallBack" : "UpdateCallBack",
            legacy: [40014, mode === "register" ? 71006 : 71007, 71008],
          },
        },
        (req) => registerCallBack(deps, req.query.access_token, req.body ?? {}, mode),
      );
    }
    legacy.get(
      "/call_back/get_call_back",
      {
        schema: {
          tags,
          summary: "The HTTP callback",
          querystring: AccessTokenQuery,
          response: { 200: GetCallBackReply },
        },
        config: { operation: "GetCallBack", legacy: [40014, 71007] },
      },
      (req) => getCallBack(deps, req.query.access_token),
    );
    legacy.get(
      "/call_back/delete_call_back",
      {
        schema: {
          tags,
          summary: "Delete the HTTP callback",
          querystring: AccessTokenQuery,
          response: { 200: LegacyReply },
        },
        config: { operation: "DeleteCallBack", legacy: [40014, 71007] },
      },
      (req) => deleteCallBack(deps, req.query.access_token),
    );
    legacy.get(
      "/call_back/get_call_back_failed_result",
      {
        schema: {
          tags,
          summary: "Pushes that finally failed (each call returns and clears up to 200)",
          querystring: AccessTokenQuery,
          response: { 200: FailedResultReply },
        },
        config: { operation: "GetCallBackFailedResult", legacy: [40014] },
      },
      (req) => getFailedResult(deps, req.query.access_token),
    );
  });
}
