import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ApiError, envelope, fail, missingParameter, paramsError } from "../errors.js";
import type { RouteConfig } from "../schemas/common.js";

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/userList/0/unionId` → `userList[0].unionId`. */
function fieldName(path: string, missing?: unknown): string {
  const parts = path.split("/").filter(Boolean);
  if (typeof missing === "string") parts.push(missing);
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
}

function describe(issue: ValidationIssue): string {
  const field = fieldName(issue.instancePath, issue.params.missingProperty);
  switch (issue.keyword) {
    case "required":
      return `${field} is missing`;
    case "enum":
      return `${field} must be one of ${(issue.params.allowedValues as unknown[]).join(", ")}`;
    case "minItems":
      return `${field} must not be empty`;
    case "maxItems":
      return `${field} must have at most ${issue.params.limit} entries`;
    case "minLength":
      return `${field} must be a non-empty string`;
    case "additionalProperties":
      return `${field || "body"} has an unknown field ${issue.params.additionalProperty}`;
    default:
      return `${field || "body"} ${issue.message ?? "is invalid"}`;
  }
}

/** Turns a failed schema check into the endpoint's DingTalk error. */
function validationError(err: FastifyError, config: Partial<RouteConfig>): ApiError {
  const issue = (err.validation?.[0] ?? { keyword: "", instancePath: "", params: {} }) as ValidationIssue;
  const context = (err as { validationContext?: string }).validationContext;
  if (context === "body" && issue.instancePath === "" && issue.keyword === "type") return fail("Missingbody");
  switch (config.invalid) {
    case "missing": {
      // A nested field is answered by its top-level one (`Missingsubscriptions` for
      // `subscriptions[0].type`): the codes stay the body's own fields, which the API reference lists.
      const field = fieldName(issue.instancePath, issue.params.missingProperty) || "body";
      const top = field.split(/[.[]/)[0];
      const e = missingParameter(top);
      if (top !== field) e.message = `${field} is mandatory for this action.`;
      return e;
    }
    case "paramError":
      return fail("paramError", `PARAM ERROR: ${describe(issue)}`);
    default:
      return paramsError(describe(issue));
  }
}

/** Fastify's own errors (body parsing, limits) in DingTalk's terms. */
function frameworkError(err: FastifyError): ApiError | undefined {
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return fail("RequestEntityTooLarge");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return fail("Missingbody");
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new ApiError("InvalidRequest", err.statusCode, err.message);
  }
  return undefined;
}

/** The one place errors become DingTalk envelopes; unexpected failures are logged and hidden. */
export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let apiError: ApiError;
  if (err instanceof ApiError) apiError = err;
  else if (err.validation)
    apiError = validationError(err, request.routeOptions.config as Partial<RouteConfig>);
  else {
    const known = frameworkError(err);
    if (known) apiError = known;
    else {
      request.log.error({ err }, "unexpected failure");
      apiError = fail(
        "systemError",
        `systemError:${err.name === "StoreError" ? "storage failure" : "internal error"}`,
      );
    }
  }
  request.answeredError = { code: apiError.code, message: apiError.message };
  reply.code(apiError.status).header("content-type", "application/json;charset=utf-8");
  return reply.send(envelope(apiError, request.id));
}

/**
 * Errors the router raises before any route or hook runs (a malformed percent-encoding, an over-long
 * path parameter): still DingTalk's envelope, never Fastify's own body.
 */
export function routingErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const apiError =
    err.code === "FST_ERR_BAD_URL"
      ? new ApiError("InvalidRequest", 400, "the URL has an invalid percent-encoding")
      : fail("InvalidAction.NotFound");
  request.answeredError = { code: apiError.code, message: apiError.message };
  reply.code(apiError.status).header("content-type", "application/json;charset=utf-8");
  return reply.send(envelope(apiError, request.id));
}
