import { joinConference, leaveConference } from "../../domain/attendees.js";
import { conferenceAudit, resetState } from "../../domain/control.js";
import type { Deps } from "../../domain/deps.js";
import { applySeed, seedProblems } from "../../domain/seed.js";
import { issueTokenForAdmin } from "../../domain/tokens.js";
import { paramsError } from "../../errors.js";
import { responses } from "../../schemas/common.js";
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
} from "../../schemas/control.js";
import type { SeedDocument } from "../../schemas/seed.js";
import type { App } from "../types.js";

export const CONTROL = "/_vconf/v1";

/** The emulator's control plane (vconf-interface.md): attendees, tokens, seed, reset, audit. */
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
      config: { operation: "vconf.Join", invalid: "paramsError" },
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
      config: { operation: "vconf.Leave", invalid: "paramsError" },
    },
    (req) => leaveConference(deps, req.params.conferenceId, req.params.unionId),
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
      config: { operation: "vconf.Token", invalid: "paramsError" },
    },
    (req) => {
      if (!req.body.appKey && !(req.body.suiteKey && req.body.corpId)) {
        throw paramsError("give appKey, or suiteKey and corpId");
      }
      return issueTokenForAdmin(deps, req.body);
    },
  );
  app.post(
    `${CONTROL}/seed`,
    {
      schema: { tags, summary: "Apply a seed document (idempotent)", response: responses(Done) },
      config: { operation: "vconf.Seed", invalid: "paramsError" },
    },
    async (req) => {
      const problems = seedProblems(req.body);
      if (problems.length) throw paramsError(problems.join("; "));
      await applySeed(deps, req.body as SeedDocument);
      return { success: true };
    },
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
      config: { operation: "vconf.Reset", invalid: "paramsError" },
    },
    (req) => resetState(deps, req.body?.corpId),
  );
  app.get(
    `${CONTROL}/conferences/:conferenceId/audit`,
    {
      schema: { tags, summary: "A conference's change log", response: responses(AuditReply) },
      config: { operation: "vconf.Audit", invalid: "paramsError" },
    },
    (req) => conferenceAudit(deps, (req.params as { conferenceId: string }).conferenceId),
  );
}
