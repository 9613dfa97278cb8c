import { type Command, expectArgs, UsageError } from "../context.js";

/** `Cohosts`: add or remove co-hosts, atomically. */
export const cohosts: Command = {
  name: "cohosts",
  usage: ["cohosts add CONF UNIONID…", "cohosts remove CONF UNIONID…"],
  summary: "add or remove co-hosts",
  async run(ctx, [action, ...args]) {
    if (action !== "add" && action !== "remove") {
      throw new UsageError(action ? `unknown subcommand cohosts ${action}` : "missing subcommand add|remove");
    }
    const [id, ...unionIds] = expectArgs(args, ["CONF", "UNIONID"], { rest: true });
    const r = await (await ctx.dingtalk()).setCoHosts(id, action, unionIds);
    const done = action === "add" ? "co-hosts added" : "co-hosts removed";
    return { data: r, text: `${done} in ${id}: ${unionIds.join(", ")}` };
  },
};
