import { ConfigError, loadConfig, settings } from "../../config.js";

export const SERVE_USAGE = `usage: vconf serve [flags]

Runs the server in the foreground. Flags (each also an environment variable):
${Object.values(settings)
  .map(
    (s) =>
      `  ${(s.flag + " <value>").padEnd(26)} ${s.env.padEnd(20)} ${s.doc}${s.default !== undefined ? ` (default ${s.default})` : ""}`,
  )
  .join("\n")}
`;

/** `vconf serve`: starts the server; answers -1 (keep running) or 1 (could not start). */
export async function runServe(flags: Record<string, string>): Promise<number> {
  try {
    // Loaded only here, so the client commands start without loading the server and its store drivers.
    const { serve } = await import("../../main.js");
    await serve(loadConfig(process.env, flags));
    return -1; // keep running
  } catch (e) {
    if (e instanceof ConfigError) console.error(`vconf: ${e.message}`);
    else console.error(`vconf: cannot start: ${(e as Error).message}`);
    return 1;
  }
}
