import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ADMIN_KEY } from "./app.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/vconf.js");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `vconf` binary (the built dist/, so `npm run build` first; `npm test` does) against the
 * server at `url`, with the test admin key. `env` goes on top of a copy of process.env without any VCONF_*
 * variable; `defaults` (e.g. `{ VCONF_APP_KEY: "acme-app" }`) is what `ok` and `json` use when given none.
 */
export function cli(url: string, defaults: Record<string, string> = {}) {
  assert.ok(existsSync(join(ROOT, "dist/cli/index.js")), "run `npm run build` first (npm test does)");
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VCONF_")));

  const vconf = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { cwd: ROOT, env: { ...base, VCONF_URL: url, VCONF_ADMIN_KEY: ADMIN_KEY, ...env } },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });

  /** Expects exit 0; returns stdout. */
  const ok = async (args: string[], env: Record<string, string> = defaults) => {
    const r = await vconf(args, env);
    assert.equal(r.code, 0, `vconf ${args.join(" ")} exited ${r.code}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };

  /** Runs with --json and expects exactly one JSON document on stdout. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = async (args: string[], env?: Record<string, string>): Promise<any> => {
    const out = await ok([...args, "--json"], env);
    assert.equal(out.trimEnd().split("\n").length, 1, `one line of JSON: ${out}`);
    return JSON.parse(out);
  };

  return { vconf, ok, json };
}
