import assert from "node:assert/strict";
import { after, test } from "node:test";
import { cleanupProcesses, VconfProcess, writeTempFile } from "../helpers/process.js";

// Group commit answers a request only after the batch holding it is committed and synced. Under many
// concurrent writers (so batches really hold many requests), SIGKILL the real server at random points;
// after each restart every acknowledged change must be there.

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

after(cleanupProcesses);

let seed = 987654321;
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};

test("SIGKILL at random points under concurrent writes loses no acknowledged change", async () => {
  let server = await VconfProcess.start({
    env: { VCONF_SEED: writeTempFile("seed.json", SEED), VCONF_LOG_LEVEL: "warn" },
  });
  const tok = await server.call("POST", "/v1.0/oauth2/accessToken", {
    body: { appKey: "crash-app", appSecret: "crash-secret" },
  });
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  const token: string = tok.body.accessToken;
  const created = await server.call("POST", CONF, {
    token,
    body: {
      userId: "union-crash-host",
      confTitle: "Crash",
    },
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
    let killing: Promise<unknown> | undefined;
    const p = server;
    const client = async (c: number) => {
      const mine = USERS.filter((_, i) => i % CLIENTS === c);
      for (;;) {
        if (killing) return;
        try {
          if (random(10) === 0) {
            const r = await p.call("POST", CONF, {
              token,
              body: {
                userId: "union-crash-host",
                confTitle: `r${round}`,
              },
            });
            assert.equal(r.status, 200, JSON.stringify(r.body));
            ackedConferences.push(r.body.conferenceId);
          } else {
            const user = mine[random(mine.length)];
            const add = !(acked.get(user) ?? false);
            inFlight.set(user, add);
            const r = await p.call("POST", `${CONF}/${id}/coHosts/set`, {
              token,
              body: {
                action: add ? "add" : "remove",
                userList: [{ unionId: user }],
              },
            });
            assert.equal(r.status, 200, JSON.stringify(r.body));
            acked.set(user, add);
            inFlight.delete(user);
          }
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          return; // cut by the kill
        }
        if (++answered === killAfter) killing = p.kill("SIGKILL");
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    await killing;

    server = await p.restart(); // already killed: starts again on the same data directory
    const m = await server.call("GET", `${CONF}/${id}/members?maxResults=1000`, { token });
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
      const info = await server.call("GET", `${CONF}/${conf}`, { token });
      assert.equal(info.status, 200, `round ${round}: acknowledged conference ${conf} is gone`);
    }
  }
  await server.kill("SIGKILL");
});
