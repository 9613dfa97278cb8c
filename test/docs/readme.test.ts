import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startVconf, type RunningVconf } from "../../src/testing/index.js";
import { ROOT } from "../helpers/cli.js";

/**
 * The README's examples, taken from the README itself (so they cannot drift): its TypeScript blocks
 * compile with `tsc` as written, the `vconf/testing` example passes as a test file, the SDK and typed-client
 * examples and the media (JavaScript) example run against a server with the demo seed (only the address
 * changes), and the seed example applies on it.
 */
const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** Fenced blocks of `lang`, with the heading above each. */
function blocks(lang: string): { heading: string; code: string }[] {
  const out: { heading: string; code: string }[] = [];
  let heading = "";
  const lines = README.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith("#")) heading = lines[i].replace(/^#+\s*/, "");
    if (lines[i] === "```" + lang) {
      const end = lines.indexOf("```", i + 1);
      out.push({ heading, code: lines.slice(i + 1, end).join("\n") + "\n" });
      i = end;
    }
  }
  return out;
}
const ts = blocks("ts");
const only = (pred: (code: string) => boolean, what: string) => {
  const found = ts.filter((b) => pred(b.code));
  assert.equal(found.length, 1, `one README example ${what}`);
  return found[0].code;
};
const SDK_EXAMPLE = only(
  (c) => c.includes("@alicloud/dingtalk") && c.includes("cohostsWithOptions"),
  "setting co-hosts with the SDK",
);
const SCHEDULE_EXAMPLE = only(
  (c) => c.includes("createScheduleConferenceWithOptions"),
  "booking a meeting with the SDK",
);
const CLIENT_EXAMPLE = only((c) => c.includes('from "vconf"'), "with the typed client");
const TESTING_EXAMPLE = only((c) => c.includes('from "vconf/testing"'), "with vconf/testing");

// Inside the package, so `vconf` and `vconf/testing` resolve to this package (a self-reference) and
// node_modules is the project's.
let dir: string;
let vconf: RunningVconf;
before(async () => {
  dir = mkdtempSync(join(ROOT, ".readme-"));
  vconf = await startVconf();
});
after(async () => {
  await vconf.stop();
  rmSync(dir, { recursive: true, force: true });
});

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  // Without NODE_TEST_CONTEXT, a child's node:test is a runner of its own, not a subtest of this file.
  const { NODE_TEST_CONTEXT: _, ...parent } = process.env;
  return new Promise<{ code: number; out: string }>((resolve) => {
    execFile(cmd, args, { cwd: ROOT, env: { ...parent, ...env }, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, out: stdout + stderr }),
    );
  });
}

test("every TypeScript example in the README type-checks as written", async () => {
  assert.ok(ts.length >= 3, `found ${ts.length} TypeScript blocks`);
  ts.forEach((b, i) => writeFileSync(join(dir, `example-${i}.ts`), b.code));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: "../tsconfig.json",
      compilerOptions: { noEmit: true, rootDir: ".." },
      include: ["*.ts"],
    }),
  );
  const tsc = await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", dir]);
  assert.equal(
    tsc.code,
    0,
    `tsc on the README's examples:\n${tsc.out}\n${ts.map((b, i) => `example-${i}: ${b.heading}`).join("\n")}`,
  );
});

test("the vconf/testing example passes as a node:test file", async () => {
  const file = join(dir, "testing-example.test.ts");
  writeFileSync(file, TESTING_EXAMPLE);
  const r = await run(process.execPath, ["--import", "tsx", "--test", file]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^# pass 3$/m);
  assert.match(r.out, /^# fail 0$/m);
});

test("the official SDK example runs against the default server (only the endpoint differs)", async () => {
  assert.ok(SDK_EXAMPLE.includes('endpoint: "127.0.0.1:8080"'));
  const file = join(dir, "sdk-example.ts");
  writeFileSync(file, SDK_EXAMPLE.replace('endpoint: "127.0.0.1:8080"', `endpoint: "${vconf.endpoint}"`));
  const r = await run(process.execPath, ["--import", "tsx", file]);
  assert.equal(r.code, 0, r.out);
  const bob = (r.out.match(/\{[^}]*\}/g) ?? []).find((m) => m.includes("unionId: 'union-bob'"));
  assert.match(bob ?? "", /coHost: true/, r.out);
});

test("the typed-client example runs against the default server", async () => {
  assert.ok(CLIENT_EXAMPLE.includes('url: "http://127.0.0.1:8080"'));
  const file = join(dir, "client-example.ts");
  writeFileSync(file, CLIENT_EXAMPLE.replace('url: "http://127.0.0.1:8080"', `url: "${vconf.url}"`));
  const r = await run(process.execPath, ["--import", "tsx", file], { VCONF_ADMIN_KEY: vconf.adminKey });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^400 unknownUserError [0-9A-F-]{36}$/m);
});

test("the media example (Recordings and other media) runs against the default server", async () => {
  const js = blocks("js").filter((b) => b.heading === "Recordings and other media");
  assert.equal(js.length, 1, "one media example");
  assert.ok(js[0].code.includes('endpoint: "127.0.0.1:8080"'));
  const file = join(dir, "media-example.mjs");
  writeFileSync(file, js[0].code.replace('endpoint: "127.0.0.1:8080"', `endpoint: "${vconf.endpoint}"`));
  const r = await run(process.execPath, [file], { VCONF_ADMIN_KEY: vconf.adminKey });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^m1 [1-9][0-9]{14} Hello\n1$/m);
});

test("the Scheduled meetings example books a meeting; the room-code join it shows starts it", async () => {
  assert.ok(SCHEDULE_EXAMPLE.includes('endpoint: "127.0.0.1:8080"'));
  const file = join(dir, "schedule-example.ts");
  writeFileSync(
    file,
    SCHEDULE_EXAMPLE.replace('endpoint: "127.0.0.1:8080"', `endpoint: "${vconf.endpoint}"`),
  );
  const r = await run(process.execPath, ["--import", "tsx", file]);
  assert.equal(r.code, 0, r.out);
  const [roomCode, url] = r.out.trim().split(/\s+/);
  assert.match(roomCode, /^\d{9}$/, r.out);
  assert.match(url, /^https?:\/\//, r.out);
  const joined = await fetch(`${vconf.url}/_vconf/v1/roomCodes/${roomCode}/attendees/union-carol/join`, {
    method: "POST",
    headers: { "x-vconf-admin-key": vconf.adminKey, "content-type": "application/json" },
    body: "{}",
  });
  const body = (await joined.json()) as { joined: boolean; started: boolean };
  assert.deepEqual([joined.status, body.joined, body.started], [200, true, true], JSON.stringify(body));
});

test("the seed example applies on the default server (with the demo org), twice", async () => {
  const json = blocks("json").filter((b) => b.heading === "Seed file");
  assert.equal(json.length, 1, "one seed example");
  const doc = JSON.parse(json[0].code);
  assert.deepEqual(await vconf.client.seed(doc), { success: true });
  assert.deepEqual(await vconf.client.seed(doc), { success: true });
  const orgs = (await vconf.client.listOrgs()).orgs.map((o) => o.corpId);
  assert.ok(orgs.includes("dingdemocorp") && orgs.includes(doc.orgs[0].corpId), orgs.join(", "));
  const apps = (await vconf.client.listApps(doc.orgs[0].corpId)).apps.map((a) => a.appKey);
  assert.deepEqual(apps, [doc.orgs[0].apps[0].appKey]);
});

test("the Stream example, run as written, prints a created meeting's events (DingTalk's own client)", async () => {
  const found = blocks("js").filter((b) => b.code.startsWith("// events.cjs"));
  assert.equal(found.length, 1, "one README Stream example");
  const gateway = "http://127.0.0.1:8080/v1.0/gateway/connections/open";
  assert.ok(found[0].code.includes(gateway));
  const file = join(dir, "events.cjs");
  writeFileSync(file, found[0].code.replace(gateway, `${vconf.url}/v1.0/gateway/connections/open`));
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const child = spawn(process.execPath, [file], { cwd: ROOT, env });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const until = async (re: RegExp) => {
    for (let i = 0; i < 600 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(out, re);
  };
  try {
    await until(/connect success/);
    // As the README says: create a meeting with the CLI (the demo app creates it, so the twin comes too).
    const r = await run(
      process.execPath,
      [
        join(ROOT, "bin/vconf.js"),
        "conferences",
        "create",
        "--organizer",
        "union-alice",
        "--title",
        "Standup",
      ],
      {
        VCONF_URL: vconf.url,
        VCONF_ADMIN_KEY: vconf.adminKey,
      },
    );
    assert.equal(r.code, 0, r.out);
    await until(/^meeting_status_change conference_created #1 [0-9a-f]{32}$/m);
    await until(/^meeting_status_change_target_push conference_created #1 [0-9a-f]{32}$/m);
  } finally {
    child.kill();
  }
});
