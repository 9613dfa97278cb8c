import { VconfApiError } from "../client/index.js";
import { parseCommandLine } from "./args.js";
import { attendees } from "./commands/attendees.js";
import { clock } from "./commands/clock.js";
import { cohosts } from "./commands/cohosts.js";
import { streams } from "./commands/streams.js";
import { conferences } from "./commands/conferences.js";
import { audit, faults, requests } from "./commands/inspect.js";
import { artifacts, recordings } from "./commands/media.js";
import { events, stream } from "./commands/events.js";
import { schedules } from "./commands/schedules.js";
import { runServe, SERVE_USAGE } from "./commands/serve.js";
import { reset, seed, snapshot } from "./commands/state.js";
import { token } from "./commands/token.js";
import { type Command, Context, DEFAULT_URL, GLOBAL_FLAGS, UsageError } from "./context.js";

/** Exit codes: 0 done, 1 usage (or a local problem such as an unreadable file), 2 an API error, 3 no server. */
export const EXIT = { ok: 0, usage: 1, api: 2, unreachable: 3 } as const;

/** Flags without a value. */
const SWITCHES = new Set(["--json", "--help", "--wait-host", "--all"]);

const COMMANDS: Command[] = [
  token,
  conferences,
  schedules,
  cohosts,
  streams,
  attendees,
  recordings,
  artifacts,
  seed,
  reset,
  requests,
  audit,
  faults,
  snapshot,
  events,
  stream,
  clock,
];

const USAGE = `vconf — a self-hosted DingTalk video-conference Open API

usage: vconf <command> [args] [flags]

  serve [flags]                     run the server (vconf serve --help lists its settings)
${COMMANDS.flatMap((c) => c.usage)
  .map((u) => `  ${u}`)
  .join("\n")}
  help [COMMAND]                    this text, or one command's

Every command but serve talks HTTP to a running server:
  --url URL          VCONF_URL          the server (default ${DEFAULT_URL})
  --admin-key KEY    VCONF_ADMIN_KEY    the control plane's admin key (printed by vconf serve)
  --app APPKEY       VCONF_APP_KEY      the app DingTalk calls act as (default: dingdemoapp, else the only app)
                     VCONF_APP_SECRET   the app's secret: get the token from the real token endpoint instead
                                        of the control plane (then no admin key is needed for DingTalk calls)
  --json                                print exactly one JSON document
Exit codes: 0 done, 1 usage error, 2 the server answered an error (code and message on stderr),
3 the server could not be reached.
`;

function commandUsage(c: Command): string {
  return `usage:\n${c.usage.map((u) => `  vconf ${u}`).join("\n")}\n\n${c.summary}\n`;
}

/** Splits `--name value` and `--name=value` flags from positional words. */
export function parseArgs(argv: string[]): { words: string[]; flags: Record<string, string> } {
  const { words, flags } = parseCommandLine(argv);
  return { words, flags };
}

/** Runs one command line; answers the exit code, or -1 when the process should keep running (serve). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const line = parseCommandLine(argv);
  const [name, ...args] = line.words;
  const help = line.flags["--help"] === "true";
  if (name === "serve") {
    if (help) return (print(SERVE_USAGE), EXIT.ok);
    return runServe(line.flags);
  }
  if (name === "help" || (name === undefined && help)) {
    const c = COMMANDS.find((x) => x.name === args[0]);
    if (args[0] === "serve") print(SERVE_USAGE);
    else print(c ? commandUsage(c) : USAGE);
    return EXIT.ok;
  }
  if (name === undefined) {
    print(USAGE);
    return EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`vconf: unknown command ${name}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (help) return (print(commandUsage(command)), EXIT.ok);
  const allowed = new Set([...GLOBAL_FLAGS, ...(command.flags ?? [])]);
  const unknown = Object.keys(line.flags).filter((f) => !allowed.has(f));
  const ctx = new Context(line, env);
  try {
    if (unknown.length) throw new UsageError(`unknown flag ${unknown.join(", ")}`);
    for (const [flag, value] of Object.entries(line.flags)) {
      if (!SWITCHES.has(flag) && (value === "true" || value === ""))
        throw new UsageError(`${flag} needs a value`);
    }
    if (!/^https?:\/\/[^/]/.test(ctx.url))
      throw new UsageError(`--url/VCONF_URL must be an http(s) URL, not ${ctx.url}`);
    const out = await command.run(ctx, args);
    if (!out.streamed) print(ctx.json ? JSON.stringify(out.data) : out.text);
    return EXIT.ok;
  } catch (e) {
    return report(e, command, ctx);
  }
}

function print(text: string) {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

function report(e: unknown, command: Command, ctx: Context): number {
  if (e instanceof UsageError) {
    console.error(`vconf ${command.name}: ${e.message}\n\n${commandUsage(command)}`);
    return EXIT.usage;
  }
  if (e instanceof VconfApiError) {
    const where = [`HTTP ${e.status}`, e.requestid && `requestid ${e.requestid}`].filter(Boolean).join(", ");
    const scopes = e.accessdenieddetail ? ` (needs ${e.accessdenieddetail.requiredScopes.join(", ")})` : "";
    console.error(`vconf: ${e.code}: ${e.message}${scopes} (${where})`);
    return EXIT.api;
  }
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if (e instanceof TypeError && cause) {
    console.error(`vconf: cannot reach ${ctx.url}: ${cause.code ?? cause.message ?? e.message}`);
    return EXIT.unreachable;
  }
  console.error(`vconf: ${(e as Error).message ?? String(e)}`);
  return EXIT.usage;
}
