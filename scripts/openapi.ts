/**
 * Writes docs/openapi.json from the routes' schemas (the same document the server serves at
 * /openapi.json). `--check` writes nothing and fails when the committed copy differs: `npm run check`
 * runs it, so the committed document cannot drift from the code.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { buildApp } from "../src/app.js";
import { EmulatorClock } from "../src/emulator/clock.js";
import { SqliteStore } from "../src/store/sqlite/index.js";

const target = new URL("../docs/openapi.json", import.meta.url);
const store = new SqliteStore(":memory:");
const app = buildApp({
  deps: { store, clock: new EmulatorClock(), maxCoHosts: 100, maxMembers: 1000 },
  config: { adminKey: "openapi-generator", rateLimit: 0, logLevel: "silent" },
  logger: false,
});
await app.ready();
const text = JSON.stringify(app.swagger(), null, 2) + "\n";
await app.close();
await store.close();

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    // missing: reported below
  }
  if (committed !== text) {
    console.error(
      "docs/openapi.json is out of date with the routes' schemas: run `npm run openapi` and commit it",
    );
    process.exit(1);
  }
  console.log("docs/openapi.json is up to date");
} else {
  writeFileSync(target, text);
  console.log("wrote docs/openapi.json");
}
