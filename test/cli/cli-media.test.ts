import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { useTestApp } from "../helpers/app.js";
import { cli } from "../helpers/cli.js";

let dir: string;
let vconf: ReturnType<typeof cli>["vconf"];
let ok: ReturnType<typeof cli>["ok"];
let json: ReturnType<typeof cli>["json"];

useTestApp({ per: "file", listen: true }, (ctx) => {
  dir = mkdtempSync(join(tmpdir(), "vconf-cli-media-"));
  ({ vconf, ok, json } = cli(ctx.url, { VCONF_APP_KEY: "acme-app" }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("recordings start/stop and artifacts put/get through the binary", async () => {
  const id = (await json(["conferences", "create", "--organizer", "union-alice", "--title", "R"]))
    .conferenceId;
  await ok(["attendees", "join", id, "union-alice"]);
  assert.match(await ok(["recordings", "start", id, "--by", "union-alice"]), /cloud recording started/);
  assert.equal((await json(["conferences", "info", id])).confInfo.cloudRecordStatus, 1);
  const refused = await vconf(["recordings", "start", id, "--by", "union-alice"], {
    VCONF_APP_KEY: "acme-app",
  });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /recordStartError/);
  assert.match(await ok(["recordings", "stop", id, "--by", "union-alice"]), /cloud recording stopped/);
  const file = join(dir, "artifacts.json");
  writeFileSync(file, JSON.stringify({ minutesMeetingResult: { fullSummary: "done", action: ["ship"] } }));
  assert.match(await ok(["artifacts", "put", id, file]), /minutesMeetingResult/);
  assert.deepEqual(await json(["artifacts", "get", id]), {
    minutesMeetingResult: { fullSummary: "done", action: ["ship"] },
  });
  writeFileSync(file, JSON.stringify({ minutesMeetingResult: { fullSummary: 1 } }));
  const bad = await vconf(["artifacts", "put", id, file]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /fullSummary must be a string/);
  assert.equal((await vconf(["recordings", "pause", id])).code, 1);
});
