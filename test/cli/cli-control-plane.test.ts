import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  dir = mkdtempSync(join(tmpdir(), "vconf-cli-cp-"));
  ({ vconf, ok, json } = cli(ctx.url, { VCONF_APP_KEY: "acme-app" }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("faults set/show/clear and requests through the binary", async () => {
  const id = (await json(["conferences", "create", "--organizer", "union-alice", "--title", "F"]))
    .conferenceId;
  const file = join(dir, "faults.json");
  writeFileSync(
    file,
    JSON.stringify({
      seed: 1,
      faults: [{ operation: "Cohosts", status: 500, code: "systemError", count: 1 }],
    }),
  );
  assert.match(await ok(["faults", "set", file]), /1 fault active/);
  assert.match(await ok(["faults", "show"]), /Cohosts\s+500\s+systemError/);

  const hit = await vconf(["cohosts", "add", id, "union-bob"], { VCONF_APP_KEY: "acme-app" });
  assert.equal(hit.code, 2);
  assert.match(hit.stderr, /systemError/);
  assert.match(hit.stderr, /HTTP 500/);
  assert.equal((await json(["faults", "show"])).faults[0].fired, 1);
  await ok(["cohosts", "add", id, "union-bob"]);
  assert.match(await ok(["faults", "clear"]), /faults cleared/);
  assert.match(await ok(["faults", "show"]), /no faults/);

  const journal = await json(["requests", "--operation", "Cohosts"]);
  assert.deepEqual(
    journal.entries.map((e: { status: number }) => e.status),
    [500, 200],
  );
  assert.match(await ok(["requests", "--limit", "5"]), /^TIME\s+STATUS\s+OPERATION/);
  assert.match(await ok(["requests", "--status", "5xx"]), /Cohosts.*systemError/);
  await ok(["requests", "clear"]);
  assert.deepEqual((await json(["requests"])).entries, []);

  const bad = join(dir, "bad-faults.json");
  writeFileSync(bad, JSON.stringify({ faults: [{ operation: "Nope", status: 500 }] }));
  const refused = await vconf(["faults", "set", bad]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /paramsError/);
});

test("snapshot export FILE and import FILE round-trip the state", async () => {
  const id = (await json(["conferences", "create", "--organizer", "union-alice", "--title", "S"]))
    .conferenceId;
  const file = join(dir, "state.json");
  assert.match(await ok(["snapshot", "export", file]), /snapshot written to/);
  assert.equal(JSON.parse(readFileSync(file, "utf8")).format, "vconf.snapshot");
  const stdout = JSON.parse(await ok(["snapshot", "export"]));
  assert.equal(stdout.format, "vconf.snapshot");

  await ok(["conferences", "close", id, "--by", "union-alice"]);
  assert.equal((await json(["conferences", "info", id])).confInfo.status, 1);
  assert.match(await ok(["snapshot", "import", file]), /imported/);
  assert.equal((await json(["conferences", "info", id])).confInfo.status, 2);
});

test("without --app or a demo app, the CLI acts as the only app there is", async () => {
  const several = await vconf(["token"]);
  assert.equal(several.code, 1);
  assert.match(several.stderr, /\(apps: acme-app, acme-noscope, acme-reader, globex-app\)/);

  await ok(["reset"]);
  const file = join(dir, "one-app.json");
  const state = JSON.parse(await ok(["snapshot", "export"]));
  state.apps = state.apps.filter((a: { appKey: string }) => a.appKey === "acme-reader");
  writeFileSync(file, JSON.stringify(state));
  await ok(["snapshot", "import", file]);
  const t = await json(["token"], {});
  assert.equal(t.appKey, "acme-reader");

  state.apps = [];
  writeFileSync(file, JSON.stringify(state));
  await ok(["snapshot", "import", file]);
  const none = await vconf(["token"]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no app dingdemoapp; name one with --app/);
});
