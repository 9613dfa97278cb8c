import { writeFileSync } from "node:fs";
import type { SeedDocument } from "../../client/index.js";
import { type Command, expectArgs, readJsonFile, UsageError } from "../context.js";

/** `POST /_vconf/v1/seed` with a seed file. */
export const seed: Command = {
  name: "seed",
  usage: ["seed FILE"],
  summary: "apply a seed file (orgs, users, apps, suites), idempotently",
  async run(ctx, args) {
    const [file] = expectArgs(args, ["FILE"]);
    const doc = readJsonFile(file) as SeedDocument;
    const r = await ctx.control().seed(doc);
    return { data: r, text: `seed ${file} applied` };
  },
};

/** `POST /_vconf/v1/reset`. */
export const reset: Command = {
  name: "reset",
  usage: ["reset [--corp CORPID]"],
  summary: "drop conferences, members and tokens (all orgs, or one); keep orgs, users, apps",
  flags: ["--corp"],
  async run(ctx, args) {
    expectArgs(args, []);
    const corp = ctx.flag("--corp");
    if (corp === "true" || corp === "") throw new UsageError("--corp needs a corpId");
    const r = await ctx.control().reset(corp);
    return { data: r, text: corp ? `reset org ${corp}` : "reset all orgs" };
  },
};

/** `GET`/`PUT /_vconf/v1/snapshot`. */
export const snapshot: Command = {
  name: "snapshot",
  usage: ["snapshot export [FILE]", "snapshot import FILE"],
  summary: "save the whole state to a file (or stdout), or replace it from one",
  async run(ctx, [action, ...args]) {
    if (action === "export") {
      const [file] = expectArgs(args, args.length ? ["FILE"] : []);
      const doc = await ctx.control().exportSnapshot();
      if (file === undefined) return { data: doc, text: JSON.stringify(doc, null, 2) };
      const text = JSON.stringify(doc, null, 2) + "\n";
      writeFileSync(file, text);
      return { data: { file, bytes: Buffer.byteLength(text) }, text: `snapshot written to ${file}` };
    }
    if (action === "import") {
      const [file] = expectArgs(args, ["FILE"]);
      const doc = readJsonFile(file);
      if (!doc || typeof doc !== "object" || Array.isArray(doc))
        throw new UsageError(`${file} is not a snapshot (a JSON object)`);
      const r = await ctx.control().importSnapshot(doc as Record<string, unknown>);
      return { data: r ?? { success: true }, text: `snapshot ${file} imported` };
    }
    throw new UsageError(
      action ? `unknown subcommand snapshot ${action}` : "missing subcommand export|import",
    );
  },
};
