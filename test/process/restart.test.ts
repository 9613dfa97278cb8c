import assert from "node:assert/strict";
import { after, test } from "node:test";
import { W, R } from "../helpers/fixture.js";
import { cleanupProcesses, VconfProcess, writeTempFile } from "../helpers/process.js";

after(cleanupProcesses);

const CONF = "/v1.0/conference/videoConferences";
const USERS = Array.from({ length: 12 }, (_, i) => `union-u${String(i + 1).padStart(2, "0")}`);
const SEED = {
  orgs: [
    {
      corpId: "dingcorp-proc",
      name: "Proc",
      users: [
        { unionId: "union-host", userId: "host", name: "Host" },
        ...USERS.map((u) => ({ unionId: u, userId: u.slice(6), name: u.slice(6) })),
      ],
      apps: [{ appKey: "proc-app", appSecret: "proc-secret", scopes: [W, R] }],
    },
  ],
};

async function ok(p: Promise<{ status: number; text: string; body: unknown }>) {
  const res = await p;
  assert.equal(res.status, 200, `expected 200, got ${res.status}: ${res.text}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return res.body as any;
}

async function members(p: VconfProcess, token: string, id: string) {
  const body = await ok(p.call("GET", `${CONF}/${id}/members?maxResults=1000`, { token }));
  return new Map<string, { coHost: boolean; host: boolean; attendStatus: number }>(
    body.memberModels.map((m: { unionId: string }) => [m.unionId, m]),
  );
}

async function audit(p: VconfProcess, id: string) {
  const body = await ok(p.control("GET", `/conferences/${id}/audit`));
  return body.entries as { operation: string; target: string; after: { coHost?: boolean } | null }[];
}

function start(dataDir?: string) {
  return VconfProcess.start({ env: { VCONF_SEED: writeTempFile("seed.json", SEED) }, dataDir });
}

test("every acknowledged change survives a SIGKILL right after its answer", async () => {
  let p = await start();
  const tokenRes = await ok(
    p.call("POST", "/v1.0/oauth2/accessToken", { body: { appKey: "proc-app", appSecret: "proc-secret" } }),
  );
  const token: string = tokenRes.accessToken;
  p = await p.restart("SIGKILL");

  // The token issued before the kill is still valid, and asking again gives the same one.
  const again = await ok(
    p.call("POST", "/v1.0/oauth2/accessToken", { body: { appKey: "proc-app", appSecret: "proc-secret" } }),
  );
  assert.equal(again.accessToken, token);
  const created = await ok(
    p.call("POST", CONF, {
      token,
      body: { userId: "union-host", confTitle: "Restart drill", inviteUserIds: [USERS[0]] },
    }),
  );
  const id: string = created.conferenceId;
  p = await p.restart("SIGKILL");

  const info = await ok(p.call("GET", `${CONF}/${id}`, { token }));
  assert.equal(info.confInfo.title, "Restart drill");
  await ok(p.control("POST", `/conferences/${id}/attendees/${USERS[0]}/join`, {}));
  p = await p.restart("SIGKILL");

  assert.equal((await members(p, token, id)).get(USERS[0])?.attendStatus, 3, "the join survived");
  await ok(
    p.call("POST", `${CONF}/${id}/coHosts/set`, {
      token,
      body: { action: "add", userList: [{ unionId: USERS[0] }, { unionId: USERS[1] }] },
    }),
  );
  p = await p.restart("SIGKILL");

  let m = await members(p, token, id);
  assert.equal(m.get(USERS[0])?.coHost, true);
  assert.equal(m.get(USERS[1])?.coHost, true);
  await ok(
    p.call("POST", `${CONF}/${id}/coHosts/set`, {
      token,
      body: { action: "remove", userList: [{ unionId: USERS[1] }] },
    }),
  );
  p = await p.restart("SIGKILL");

  m = await members(p, token, id);
  assert.equal(m.get("union-host")?.host, true);
  assert.equal(m.get(USERS[0])?.coHost, true);
  assert.equal(m.get(USERS[1])?.coHost, false);
  const cohostTrail = (await audit(p, id))
    .filter((e) => e.operation === "Cohosts")
    .map((e) => `${e.target}:${e.after?.coHost}`);
  assert.deepEqual(cohostTrail, [`${USERS[0]}:true`, `${USERS[1]}:true`, `${USERS[1]}:false`]);
  const joins = (await audit(p, id)).filter((e) => e.operation === "Join");
  assert.deepEqual(
    joins.map((e) => e.target),
    [USERS[0]],
  );
  await p.kill("SIGKILL");
});

test("SIGTERM shuts down gracefully with exit code 0, keeping the data", async () => {
  let p = await start();
  const { accessToken: token } = await ok(
    p.call("POST", "/v1.0/oauth2/accessToken", { body: { appKey: "proc-app", appSecret: "proc-secret" } }),
  );
  const { conferenceId } = await ok(
    p.call("POST", CONF, { token, body: { userId: "union-host", confTitle: "Term" } }),
  );
  const exit = await p.kill("SIGTERM");
  assert.deepEqual(exit, { code: 0, signal: null }, p.output);
  p = await start(p.dataDir);
  assert.equal((await ok(p.call("GET", `${CONF}/${conferenceId}`, { token }))).confInfo.title, "Term");
  await p.kill("SIGKILL");
});

test("a stream of co-host changes cut by SIGKILL: every acknowledged change is there after restart", async () => {
  let p = await start();
  const { accessToken: token } = await ok(
    p.call("POST", "/v1.0/oauth2/accessToken", { body: { appKey: "proc-app", appSecret: "proc-secret" } }),
  );
  const { conferenceId: id } = await ok(
    p.call("POST", CONF, { token, body: { userId: "union-host", confTitle: "Stream" } }),
  );

  const TOTAL = 200;
  const KILL_AFTER = 100;
  const CLIENTS = 4;
  // Each client owns its own users, so the requests for one user are sent one after another.
  const owned = Array.from({ length: CLIENTS }, (_, c) => USERS.filter((_, i) => i % CLIENTS === c));
  const acked = new Map<string, boolean>(); // user → coHost after the last acknowledged request
  const unanswered = new Map<string, boolean>(); // user → coHost the in-flight request would give
  let sent = 0;
  let answered = 0;
  let killing: Promise<unknown> | undefined;
  let stopped = false; // no new request once the kill is under way
  let rng = 12345;
  const random = (n: number) => {
    rng = (rng * 1103515245 + 12345) % 2 ** 31;
    return rng % n;
  };

  async function client(users: string[]) {
    while (sent < TOTAL && !stopped) {
      sent++;
      const user = users[random(users.length)];
      // Mostly a real change (so a lost commit shows), sometimes a repeat (an idempotent no-op).
      const current = acked.get(user) ?? false;
      const add = random(5) === 0 ? current : !current;
      let res;
      try {
        res = await p.call("POST", `${CONF}/${id}/coHosts/set`, {
          token,
          body: { action: add ? "add" : "remove", userList: [{ unionId: user }] },
        });
      } catch {
        unanswered.set(user, add); // cut by the kill: it may or may not have been applied
        return;
      }
      assert.equal(res.status, 200, res.text);
      acked.set(user, add);
      if (++answered === KILL_AFTER) {
        stopped = true;
        killing = p.kill("SIGKILL");
      }
    }
  }
  await Promise.all(owned.map(client));
  assert.ok(killing, `the server was killed after ${KILL_AFTER} answers`);
  await killing;
  assert.ok(answered >= KILL_AFTER && answered < TOTAL, `answered ${answered} of ${TOTAL}`);

  p = await start(p.dataDir);
  const m = await members(p, token, id);
  for (const user of USERS) {
    const now = m.get(user)?.coHost ?? false;
    const expected = acked.get(user) ?? false;
    if (unanswered.has(user)) {
      assert.ok(
        now === expected || now === unanswered.get(user),
        `${user}: ${now}, acknowledged ${expected}, in flight ${unanswered.get(user)}`,
      );
    } else assert.equal(now, expected, `${user}: the last acknowledged request said coHost=${expected}`);
  }
  // The audit trail agrees with the state: each user's last Cohosts entry is their current role.
  const trail = (await audit(p, id)).filter((e) => e.operation === "Cohosts");
  for (const user of USERS) {
    const last = trail.filter((e) => e.target === user).at(-1);
    assert.equal(last?.after?.coHost ?? false, m.get(user)?.coHost ?? false, `audit of ${user}`);
  }
  await p.kill("SIGKILL");
});
