import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { control, expectOk, tokenFor, useTestApp } from "../helpers/app.js";
import { cli, ROOT } from "../helpers/cli.js";

let url: string;
let dir: string;
let vconf: ReturnType<typeof cli>["vconf"];
let ok: ReturnType<typeof cli>["ok"];
let json: ReturnType<typeof cli>["json"];

const ctx = useTestApp({ per: "file", listen: true }, (ctx) => {
  url = ctx.url;
  dir = mkdtempSync(join(tmpdir(), "vconf-cli-"));
  ({ vconf, ok, json } = cli(url, { VCONF_APP_KEY: "acme-app" }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("the co-host flow end to end through the vconf binary", async () => {
  const token = (await ok(["token", "--app", "acme-app"])).trim();
  assert.match(token, /^[0-9a-f]{32}$/);

  const created = await json([
    "conferences",
    "create",
    "--organizer",
    "union-alice",
    "--title",
    "CLI sync",
    "--invite",
    "union-bob",
    "union-carol",
  ]);
  const id: string = created.conferenceId;
  assert.match(id, /^[0-9a-f]{24}$/);

  assert.match(await ok(["attendees", "join", id, "union-bob"]), /union-bob joined/);
  assert.match(await ok(["cohosts", "add", id, "union-bob"]), /co-hosts added/);

  const table = await ok(["conferences", "members", id]);
  const bobRow = table.split("\n").find((l) => l.startsWith("union-bob"));
  assert.ok(bobRow, table);
  assert.match(bobRow, /\bco-host\b/);
  assert.match(bobRow, /in meeting/);
  assert.match(table.split("\n").find((l) => l.startsWith("union-alice")) ?? "", /\bhost\b/);
  assert.match(table, /3 members/);

  const members = await json(["conferences", "members", id]);
  assert.equal(members.totalCount, 3);
  const bob = members.memberModels.find((m: { unionId: string }) => m.unionId === "union-bob");
  assert.equal(bob.coHost, true);

  assert.match(await ok(["cohosts", "remove", id, "union-bob"]), /co-hosts removed/);
  const after = await json(["conferences", "members", id]);
  assert.equal(after.memberModels.filter((m: { coHost: boolean }) => m.coHost).length, 0);

  assert.match(await ok(["conferences", "close", id, "--by", "union-alice"]), new RegExp(`closed ${id}`));
  const info = await json(["conferences", "info", id]);
  assert.equal(info.confInfo.status, 1);
  assert.match(await ok(["conferences", "info", id]), /status\s+1 \(ended\)/);

  const audit = expectOk(await control(ctx.app).audit(id)).entries as { operation: string; app: string }[];
  const cohostCalls = audit.filter((e) => e.operation === "Cohosts");
  assert.equal(cohostCalls.length, 2, "the CLI's add and remove reached the server");
  assert.ok(cohostCalls.every((e) => e.app === "acme-app"));
  assert.match(await ok(["audit", id]), /Cohosts\s+union-bob/);
});

test("--json prints exactly one JSON document for each command", async () => {
  const t = await json(["token"]);
  assert.equal(t.appKey, "acme-app");
  assert.match(t.accessToken, /^[0-9a-f]{32}$/);
  const id = (await json(["conferences", "create", "--organizer", "union-alice", "--title", "J"]))
    .conferenceId;
  assert.deepEqual(await json(["attendees", "join", id, "union-dave"]), { joined: true });
  assert.deepEqual(await json(["attendees", "unmute", id, "union-dave"]), { micStatus: 2 });
  assert.deepEqual(await json(["cohosts", "add", id, "union-dave", "union-erin"]), { success: true });
  assert.equal((await json(["conferences", "info", id])).confInfo.activeNum, 1);
  assert.deepEqual(await json(["attendees", "leave", id, "union-dave"]), { left: true });
  const audit = await json(["audit", id]);
  assert.ok(audit.entries.some((e: { operation: string }) => e.operation === "Cohosts"));
  assert.deepEqual(await json(["conferences", "close", id, "--by", "union-alice"]), {
    code: 200,
    cause: "success",
  });
});

test("a failed call exits 2 with the DingTalk code and message on stderr and changes nothing", async () => {
  const id = (await json(["conferences", "create", "--organizer", "union-alice", "--title", "F"]))
    .conferenceId;
  const r = await vconf(["cohosts", "add", id, "union-bob", "union-nobody"], { VCONF_APP_KEY: "acme-app" });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /unknownUserError: unknownUserError/);
  assert.match(r.stderr, /HTTP 400/);
  assert.match(r.stderr, /requestid [0-9A-F]{8}-/);
  assert.equal(r.stdout, "");
  const members = await json(["conferences", "members", id]);
  assert.equal(members.memberModels.filter((m: { coHost: boolean }) => m.coHost).length, 0);

  const closed = await vconf(["conferences", "close", id, "--by", "union-bob"], {
    VCONF_APP_KEY: "acme-app",
  });
  assert.equal(closed.code, 2);
  assert.match(closed.stderr, /permissionError/);

  const refused = await vconf(["token"], { VCONF_APP_KEY: "acme-app", VCONF_ADMIN_KEY: "wrong-admin-key" });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /vconf\.AdminKeyRequired/);

  const reader = await vconf(["conferences", "create", "--organizer", "union-alice", "--title", "R"], {
    VCONF_APP_KEY: "acme-reader",
  });
  assert.equal(reader.code, 2);
  assert.match(reader.stderr, /Forbidden\.AccessDenied\.AccessTokenPermissionDenied/);
  assert.match(reader.stderr, /VideoConference\.Conference\.Write/);
});

test("usage errors exit 1 and say what is wrong", async () => {
  const cases: [string[], RegExp][] = [
    [[], /usage: vconf <command>/],
    [["frobnicate"], /unknown command frobnicate/],
    [["conferences"], /missing subcommand/],
    [["conferences", "info"], /missing CONF/],
    [["conferences", "create", "--organizer", "union-alice"], /--title is required/],
    [["conferences", "members", "abc", "--frob", "x"], /unknown flag --frob/],
    [["cohosts", "promote", "abc", "union-bob"], /unknown subcommand cohosts promote/],
    [["cohosts", "add", "abc"], /missing UNIONID/],
    [["requests", "--limit", "zero"], /--limit must be a positive number/],
    [["seed", join(ROOT, "no-such-seed.json")], /cannot read/],
    [["token", "--app"], /--app needs a value/],
    [["token", "--url", "localhost:8080"], /must be an http\(s\) URL/],
  ];
  for (const [args, message] of cases) {
    const r = await vconf(args, { VCONF_APP_KEY: "acme-app" });
    assert.equal(r.code, 1, `vconf ${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr + r.stdout, message, `vconf ${args.join(" ")}`);
  }
  const noKey = await vconf(["attendees", "join", "abc", "union-bob"], { VCONF_ADMIN_KEY: "" });
  assert.equal(noKey.code, 1);
  assert.match(noKey.stderr, /needs the admin key/);
  const noCredentials = await vconf(["token"], { VCONF_ADMIN_KEY: "" });
  assert.equal(noCredentials.code, 1);
  assert.match(noCredentials.stderr, /VCONF_APP_SECRET/);
});

test("help and --help exit 0 and list the commands", async () => {
  for (const args of [["help"], ["--help"], ["-h"]]) {
    const out = await ok(args);
    for (const c of ["serve", "token", "conferences create", "cohosts add", "attendees join", "faults set"])
      assert.ok(out.includes(c), `${args.join(" ")} lists ${c}`);
  }
  assert.match(await ok(["help", "cohosts"]), /vconf cohosts remove CONF UNIONID/);
  assert.match(await ok(["conferences", "--help"]), /vconf conferences close CONF --by UNIONID/);
  assert.match(await ok(["serve", "--help"]), /VCONF_PORT/);
});

test("with VCONF_APP_SECRET the CLI uses the real token endpoint and needs no admin key", async () => {
  const expected = await tokenFor(ctx.app, "acme-app", "acme-secret");
  const t = await json(["token"], {
    VCONF_APP_KEY: "acme-app",
    VCONF_APP_SECRET: "acme-secret",
    VCONF_ADMIN_KEY: "",
  });
  assert.equal(t.accessToken, expected, "the internal app's token is the same while valid");
  assert.equal(t.via, "POST /v1.0/oauth2/accessToken");
  const bad = await vconf(["token"], {
    VCONF_APP_KEY: "acme-app",
    VCONF_APP_SECRET: "wrong",
    VCONF_ADMIN_KEY: "",
  });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalidClientIdOrSecret/);
});

test("without --app the CLI acts as the demo app dingdemoapp once it exists", async () => {
  const missing = await vconf(["token"]);
  assert.equal(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, /no app dingdemoapp; name one with --app or VCONF_APP_KEY/);

  const seedFile = join(dir, "demo.json");
  writeFileSync(
    seedFile,
    JSON.stringify({
      orgs: [
        {
          corpId: "dingdemocorp",
          name: "Demo",
          users: [{ unionId: "union-zed", userId: "zed", name: "Zed" }],
          apps: [
            {
              appKey: "dingdemoapp",
              appSecret: "demo-secret",
              scopes: ["VideoConference.Conference.Write", "VideoConference.Conference.Read"],
            },
          ],
        },
      ],
    }),
  );
  assert.match(await ok(["seed", seedFile], {}), /applied/);
  assert.deepEqual(await json(["seed", seedFile], {}), { success: true });
  assert.equal((await json(["token"], {})).appKey, "dingdemoapp");
  const created = await json(["conferences", "create", "--organizer", "union-zed", "--title", "Demo"], {});
  assert.equal(
    (await json(["conferences", "info", created.conferenceId], {})).confInfo.creatorId,
    "union-zed",
  );

  const badSeed = join(dir, "bad.json");
  writeFileSync(badSeed, JSON.stringify({ orgs: [{ corpId: "x", name: "X", colour: "red" }] }));
  const r = await vconf(["seed", badSeed]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /paramsError: .*colour/);
});

test("reset drops one org's conferences; an unreachable server exits 3", async () => {
  const id = (await json(["conferences", "create", "--organizer", "union-alice", "--title", "Gone"]))
    .conferenceId;
  assert.match(await ok(["reset", "--corp", "dingcorp-acme"]), /reset org dingcorp-acme/);
  const r = await vconf(["conferences", "info", id], { VCONF_APP_KEY: "acme-app" });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /roomNotFound: ROOM NOT FOUND/);
  const noOrg = await vconf(["reset", "--corp", "dingcorp-nowhere"]);
  assert.equal(noOrg.code, 2);
  assert.match(noOrg.stderr, /vconf\.NotFound/);

  const port = await freePort();
  const down = await vconf(["token", "--url", `http://127.0.0.1:${port}`], { VCONF_APP_KEY: "acme-app" });
  assert.equal(down.code, 3, down.stderr);
  assert.match(down.stderr, /cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
});

/** A port nobody listens on (bound, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
