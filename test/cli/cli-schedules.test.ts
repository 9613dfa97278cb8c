import assert from "node:assert/strict";
import { test } from "node:test";
import { useTestApp } from "../helpers/app.js";
import { cli } from "../helpers/cli.js";

let vconf: ReturnType<typeof cli>["vconf"];
let ok: ReturnType<typeof cli>["ok"];
let json: ReturnType<typeof cli>["json"];

useTestApp({ per: "file", listen: true }, (ctx) => {
  ({ vconf, ok, json } = cli(ctx.url, { VCONF_APP_KEY: "acme-app" }));
});

test("vconf schedules create, list and cancel", async () => {
  const times = ["--start", "2026-03-01T09:00:00Z", "--end", "2026-03-01T10:00:00Z"];
  const made = await json(["schedules", "create", "--creator", "union-alice", "--title", "Board", ...times]);
  assert.match(made.roomCode, /^\d{9}$/);
  const listed = await ok(["schedules", "list", "--corp", "dingcorp-acme"]);
  assert.match(
    listed,
    new RegExp(`${made.scheduleConferenceId}\\s+Board\\s+${made.roomCode}\\s+2026-03-01T09:00:00.000Z`),
  );
  assert.match(
    await ok(["schedules", "cancel", made.scheduleConferenceId, "--by", "union-alice"]),
    /cancelled/,
  );
  const after = await json(["schedules", "list", "--corp", "dingcorp-acme"]);
  assert.equal(after.scheduleConferences[0].cancelled, true);
  const again = await vconf(["schedules", "cancel", made.scheduleConferenceId, "--by", "union-alice"], {
    VCONF_APP_KEY: "acme-app",
  });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /resourceCancel/);
  const bad = await vconf([
    "schedules",
    "create",
    "--creator",
    "union-alice",
    "--title",
    "X",
    "--start",
    "soon",
    "--end",
    "1",
  ]);
  assert.equal(bad.code, 1);
});
