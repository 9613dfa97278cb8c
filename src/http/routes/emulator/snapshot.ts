import type { Deps } from "../../../domain/deps.js";
import { exportSnapshot, importSnapshot } from "../../../emulator/snapshot.js";
import { responses } from "../../../schemas/common.js";
import { Done } from "../../../schemas/emulator/control.js";
import { Snapshot } from "../../../schemas/emulator/snapshot.js";
import { CONTROL, ctl } from "../../../schemas/paths.js";
import type { App } from "../../types.js";

const tags = ["control plane: snapshots"];

/** A snapshot of a busy server is far larger than a DingTalk request, so its PUT may be this big. */
const SNAPSHOT_BODY_LIMIT = 256 * 1024 * 1024;

/** `GET`/`PUT /_vconf/v1/snapshot`: the whole state as one JSON document. */
export function snapshotRoutes(app: App, deps: Deps) {
  app.get(
    `${CONTROL}/snapshot`,
    {
      schema: { tags, summary: "The whole state as one document", response: responses(Snapshot) },
      config: ctl("vconf.GetSnapshot"),
    },
    () => exportSnapshot(deps),
  );
  app.put(
    `${CONTROL}/snapshot`,
    {
      bodyLimit: SNAPSHOT_BODY_LIMIT,
      schema: {
        tags,
        summary: "Replace the whole state with a snapshot (atomically; a bad document changes nothing)",
        body: Snapshot,
        response: responses(Done),
      },
      config: { ...ctl("vconf.PutSnapshot"), errors: ["paramsError"] },
    },
    (req) => importSnapshot(deps, req.body),
  );
}
