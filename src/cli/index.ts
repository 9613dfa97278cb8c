import { ConfigError, loadConfig, settings } from "../config.js";
import { serve } from "../main.js";

const USAGE = `vconf — a self-hosted DingTalk video-conference Open API

usage: vconf serve [flags]

flags (each also an environment variable):
${Object.values(settings)
  .map(
    (s) =>
      `  ${(s.flag + " <value>").padEnd(26)} ${s.env.padEnd(20)} ${s.doc}${s.default !== undefined ? ` (default ${s.default})` : ""}`,
  )
  .join("\n")}
`;

/** Splits `--name value` and `--name=value` flags from positional words. */
export function parseArgs(argv: string[]): { words: string[]; flags: Record<string, string> } {
  const words: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      words.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) flags[a.slice(0, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) flags[a] = argv[++i];
    else flags[a] = "true";
  }
  return { words, flags };
}

export async function main(argv: string[]): Promise<number> {
  const { words, flags } = parseArgs(argv);
  const command = words[0];
  if (!command || command === "help" || flags["--help"]) {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  if (command === "serve") {
    try {
      await serve(loadConfig(process.env, flags));
      return -1; // keep running
    } catch (e) {
      if (e instanceof ConfigError) console.error(`vconf: ${e.message}`);
      else console.error(`vconf: cannot start: ${(e as Error).message}`);
      return 1;
    }
  }
  console.error(`vconf: unknown command ${command}\n\n${USAGE}`);
  return 1;
}
