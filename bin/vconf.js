#!/usr/bin/env node
// The package's command: runs the compiled CLI (npm ci builds it through the prepare script).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/cli/index.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error("vconf: not built yet; run `npm run build` (npm ci and npm start do it for you)");
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
