/**
 * Takes the README's console screenshots (docs/console-*.png): a throwaway server with the demo org, a
 * few meetings made through the typed client, and Debian's chromium through playwright-core. Run it after
 * changing the console: `npm run screenshots`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../src/app.js";
import { VconfClient } from "../src/client/index.js";
import { systemClock } from "../src/domain/clock.js";
import { applySeed, DEMO_SEED } from "../src/emulator/seed.js";
import { SqliteStore } from "../src/store/sqlite/index.js";
import { browserMissing, launchBrowser } from "../test/helpers/browser.js";

const ADMIN_KEY = "screenshot-admin-key";
const missing = browserMissing();
if (missing) throw new Error(missing);

const dir = mkdtempSync(join(tmpdir(), "vconf-shots-"));
const store = SqliteStore.open(dir);
const deps = { store, clock: systemClock, maxCoHosts: 100, maxMembers: 1000 };
await applySeed(deps, DEMO_SEED);
const app = buildApp({
  deps,
  config: { adminKey: ADMIN_KEY, rateLimit: 0, logLevel: "silent" },
  logger: false,
});
await app.listen({ host: "127.0.0.1", port: 0 });
const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const admin = new VconfClient({ url, adminKey: ADMIN_KEY });
const demo = await admin.useApp("dingdemoapp");
const ended = await demo.createVideoConference({ userId: "union-alice", confTitle: "Design review" });
await admin.join(ended.conferenceId, "union-bob");
await demo.closeVideoConference(ended.conferenceId, "union-alice");
const weekly = await demo.createVideoConference({
  userId: "union-alice",
  confTitle: "Weekly planning",
  inviteUserIds: ["union-bob", "union-carol", "union-dave"],
});
const id = weekly.conferenceId;
await admin.join(id, "union-alice", { deviceType: "mac" });
await admin.join(id, "union-bob", { deviceType: "ios" });
await admin.join(id, "union-carol", { deviceType: "android", cameraStatus: 1 });
await demo.setCoHosts(id, "add", ["union-bob"]);
await demo.muteMembers(id, { action: "mute", userList: [{ unionId: "union-carol" }] });
await demo.createVideoConference({
  userId: "union-bob",
  confTitle: "1:1 Bob / Dave",
  inviteUserIds: ["union-dave"],
});
await demo.setCoHosts(id, "add", ["union-nobody"]).catch(() => undefined);
await admin.setFaults({
  seed: 42,
  faults: [
    { operation: "Cohosts", status: 500, code: "systemError", message: "systemError:injected", count: 2 },
    { operation: "QueryConferenceMembers", delayMs: 300, probability: 0.5 },
  ],
});

const browser = await launchBrowser();
const page = await browser.page();
const shot = (name: string) => page.screenshot({ path: `docs/console-${name}.png` });
await page.goto(`${url}/console/`);
await page.getByLabel("Admin key").fill(ADMIN_KEY);
await page.getByRole("button", { name: "Sign in" }).click();
await page.getByRole("link", { name: "Weekly planning" }).waitFor();
await page.getByRole("status", { name: "Live updates: Live" }).waitFor();
await shot("conferences");

await page.getByRole("link", { name: "Weekly planning" }).click();
await page.getByRole("button", { name: "Kick Alice" }).click();
await page.getByRole("alert").waitFor();
await shot("conference");

await page.setViewportSize({ width: 400, height: 800 });
await shot("narrow");
await page.setViewportSize({ width: 1280, height: 800 });

await page.getByRole("link", { name: "Requests" }).click();
await page.getByRole("row").filter({ hasText: "unknownUserError" }).waitFor();
await shot("requests");

await page.getByRole("link", { name: "Faults" }).click();
await page.getByRole("table", { name: "Active faults" }).waitFor();
await shot("faults");

await browser.close();
await app.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log("wrote docs/console-{conferences,conference,narrow,requests,faults}.png");
