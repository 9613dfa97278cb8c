import { joinConference, leaveConference, unmuteSelf } from "../../../emulator/attendees.js";
import { conferenceAudit, resetState } from "../../../emulator/control.js";
import type { Deps } from "../../../domain/deps.js";
import { seed } from "../../../emulator/seed.js";
import { issueTokenForAdmin } from "../../../emulator/tokens.js";
import { responses } from "../../../schemas/common.js";
import {
  AttendeeParams,
  AuditReply,
  Done,
  JoinBody,
  JoinReply,
  LeaveReply,
  ResetBody,
  TokenBody,
  TokenReply,
  UnmuteReply,
} from "../../../schemas/emulator/control.js";
import { CONTROL, ctl } from "../../../schemas/paths.js";
import type { App } from "../../types.js";

/** The emulator's control plane (vconf-interface.md): attendees (join, leave, unmute), tokens, seed, reset, audit. */
export function controlRoutes(app: App, deps: Deps) {
  const tags = ["control plane"];
  const attendee = `${CONTROL}/conferences/:conferenceId/attendees/:unionId`;
  app.post(
    `${attendee}/join`,
    {
      schema: {
        tags,
        summary: "A virtual attendee joins",
        params: AttendeeParams,
        body: JoinBody,
        response: responses(JoinReply),
      },
      config: { ...ctl("vconf.Join"), errors: ["paramsError", "unknownUserError", "joinRefused"] },
    },
    (req) => joinConference(deps, req.params.conferenceId, req.params.unionId, req.body ?? {}),
  );
  app.post(
    `${attendee}/leave`,
    {
      schema: {
        tags,
        summary: "A virtual attendee leaves",
        params: AttendeeParams,
        response: responses(LeaveReply),
      },
      config: { ...ctl("vconf.Leave"), errors: ["paramsError", "unknownUserError"] },
    },
    (req) => leaveConference(deps, req.params.conferenceId, req.params.unionId),
  );
  app.post(
    `${attendee}/unmute`,
    {
      schema: {
        tags,
        summary: "An attendee unmutes themself (refused while the host forbids it)",
        params: AttendeeParams,
        response: responses(UnmuteReply),
      },
      config: {
        ...ctl("vconf.Unmute"),
        errors: ["paramsError", "confClosed", "unknownUserError", "unmuteRefused"],
      },
    },
    (req) => unmuteSelf(deps, req.params.conferenceId, req.params.unionId),
  );
  app.post(
    `${CONTROL}/tokens`,
    {
      schema: {
        tags,
        summary: "Issue an app's access token without its secret",
        body: TokenBody,
        response: responses(TokenReply),
      },
      config: { ...ctl("vconf.Token"), errors: ["paramsError", "vconf.NotFound", "invalidAuthInfo"] },
    },
    (req) => issueTokenForAdmin(deps, req.body),
  );
  app.post(
    `${CONTROL}/seed`,
    {
      schema: { tags, summary: "Apply a seed document (idempotent)", response: responses(Done) },
      config: { ...ctl("vconf.Seed"), errors: ["paramsError"] },
    },
    (req) => seed(deps, req.body),
  );
  app.post(
    `${CONTROL}/reset`,
    {
      schema: {
        tags,
        summary: "Drop conferences, members and tokens",
        body: ResetBody,
        response: responses(Done),
      },
      config: { ...ctl("vconf.Reset"), errors: ["vconf.NotFound"] },
    },
    (req) => resetState(deps, req.body?.corpId),
  );
  app.get(
    `${CONTROL}/conferences/:conferenceId/audit`,
    {
      schema: { tags, summary: "A conference's change log", response: responses(AuditReply) },
      config: { ...ctl("vconf.Audit"), errors: ["vconf.NotFound"] },
    },
    (req) => conferenceAudit(deps, (req.params as { conferenceId: string }).conferenceId),
  );
}
