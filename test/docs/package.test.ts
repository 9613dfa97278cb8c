import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../helpers/cli.js";

/** What `npm pack` would put in the tarball the README's install section has people build. */
function packedFiles(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    execFile(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT }, (err, stdout) => {
      if (err) return reject(err);
      resolve((JSON.parse(stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path));
    });
  });
}

test("the packed tarball holds what the package's entry points name, and no sources or tests", async () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const files = new Set(await packedFiles());
  const targets = [
    pkg.main,
    pkg.types,
    ...Object.values(pkg.bin as Record<string, string>),
    ...Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap((e) =>
      typeof e === "string" ? [e] : Object.values(e),
    ),
    "dist/main.js",
    "dist/cli/index.js",
    "docs/openapi.json",
  ].map((p: string) => p.replace(/^\.\//, ""));
  for (const t of targets) assert.ok(files.has(t), `${t} is packed`);
  for (const f of files) {
    assert.doesNotMatch(f, /^(src|test|bench|scripts|\.ci)\//, `${f} is not packed`);
  }
  // The server reads its own package.json at run time (version in the OpenAPI document).
  assert.ok(files.has("package.json"));
});
