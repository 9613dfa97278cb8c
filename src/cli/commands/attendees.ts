import { type Command, expectArgs, UsageError } from "../context.js";

/** The control plane's virtual attendees. */
export const attendees: Command = {
  name: "attendees",
  usage: ["attendees join CONF UNIONID [--device-type TYPE]", "attendees leave CONF UNIONID"],
  summary: "a virtual attendee joins or leaves a meeting",
  flags: ["--device-type"],
  async run(ctx, [action, ...args]) {
    if (action !== "join" && action !== "leave") {
      throw new UsageError(
        action ? `unknown subcommand attendees ${action}` : "missing subcommand join|leave",
      );
    }
    const [id, unionId] = expectArgs(args, ["CONF", "UNIONID"]);
    const client = ctx.control();
    if (action === "join") {
      const deviceType = ctx.flag("--device-type");
      const r = await client.join(id, unionId, deviceType ? { deviceType } : {});
      return { data: r, text: `${unionId} joined ${id}` };
    }
    const r = await client.leave(id, unionId);
    return { data: r, text: `${unionId} left ${id}` };
  },
};
