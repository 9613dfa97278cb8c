import { type Command, expectArgs, UsageError } from "../context.js";

const ACTIONS = ["join", "leave", "unmute"] as const;

/** The control plane's virtual attendees. */
export const attendees: Command = {
  name: "attendees",
  usage: [
    "attendees join CONF UNIONID [--device-type TYPE]",
    "attendees leave CONF UNIONID",
    "attendees unmute CONF UNIONID",
  ],
  summary: "a virtual attendee joins or leaves a meeting, or unmutes themself",
  flags: ["--device-type"],
  async run(ctx, [action, ...args]) {
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
      throw new UsageError(
        action ? `unknown subcommand attendees ${action}` : `missing subcommand ${ACTIONS.join("|")}`,
      );
    }
    const [id, unionId] = expectArgs(args, ["CONF", "UNIONID"]);
    const client = ctx.control();
    if (action === "join") {
      const deviceType = ctx.flag("--device-type");
      const r = await client.join(id, unionId, deviceType ? { deviceType } : {});
      return { data: r, text: `${unionId} joined ${id}` };
    }
    if (action === "unmute") {
      const r = await client.unmute(id, unionId);
      return { data: r, text: `${unionId} unmuted in ${id} (mic ${r.micStatus})` };
    }
    const r = await client.leave(id, unionId);
    return { data: r, text: `${unionId} left ${id}` };
  },
};
