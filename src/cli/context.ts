import { readFileSync } from "node:fs";
import { VconfApiError, VconfClient } from "../client/index.js";
import type { CommandLine } from "./args.js";

/** The demo app `vconf serve` seeds into an empty store: the CLI's default app. */
export const DEMO_APP = "dingdemoapp";
export const DEFAULT_URL = "http://127.0.0.1:8080";

/** A mistake in how the command was called: exit 1 with the command's usage. */
export class UsageError extends Error {}

/** What a command answers: `data` for `--json` (exactly one document), `text` for people. */
export interface Output {
  data: unknown;
  text: string;
  /** The command already wrote its output as it went (`events tail`). */
  streamed?: boolean;
}

export interface Command {
  name: string;
  /** One line per form, without the leading `vconf `. */
  usage: string[];
  summary: string;
  /** Flags this command accepts besides the global ones. */
  flags?: string[];
  run(ctx: Context, args: string[]): Promise<Output>;
}

/** Flags every client command accepts. */
export const GLOBAL_FLAGS = ["--url", "--admin-key", "--app", "--json", "--help"];

/** The server, the credentials and the parsed command line a command runs with. */
export class Context {
  readonly url: string;
  readonly adminKey: string | undefined;
  readonly json: boolean;
  private token?: Promise<AppToken>;

  constructor(
    readonly line: CommandLine,
    readonly env: NodeJS.ProcessEnv,
  ) {
    this.url = line.flags["--url"] ?? env.VCONF_URL ?? DEFAULT_URL;
    this.adminKey = line.flags["--admin-key"] ?? env.VCONF_ADMIN_KEY;
    this.json = line.flags["--json"] === "true";
  }

  flag(name: string): string | undefined {
    return this.line.flags[name];
  }

  /** A client with the admin key, for the control plane. */
  control(): VconfClient {
    if (!this.adminKey)
      throw new UsageError("this command needs the admin key: --admin-key or VCONF_ADMIN_KEY");
    return new VconfClient({ url: this.url, adminKey: this.adminKey });
  }

  /** A client acting as the chosen app (see `appToken`). */
  async dingtalk(): Promise<VconfClient> {
    const { accessToken } = await this.appToken();
    return new VconfClient({ url: this.url, accessToken, adminKey: this.adminKey });
  }

  /**
   * The app's access token. The app is `--app`, else `VCONF_APP_KEY`, else the demo app, else the only
   * app the server has. With `VCONF_APP_SECRET` it comes from the real token endpoint, otherwise from
   * the control plane (admin key).
   */
  appToken(): Promise<AppToken> {
    return (this.token ??= this.fetchAppToken());
  }

  private async fetchAppToken(): Promise<AppToken> {
    const named = this.line.flags["--app"] ?? this.env.VCONF_APP_KEY;
    const secret = this.env.VCONF_APP_SECRET;
    const base = new VconfClient({ url: this.url });
    if (secret) {
      const appKey = named ?? DEMO_APP;
      const r = await base.getAccessToken({ appKey, appSecret: secret });
      return { appKey, ...r, via: "POST /v1.0/oauth2/accessToken" };
    }
    if (!this.adminKey) {
      throw new UsageError(
        "DingTalk calls need credentials: the admin key (--admin-key or VCONF_ADMIN_KEY), or VCONF_APP_SECRET",
      );
    }
    const control = this.control();
    const issue = async (appKey: string) => ({
      appKey,
      ...(await control.issueToken({ appKey })),
      via: "POST /_vconf/v1/tokens",
    });
    if (named) return issue(named);
    try {
      return await issue(DEMO_APP);
    } catch (e) {
      if (!(e instanceof VconfApiError) || e.code !== "vconf.NotFound") throw e;
    }
    const apps = await onlyApps(control);
    if (apps.length === 1) return issue(apps[0]);
    throw new UsageError(
      `there is no app ${DEMO_APP}; name one with --app or VCONF_APP_KEY` +
        (apps.length ? ` (apps: ${apps.join(", ")})` : ""),
    );
  }
}

export interface AppToken {
  appKey: string;
  accessToken: string;
  expireIn: number;
  /** Which endpoint issued it. */
  via: string;
}

/** Every internal app's key, from the control plane's org and app listings. */
async function onlyApps(control: VconfClient): Promise<string[]> {
  const { orgs } = await control.listOrgs();
  const keys: string[] = [];
  for (const org of orgs) for (const app of (await control.listApps(org.corpId)).apps) keys.push(app.appKey);
  return keys.sort();
}

/** Reads a JSON file; a missing or malformed file is a usage error. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path} is not JSON: ${(e as Error).message}`);
  }
}

/** Exactly `n` positional arguments (named by `names`), or a usage error. */
export function expectArgs(args: string[], names: string[], opts: { rest?: boolean } = {}): string[] {
  if (args.length < names.length) throw new UsageError(`missing ${names.slice(args.length).join(" ")}`);
  if (!opts.rest && args.length > names.length)
    throw new UsageError(`unexpected ${args.slice(names.length).join(" ")}`);
  return args;
}

/** A required flag's value, or a usage error. */
export function requireFlag(ctx: Context, name: string): string {
  const v = ctx.flag(name);
  if (v === undefined || v === "true" || v === "") throw new UsageError(`${name} is required`);
  return v;
}
