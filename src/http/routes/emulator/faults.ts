import type { FaultControl } from "../../../emulator/faults.js";
import { responses } from "../../../schemas/common.js";
import { Done } from "../../../schemas/emulator/control.js";
import { FaultsBody, FaultsReply } from "../../../schemas/emulator/faults.js";
import { CONTROL, ctl } from "../../../schemas/paths.js";
import type { App } from "../../types.js";

const tags = ["control plane: faults"];

/** `PUT`/`GET`/`DELETE /_vconf/v1/faults` (vconf-interface.md, "Faults"). */
export function faultRoutes(app: App, faults: FaultControl) {
  app.put(
    `${CONTROL}/faults`,
    {
      schema: {
        tags,
        summary: "Replace the injected faults",
        body: FaultsBody,
        response: responses(FaultsReply),
      },
      config: { ...ctl("vconf.PutFaults"), errors: ["paramsError"] },
    },
    async (req) => faults.put(req.body),
  );
  app.get(
    `${CONTROL}/faults`,
    {
      schema: {
        tags,
        summary: "The injected faults and how often each fired",
        response: responses(FaultsReply),
      },
      config: ctl("vconf.GetFaults"),
    },
    async () => faults.list(),
  );
  app.delete(
    `${CONTROL}/faults`,
    {
      schema: { tags, summary: "Clear the injected faults", response: responses(Done) },
      config: ctl("vconf.DeleteFaults"),
    },
    async () => {
      await faults.clear();
      return { success: true };
    },
  );
}
