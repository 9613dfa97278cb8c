import Type from "typebox";
import type { Deps } from "../../../domain/deps.js";
import { conferenceState, deleteArtifacts, getArtifacts, putArtifacts } from "../../../emulator/artifacts.js";
import { ConferenceIdParams, responses } from "../../../schemas/common.js";
import { Done } from "../../../schemas/emulator/control.js";
import type { App } from "../../types.js";
import { CONTROL, ctl } from "../../../schemas/paths.js";

const Doc = Type.Object(
  {},
  { additionalProperties: true, description: "the artifacts document (spec more §10)" },
);
const State = Type.Object(
  {},
  { additionalProperties: true, description: "recording, minutes, streams, grants" },
);

/** Injected media artifacts and the media state (spec more §10), on the control plane. */
export function artifactRoutes(app: App, deps: Deps) {
  const tags = ["control plane"];
  const params = ConferenceIdParams;
  const path = `${CONTROL}/conferences/:conferenceId/artifacts`;
  app.put(
    path,
    {
      schema: {
        tags,
        summary: "Inject media artifacts (each key replaces its kind)",
        params,
        response: responses(Doc),
      },
      config: { ...ctl("vconf.PutArtifacts"), errors: ["vconf.NotFound", "paramsError"] },
    },
    (req) => putArtifacts(deps, req.params.conferenceId, req.body),
  );
  app.get(
    path,
    {
      schema: { tags, summary: "The injected artifacts", params, response: responses(Doc) },
      config: { ...ctl("vconf.GetArtifacts"), errors: ["vconf.NotFound"] },
    },
    (req) => getArtifacts(deps, req.params.conferenceId),
  );
  app.delete(
    path,
    {
      schema: { tags, summary: "Remove every injected artifact", params, response: responses(Done) },
      config: { ...ctl("vconf.DeleteArtifacts"), errors: ["vconf.NotFound"] },
    },
    (req) => deleteArtifacts(deps, req.params.conferenceId),
  );
  app.get(
    `${CONTROL}/conferences/:conferenceId/state`,
    {
      schema: {
        tags,
        summary: "Media state DingTalk's calls do not show",
        params,
        response: responses(State),
      },
      config: { ...ctl("vconf.ConferenceState"), errors: ["vconf.NotFound"] },
    },
    (req) => conferenceState(deps, req.params.conferenceId),
  );
}
