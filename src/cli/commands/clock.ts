import type { ClockReply } from "../../client/index.js";
import { type Command, expectArgs, UsageError } from "../context.js";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90000`, `90s`, `15m`, `2h`, `1d` (or combined: `1h30m`) → milliseconds. */
export function parseDuration(raw: string): number {
  const parts = [...raw.matchAll(/(\d+)(ms|s|m|h|d)?/g)];
  if (!/^(\d+(ms|s|m|h|d)?)+$/.test(raw) || (parts.length > 1 && parts.some((p) => !p[2]))) {
    throw new UsageError(`${raw} is not a duration: give milliseconds (90000) or 90s, 15m, 2h, 1d, 1h30m`);
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNITS[p[2] ?? "ms"], 0);
}

function describe(c: ClockReply): string {
  const ahead =
    c.offsetMs === 0 ? "system time" : `${c.offsetMs >= 0 ? "+" : ""}${c.offsetMs} ms from system time`;
  return `${c.now}${c.frozen ? " (frozen)" : ""} · ${ahead}`;
}

/** `GET`/`POST /_vconf/v1/clock`. */
export const clock: Command = {
  name: "clock",
  usage: ["clock [show]", "clock advance DURATION", "clock freeze|unfreeze|reset"],
  summary:
    "the emulated time: show it, move it forward (90000 ms, 90s, 15m, 2h, 1d), stop it, let it run, " +
    "or go back to the system clock",
  async run(ctx, [action, ...args]) {
    const control = ctx.control();
    let r: ClockReply;
    if (action === undefined || action === "show") {
      expectArgs(args, []);
      r = await control.getClock();
    } else if (action === "advance") {
      const [duration] = expectArgs(args, ["DURATION"]);
      r = await control.advanceClock(parseDuration(duration));
    } else if (action === "freeze" || action === "unfreeze") {
      expectArgs(args, []);
      r = await control.freezeClock(action === "freeze");
    } else if (action === "reset") {
      expectArgs(args, []);
      r = await control.resetClock();
    } else {
      throw new UsageError(`unknown subcommand clock ${action}`);
    }
    return { data: r, text: describe(r) };
  },
};
