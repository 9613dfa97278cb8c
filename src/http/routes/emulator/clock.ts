import type { Deps } from "../../../domain/deps.js";
import { changeClock, clockView, type EmulatorClock } from "../../../emulator/clock.js";
import { ClockBody, ClockReply } from "../../../schemas/emulator/clock.js";
import { responses } from "../../../schemas/common.js";
import { CONTROL, ctl } from "../../../schemas/paths.js";
import type { App } from "../../types.js";

const tags = ["control plane: clock"];

/** `GET`/`POST /_vconf/v1/clock`: the emulated time; move it forward, freeze it, or reset it. */
export function clockRoutes(app: App, deps: Deps, clock: EmulatorClock) {
  app.get(
    `${CONTROL}/clock`,
    {
      schema: { tags, summary: "The emulated time", response: responses(ClockReply) },
      config: ctl("vconf.GetClock"),
    },
    () => clockView(clock),
  );
  app.post(
    `${CONTROL}/clock`,
    {
      schema: {
        tags,
        summary: "Move time forward (advanceMs), freeze or unfreeze it, or reset it to the system clock",
        body: ClockBody,
        response: responses(ClockReply),
      },
      config: { ...ctl("vconf.SetClock"), errors: ["paramsError"] },
    },
    (req) => changeClock(deps, clock, req.body),
  );
}
