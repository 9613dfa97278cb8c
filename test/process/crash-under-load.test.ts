import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

// Group commit answers a request only after the batch holding it is committed and synced. Under many
// concurrent writers (so batches really hold many requests), SIGKILL the real server at random points;
// after each restart every acknowledged change must be there.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CONF = "/v1.0/conference/videoConferences";
const USERS = Array.from({ length: 48 }, (_, i) => `union-crash-${i}`);
const SEED = {
  orgs: [
    {
      corpId: "dingcrash",
      name: "Crash",
      users: [{ unionId: "union-crash-host", userId: "host", name: "Host" }].concat(
        USERS.map((u, i) => ({ unionId: u, userId: `u${i}`, name: `U${i}` })),
      ),
      apps: [
        {
          appKey: "crash-app",
          appSecret: "crash-secret",
          scopes: ["VideoConference.Conference.Write", "VideoConference.Conference.Read"],
        },
      ],
    },
  ],
};

const dir = mkdtempSync(join(tmpdir(), "vconf-crash-"));
const seedFile = join(dir, "seed.json");
writeFileSync(seedFile, JSON.stringify(SEED));
const children = new Set<ChildProcess>();
after(() => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `vconf serve` on a free port over `dataDir`; resolves with its URL once it prints it. */
function start(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("VCONF_")) env[k] = v;
  Object.assign(env, {
    VCONF_PORT: "0",
    VCONF_DATA_DIR: dataDir,
    VCONF_SEED: seedFile,
    VCONF_ADMIN_KEY: "crash-admin-key",
    VCONF_LOG_LEVEL: "warn",
  });
  const child = spawn(process.execPath, [join(ROOT, "bin/vconf.js"), "serve"], { cwd: ROOT, env });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (s: string) => {
      out += s;
      const m = /vconf listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (out += s));
    child.once("exit", (code) => reject(new Error(`vconf exited (${code}) before listening:\n${out}`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

async function call(url: string, method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { "x-acs-dingtalk-access-token": token } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

let seed = 987654321;
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};

test("SIGKILL at random points under concurrent writes loses no acknowledged change", async () => {
  const dataDir = join(dir, "data");
  let server = await start(dataDir);
  const tok = await call(server.url, "POST", "/v1.0/oauth2/accessToken", undefined, {
    appKey: "crash-app",
    appSecret: "crash-secret",
  });
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  const token: string = tok.body.accessToken;
  const created = await call(server.url, "POST", CONF, token, {
    userId: "union-crash-host",
    confTitle: "Crash",
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const id: string = created.body.conferenceId;

  const acked = new Map<string, boolean>(); // user → coHost per the last acknowledged answer
  const inFlight = new Map<string, boolean>(); // user → what an unanswered request would have made it
  const ackedConferences: string[] = [];
  const CLIENTS = 24;

  for (let round = 0; round < 3; round++) {
    const killAfter = 30 + random(150); // a random point in the stream of answers
    let answered = 0;
    let killing: Promise<void> | undefined;
    const url = server.url;
    const child = server.child;
    const client = async (c: number) => {
      const mine = USERS.filter((_, i) => i % CLIENTS === c);
      for (;;) {
        if (killing) return;
        try {
          if (random(10) === 0) {
            const r = await call(url, "POST", CONF, token, {
              userId: "union-crash-host",
              confTitle: `r${round}`,
            });
            assert.equal(r.status, 200, JSON.stringify(r.body));
            ackedConferences.push(r.body.conferenceId);
          } else {
            const user = mine[random(mine.length)];
            const add = !(acked.get(user) ?? false);
            inFlight.set(user, add);
            const r = await call(url, "POST", `${CONF}/${id}/coHosts/set`, token, {
              action: add ? "add" : "remove",
              userList: [{ unionId: user }],
            });
            assert.equal(r.status, 200, JSON.stringify(r.body));
            acked.set(user, add);
            inFlight.delete(user);
          }
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          return; // cut by the kill
        }
        if (++answered === killAfter) killing = kill(child);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    await killing;

    server = await start(dataDir);
    const m = await call(server.url, "GET", `${CONF}/${id}/members?maxResults=1000`, token);
    assert.equal(m.status, 200, JSON.stringify(m.body));
    const coHost = new Map<string, boolean>(
      m.body.memberModels.map((x: { unionId: string; coHost: boolean }) => [x.unionId, x.coHost]),
    );
    for (const user of USERS) {
      const now = coHost.get(user) ?? false;
      const expected = acked.get(user) ?? false;
      if (inFlight.has(user)) {
        assert.ok(now === expected || now === inFlight.get(user), `round ${round}, ${user}: ${now}`);
        acked.set(user, now); // the unanswered request's fate is now known
        inFlight.delete(user);
      } else
        assert.equal(now, expected, `round ${round}, ${user}: acknowledged coHost=${expected}, found ${now}`);
    }
    for (const conf of ackedConferences) {
      const info = await call(server.url, "GET", `${CONF}/${conf}`, token);
      assert.equal(info.status, 200, `round ${round}: acknowledged conference ${conf} is gone`);
    }
  }
  await kill(server.child);
});
