import type { RouteConfig } from "./common.js";

/**
 * Where each API lives and what its routes need, in one place for the routes, the typed client and the
 * test helpers. Imports nothing at run time, so the compiled client can load it without the server.
 */

/** DingTalk's token endpoints (oauth2_1_0). */
export const OAUTH = "/v1.0/oauth2";
/** DingTalk's conference endpoints (conference_1_0). */
export const BASE = "/v1.0/conference/videoConferences";
/** QueryUserOnGoingConference, the one conference call outside BASE. */
export const ONGOING = "/v1.0/conference/users/lists";
/** Scheduled conferences (spec-more section 1). */
export const SCHEDULES = "/v1.0/conference/scheduleConferences";
/** vconf's control plane, off the DingTalk paths and behind the admin key (vconf-interface.md). */
export const CONTROL = "/_vconf/v1";

/** The scopes DingTalk's conference calls require (spec section 2). */
export const SCOPE_WRITE = "VideoConference.Conference.Write";
export const SCOPE_READ = "VideoConference.Conference.Read";

/** A conference write call: needs the write scope; bad input answers paramsError. */
export const write = (operation: string) =>
  ({ operation, scope: SCOPE_WRITE, invalid: "paramsError" }) satisfies RouteConfig;
/** A conference read call: needs the read scope; bad input answers paramError. */
export const read = (operation: string) =>
  ({ operation, scope: SCOPE_READ, invalid: "paramError" }) satisfies RouteConfig;
/** A token call: no token needed; a missing field answers `Missing<field>`. */
export const token = (operation: string) => ({ operation, invalid: "missing" }) satisfies RouteConfig;
/** A control-plane call (`vconf.*`): the admin key, checked at the edge; bad input answers paramsError. */
export const ctl = (operation: string) => ({ operation, invalid: "paramsError" }) satisfies RouteConfig;
