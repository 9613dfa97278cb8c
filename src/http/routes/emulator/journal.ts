import type { JournalView } from "../../../emulator/journal.js";
import { responses } from "../../../schemas/common.js";
import { Done } from "../../../schemas/emulator/control.js";
import { JournalQuery, JournalReply } from "../../../schemas/emulator/journal.js";
import { CONTROL, ctl } from "../../../schemas/paths.js";
import type { App } from "../../types.js";

const tags = ["control plane: journal"];

/** `GET /_vconf/v1/requests`: the request journal; `DELETE` empties it. */
export function journalRoutes(app: App, journal: JournalView) {
  app.get(
    `${CONTROL}/requests`,
    {
      schema: {
        tags,
        summary: "The newest answered requests, oldest first (reading it is not journaled)",
        querystring: JournalQuery,
        response: responses(JournalReply),
      },
      config: ctl("vconf.Requests"),
    },
    async (req) => {
      const { limit, ...filters } = req.query;
      return {
        capacity: journal.capacity,
        entries: await journal.list({ ...filters, ...(limit === undefined ? {} : { limit: Number(limit) }) }),
      };
    },
  );
  app.delete(
    `${CONTROL}/requests`,
    {
      schema: { tags, summary: "Empty the request journal", response: responses(Done) },
      config: ctl("vconf.ClearRequests"),
    },
    async () => {
      await journal.clear();
      return { success: true };
    },
  );
}
