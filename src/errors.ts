import { randomUUID } from "node:crypto";

/**
 * DingTalk's error catalog, codes verbatim. The HTTP status and default message for each code come from
 * the wire contract (shared/spec/dingtalk-conference-api.md, sections 3–6). `detail` is how the code's
 * message carries a detail (`error:<detail>` for paramsError); a code without one shows the detail alone.
 */
export const catalog = {
  // gateway
  "AuthenticationFailed.MissingParameter": { status: 400, message: "缺少参数：x-acs-dingtalk-access-token" },
  InvalidAuthentication: { status: 400, message: "不合法的access_token" },
  "Forbidden.AccessDenied.AccessTokenPermissionDenied": { status: 403, message: "没有调用该接口的权限" },
  "Forbidden.AccessDenied.IpNotInWhiteList": { status: 403, message: "访问ip不在白名单之中" },
  "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi": {
    status: 403,
    message: "app call api exceed the qps limit",
  },
  "Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi": {
    status: 403,
    message: "suite call api exceed the qps limit of this org",
  },
  Missingbody: { status: 400, message: "body is mandatory for this action" },
  "InvalidAction.NotFound": {
    status: 404,
    message: "Specified api is not found, please check your url and method.",
  },
  RequestEntityTooLarge: { status: 413, message: "request body is larger than 1 MiB" },
  // the HTTP layer, before routing (vconf decision: DingTalk's envelope for these too)
  InvalidRequest: { status: 400, message: "malformed HTTP request" },
  RequestTimeout: { status: 408, message: "the request did not arrive in time" },
  ExpectationFailed: { status: 417, message: "only Expect: 100-continue is supported" },
  RequestHeaderFieldsTooLarge: { status: 431, message: "the request line and headers are too large" },
  // tokens
  invalidClientIdOrSecret: { status: 400, message: "无效的clientId或者clientSecret" },
  invalidSuiteKey: { status: 400, message: "suitekey不合法" },
  invalidSuiteTicket: { status: 400, message: "suiteTicket无效" },
  invalidAuthInfo: { status: 400, message: "授权关系不存在" },
  "invalid.client": { status: 400, message: "invalid client_id or client_secret" },
  "unsupported.grant.type": { status: 400, message: "grant_type must be client_credentials" },
  "unauthorized.client": { status: 401, message: "the client is not authorized for this corpId" },
  // conference writes
  paramsError: { status: 400, message: "error:invalid parameters", detail: "error:" },
  paramsTitleError: { status: 400, message: "error:invalid title", detail: "error:" },
  unknownUserError: { status: 400, message: "unknownUserError" },
  orgAccessForbidden: { status: 400, message: "orgAccessForbidden" },
  permissionError: {
    status: 400,
    message: "permissionError:no right to operate this meeting",
    detail: "permissionError:",
  },
  confClosed: { status: 400, message: "confClosed" },
  resourceClose: { status: 400, message: "The meeting has ended" },
  commandError: { status: 400, message: "commandError" },
  waterLimitError: { status: 404, message: "waterLimitError" },
  systemError: { status: 500, message: "systemError", detail: "systemError:" },
  // scheduled conferences (spec-more section 1)
  resourceCancel: { status: 400, message: "Schedule conference has canceled" },
  invalidScheduleConferenceId: { status: 400, message: "invalidScheduleConferenceId" },
  // booking settings and short links: the message is the code, with ": <why>" when vconf has a reason
  scheduleConferenceIdError: {
    status: 400,
    message: "scheduleConferenceIdError",
    detail: "scheduleConferenceIdError: ",
  },
  creatorUidError: { status: 400, message: "creatorUidError", detail: "creatorUidError: " },
  userNotInOrg: { status: 400, message: "userNotInOrg", detail: "userNotInOrg: " },
  extensionAppSettingError: {
    status: 400,
    message: "extensionAppSettingCountError",
    detail: "extensionAppSettingCountError: ",
  },
  // lists (spec-more section 2): the messages are the code, with ": <why>" when vconf has a reason
  missingRoomCode: { status: 400, message: "missingRoomCode" },
  invalidRoomCode: { status: 400, message: "invalidRoomCode" },
  // cloud recording (spec more §4)
  roomClosed: { status: 400, message: "the meeting has ended" },
  recordStartError: { status: 404, message: "recordStartError:cloud recording could not start" },
  recordStartPermissionError: {
    status: 404,
    message: "permissionError:only the host can start cloud recording",
  },
  recordStopPermissionError: { status: 400, message: "you can't operator, please contact meeting manager" },
  recordStopError: { status: 400, message: "record stop error, please try again" },
  cloudRecordNotFound: { status: 400, message: "cloudRecordNotFound" },
  // conference reads
  missingRoomId: { status: 400, message: "MISSING ROOM ID" },
  paramError: { status: 400, message: "PARAM ERROR", detail: "PARAM ERROR: " },
  noPermission: { status: 403, message: "NO PERMISSION" },
  roomNotFound: { status: 404, message: "ROOM NOT FOUND" },
  // control plane
  "vconf.AdminKeyRequired": { status: 401, message: "missing or wrong x-vconf-admin-key" },
  "vconf.NotFound": { status: 404, message: "not found" },
  "vconf.AlreadyExists": { status: 409, message: "already exists" },
  "vconf.Conflict": { status: 409, message: "conflicts with the current state" },
  "vconf.TooManyWatchers": { status: 429, message: "too many open watch streams" },
  "vconf.ConsoleNotBuilt": {
    status: 503,
    message: "the console is not built: run npm run build (npm ci, npm start and npm test do it)",
  },
  joinRefused: { status: 403, message: "joinRefused", detail: "joinRefused:" },
  unmuteRefused: { status: 403, message: "unmuteRefused", detail: "unmuteRefused:" },
} as const satisfies Record<string, { status: number; message: string; detail?: string }>;

export type ErrorCode = keyof typeof catalog;

/** An error that the error handler renders as DingTalk's envelope. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly accessDeniedDetail?: { requiredScopes: string[] },
  ) {
    super(message);
  }
}

/** The catalog's error `code`, with `message` instead of the catalog's text when given. */
export function fail(code: ErrorCode, message?: string, detail?: { requiredScopes: string[] }): ApiError {
  return new ApiError(code, catalog[code].status, message ?? catalog[code].message, detail);
}

/** `code` with `detail` in the code's message form (`error:<detail>`), or the catalog's message. */
export function problem(code: ErrorCode, detail?: string): ApiError {
  if (detail === undefined) return fail(code);
  const entry: { status: number; message: string; detail?: string } = catalog[code];
  return fail(code, (entry.detail ?? "") + detail);
}

/**
 * The one way domain code fails: throws `code` (its message carrying `detail`, see `problem`) unless
 * `cond` holds.
 */
export function assert(cond: unknown, code: ErrorCode, detail?: string): asserts cond {
  if (!cond) throw problem(code, detail);
}

/** `error:<detail>`, the form DingTalk uses for paramsError. */
export function paramsError(detail: string): ApiError {
  return problem("paramsError", detail);
}

/** The gateway's answer for a missing required parameter: `Missing<name>`. */
export function missingParameter(name: string): ApiError {
  return new ApiError(`Missing${name}`, 400, `${name} is mandatory for this action.`);
}
/** DingTalk's request id: uppercase hex in 8-4-4-4-12 groups. */
export function newRequestId(): string {
  // randomUUID draws from a cached entropy pool: cheaper per request than randomBytes(16).
  return randomUUID().toUpperCase();
}

export interface Envelope {
  code: string;
  requestid: string;
  message: string;
  accessdenieddetail?: { requiredScopes: string[] };
}

export function envelope(err: ApiError, requestid: string): Envelope {
  const body: Envelope = { code: err.code, requestid, message: err.message };
  if (err.accessDeniedDetail) body.accessdenieddetail = err.accessDeniedDetail;
  return body;
}
