import type { Deps } from "../../../domain/deps.js";
import { inspectConference, listConferences } from "../../../emulator/inspect.js";
import { ConferenceIdParams, responses } from "../../../schemas/common.js";
import {
  ConferenceQuery,
  ConferenceReply,
  ConferencesQuery,
  ConferencesReply,
} from "../../../schemas/emulator/inspect.js";
import { CONTROL, ctl } from "../../../schemas/paths.js";
import type { App } from "../../types.js";

const tags = ["control plane: inspect"];

/** Read-only views for operators and the console: conferences by org, one conference with its roster. */
export function inspectRoutes(app: App, deps: Deps) {
  app.get(
    `${CONTROL}/conferences`,
    {
      schema: {
        tags,
        summary: "List conferences, newest first (one org's, live or ended)",
        querystring: ConferencesQuery,
        response: responses(ConferencesReply),
      },
      config: { ...ctl("vconf.ListConferences"), errors: ["paramsError", "vconf.NotFound"] },
    },
    (req) => listConferences(deps, req.query),
  );
  app.get(
    `${CONTROL}/conferences/:conferenceId`,
    {
      schema: {
        tags,
        summary: "A conference with its settings and roster (mic, camera, join and leave times)",
        params: ConferenceIdParams,
        querystring: ConferenceQuery,
        response: responses(ConferenceReply),
      },
      config: { ...ctl("vconf.InspectConference"), errors: ["paramsError", "vconf.NotFound"] },
    },
    (req) => inspectConference(deps, req.params.conferenceId, req.query),
  );
}
