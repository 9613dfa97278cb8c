import { type Command, expectArgs, readJsonFile, requireFlag, UsageError } from "../context.js";

/** `StartCloudRecord` / `StopCloudRecord`, as the host. */
export const recordings: Command = {
  name: "recordings",
  usage: ["recordings start CONF --by UNIONID", "recordings stop CONF --by UNIONID"],
  summary: "start or stop a meeting's cloud recording (as its host)",
  flags: ["--by"],
  async run(ctx, [action, ...args]) {
    if (action !== "start" && action !== "stop") {
      throw new UsageError(
        action ? `unknown subcommand recordings ${action}` : "missing subcommand start|stop",
      );
    }
    const [id] = expectArgs(args, ["CONF"]);
    const body = { unionId: requireFlag(ctx, "--by") };
    const media = (await ctx.dingtalk()).media;
    const r =
      action === "start" ? await media.startCloudRecord(id, body) : await media.stopCloudRecord(id, body);
    return { data: r, text: `cloud recording ${action === "start" ? "started" : "stopped"} in ${id}` };
  },
};

/** The control plane's injected media artifacts (spec more §10). */
export const artifacts: Command = {
  name: "artifacts",
  usage: ["artifacts put CONF FILE", "artifacts get CONF"],
  summary: "inject media artifacts (recordings, texts, minutes, metrics) from a JSON file, or print them",
  async run(ctx, [action, ...args]) {
    if (action === "put") {
      const [id, file] = expectArgs(args, ["CONF", "FILE"]);
      const doc = readJsonFile(file);
      if (typeof doc !== "object" || doc === null || Array.isArray(doc))
        throw new UsageError(`${file} must hold a JSON object of artifact kinds`);
      const r = await ctx.control().media.putArtifacts(id, doc as Record<string, unknown>);
      return { data: r, text: `artifacts of ${id}: ${Object.keys(r).join(", ") || "none"}` };
    }
    if (action === "get") {
      const [id] = expectArgs(args, ["CONF"]);
      const r = await ctx.control().media.getArtifacts(id);
      return { data: r, text: JSON.stringify(r, null, 2) };
    }
    throw new UsageError(action ? `unknown subcommand artifacts ${action}` : "missing subcommand put|get");
  },
};
