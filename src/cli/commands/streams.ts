import { type Command, type Context, expectArgs, requireFlag, UsageError } from "../context.js";
import { table } from "../output.js";

async function start(ctx: Context, args: string[]) {
  const [id, ...urls] = expectArgs(args, ["CONF", "URL"], { rest: true });
  const r = await (
    await ctx.dingtalk()
  ).extras.startStreamOut(id, {
    unionId: requireFlag(ctx, "--by"),
    needHostJoin: ctx.flag("--wait-host") === "true",
    streamUrlList: urls,
    streamName: ctx.flag("--name") ?? "vconf",
    mode: ctx.flag("--mode") ?? "grid",
    smallWindowPosition: ctx.flag("--window") ?? "float_right",
  });
  const rows = [
    ...Object.entries(r.successStreamMap).map(([url, streamId]) => [url, streamId, "pushing"]),
    ...Object.entries(r.failStreamMap).map(([url, why]) => [url, "", `failed: ${why}`]),
  ];
  return { data: r, text: table(["URL", "STREAM", "RESULT"], rows) };
}

async function stop(ctx: Context, args: string[]) {
  const all = ctx.flag("--all") === "true";
  const [id, streamId] = all ? expectArgs(args, ["CONF"]) : expectArgs(args, ["CONF", "STREAMID"]);
  const r = await (
    await ctx.dingtalk()
  ).extras.stopStreamOut(id, {
    unionId: requireFlag(ctx, "--by"),
    stopAllStream: all,
    ...(all ? {} : { streamId }),
  });
  return { data: r, text: all ? `stopped every stream of ${id}` : `stopped ${streamId}` };
}

const subcommands: Record<
  string,
  (ctx: Context, args: string[]) => Promise<{ data: unknown; text: string }>
> = { start, stop };

/** `StartStreamOut`, `StopStreamOut` (spec more §7). */
export const streams: Command = {
  name: "streams",
  usage: [
    "streams start CONF URL… --by UNIONID [--name NAME] [--mode MODE] [--window POSITION] [--wait-host]",
    "streams stop CONF STREAMID --by UNIONID",
    "streams stop CONF --all --by UNIONID",
  ],
  summary: "push a meeting to RTMP URLs, stop one stream or all",
  flags: ["--by", "--name", "--mode", "--window", "--wait-host", "--all"],
  run(ctx, [sub, ...args]) {
    const fn = sub === undefined ? undefined : subcommands[sub];
    if (!fn)
      throw new UsageError(sub ? `unknown subcommand streams ${sub}` : "missing subcommand start|stop");
    return fn(ctx, args);
  },
};
