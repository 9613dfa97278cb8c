import type { FaultSet } from "../../client/index.js";
import { type Command, expectArgs, readJsonFile, UsageError } from "../context.js";
import { table, time } from "../output.js";

/** `GET /_vconf/v1/requests?limit=`: the request journal. */
export const requests: Command = {
  name: "requests",
  usage: ["requests [--limit N] [--operation OP] [--status 403|4xx]", "requests clear"],
  summary: "the newest requests the server answered, oldest first",
  flags: ["--limit", "--operation", "--status"],
  async run(ctx, args) {
    if (args[0] === "clear") {
      expectArgs(args.slice(1), []);
      const r = await ctx.control().clearRequests();
      return { data: r ?? { success: true }, text: "request journal emptied" };
    }
    expectArgs(args, []);
    const raw = ctx.flag("--limit");
    if (raw !== undefined && !/^[1-9]\d*$/.test(raw))
      throw new UsageError("--limit must be a positive number");
    const r = await ctx.control().requests({
      limit: raw === undefined ? undefined : Number(raw),
      operation: ctx.flag("--operation"),
      status: ctx.flag("--status"),
    });
    const rows = (r.entries ?? []).map((e) => [
      time(e.time ?? e.at),
      e.status,
      e.operation,
      e.method,
      e.path,
      e.app,
      e.code ? `${e.code}: ${e.message ?? ""}` : "",
    ]);
    return { data: r, text: table(["TIME", "STATUS", "OPERATION", "METHOD", "PATH", "APP", "ERROR"], rows) };
  },
};

/** `GET /_vconf/v1/conferences/{id}/audit`: role, membership and host-control changes. */
export const audit: Command = {
  name: "audit",
  usage: ["audit CONF"],
  summary: "a meeting's change log (roles, membership, host controls), oldest first",
  async run(ctx, args) {
    const [id] = expectArgs(args, ["CONF"]);
    const r = await ctx.control().audit(id);
    const rows = r.entries.map((e) => [
      e.seq,
      time(e.at),
      e.app,
      e.operation,
      e.target,
      `${JSON.stringify(e.before)} → ${JSON.stringify(e.after)}`,
    ]);
    return { data: r, text: table(["SEQ", "AT", "APP", "OPERATION", "TARGET", "CHANGE"], rows) };
  },
};

/** `PUT`/`GET`/`DELETE /_vconf/v1/faults`. */
export const faults: Command = {
  name: "faults",
  usage: ["faults set FILE", "faults show", "faults clear"],
  summary: "inject faults per DingTalk operation (from a JSON file), show them, clear them",
  async run(ctx, [action, ...args]) {
    const control = ctx.control();
    if (action === "set") {
      const [file] = expectArgs(args, ["FILE"]);
      const doc = readJsonFile(file) as FaultSet;
      const r = await control.setFaults(doc);
      const n = Array.isArray(doc?.faults) ? doc.faults.length : 0;
      return { data: r ?? { success: true }, text: `${n} fault${n === 1 ? "" : "s"} active` };
    }
    if (action === "show") {
      expectArgs(args, []);
      const r = await control.getFaults();
      const rows = (r.faults ?? []).map((f) => [
        f.operation,
        f.status,
        f.code,
        f.delayMs,
        f.count,
        f.probability,
        f.fired,
      ]);
      const text = rows.length
        ? table(["OPERATION", "STATUS", "CODE", "DELAY_MS", "COUNT", "PROBABILITY", "FIRED"], rows)
        : "no faults";
      return { data: r, text };
    }
    if (action === "clear") {
      expectArgs(args, []);
      const r = await control.clearFaults();
      return { data: r ?? { success: true }, text: "faults cleared" };
    }
    throw new UsageError(
      action ? `unknown subcommand faults ${action}` : "missing subcommand set|show|clear",
    );
  },
};
