/**
 * Events through real `vconf serve` processes: an event whose change was acknowledged survives a SIGKILL
 * before the subscriber acknowledged it; on PostgreSQL (VCONF_TEST_STORE=postgres) two instances share one
 * database and a subscriber connected to B gets every event of changes made on A, once. Needs
 * `npm run build` (npm test runs it first).
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { FIXTURE } from "../helpers/fixture.js";
import { cleanupProcesses, VconfProcess, writeTempFile } from "../helpers/process.js";
import { rawStreamClient, sleep, until } from "../helpers/stream.js";

const ON_POSTGRES = process.env.VCONF_TEST_STORE === "postgres";
const CONF = "/v1.0/conference/videoConferences";
const FAST = {
  VCONF_EVENT_ACK_TIMEOUT_MS: "400",
  VCONF_EVENT_RETRY_MAX_DELAY_MS: "100",
  VCONF_LOG_LEVEL: "warn",
};

const drops: (() => Promise<void>)[] = [];
after(async () => {
  await cleanupProcesses();
  for (const d of drops) await d();
});

async function storeEnv(): Promise<Record<string, string>> {
  const seed = writeTempFile("seed.json", FIXTURE);
  if (!ON_POSTGRES) return { VCONF_SEED: seed };
  const { createTestDatabase } = await import("../helpers/postgres.js");
  const db = await createTestDatabase();
  drops.push(db.drop);
  return { VCONF_STORE: "postgres", VCONF_DATABASE_URL: db.url, VCONF_SEED: seed };
}

async function token(p: VconfProcess) {
  const res = await p.call("POST", "/v1.0/oauth2/accessToken", {
    body: { appKey: "acme-app", appSecret: "acme-secret" },
  });
  assert.equal(res.status, 200, res.text);
  return res.body.accessToken as string;
}

test("an acknowledged change whose event was not yet acknowledged survives SIGKILL", async () => {
  const env = { ...(await storeEnv()), ...FAST };
  let p = await VconfProcess.start({ env });
  // Never acknowledges: the event stays pending on the server.
  const silent = await rawStreamClient(p.url, "acme-reader", "reader-secret", () => "none");
  const created = await p.call("POST", CONF, {
    token: await token(p),
    body: { userId: "union-alice", confTitle: "Crash" },
  });
  assert.equal(created.status, 200, created.text);
  await until(() => silent.received.length >= 1, 10_000, "the event sent once");
  const eventId = silent.received[0].headers.eventId;
  p = await p.restart("SIGKILL");
  await silent.closed;
  const c = await rawStreamClient(p.url, "acme-reader", "reader-secret");
  try {
    await until(
      () => c.received.some((f) => f.headers.eventId === eventId),
      15_000,
      "the event after the restart",
    );
    const e = c.received.find((f) => f.headers.eventId === eventId)!;
    assert.equal(e.body.changeScene, "conference_created");
    await sleep(500);
    const events = await p.control("GET", `/events?conferenceId=${created.body.conferenceId}`);
    const delivery = events.body.events.find((x: { eventId: string }) => x.eventId === eventId).deliveries[0];
    assert.equal(delivery.status, "delivered");
  } finally {
    await c.close();
    await p.kill("SIGTERM");
  }
});

test(
  "two instances on one PostgreSQL: a subscriber on B gets every event of changes made on A, once",
  { skip: !ON_POSTGRES && "needs VCONF_TEST_STORE=postgres" },
  async () => {
    const env = { ...(await storeEnv()), ...FAST, VCONF_ADMIN_KEY: "two-instances-key" };
    const [a, b] = await Promise.all([
      VconfProcess.start({ env, adminKey: "two-instances-key" }),
      VconfProcess.start({ env, adminKey: "two-instances-key" }),
    ]);
    const onB = await rawStreamClient(b.url, "acme-reader", "reader-secret");
    try {
      const t = await token(a);
      const created = await a.call("POST", CONF, {
        token: t,
        body: { userId: "union-alice", confTitle: "Cluster", inviteUserIds: ["union-bob"] },
      });
      assert.equal(created.status, 200, created.text);
      const id = created.body.conferenceId;
      for (let i = 0; i < 10; i++) {
        assert.equal(
          (await a.control("POST", `/conferences/${id}/attendees/union-bob/join`, {})).status,
          200,
        );
        assert.equal(
          (await a.control("POST", `/conferences/${id}/attendees/union-bob/leave`, {})).status,
          200,
        );
      }
      const expected = 2 + 20;
      await until(() => onB.received.length >= expected, 15_000, `${expected} events on B`);
      await sleep(1500); // a duplicate would come by now (sweeps run every second)
      const ids = onB.received.map((f) => f.headers.eventId);
      assert.equal(ids.length, expected);
      assert.equal(new Set(ids).size, expected, "each once");
      assert.deepEqual(
        onB.received.map((f) => f.body.statusSeqNum).sort((x, y) => (x as number) - (y as number)),
        Array.from({ length: expected }, (_, i) => i + 1),
      );
      const listed = await b.control("GET", "/stream/connections");
      assert.equal(listed.body.connections.length, 1);
      assert.equal((await a.control("GET", "/stream/connections")).body.connections.length, 0);
    } finally {
      await onB.close();
      await Promise.all([a.kill("SIGTERM"), b.kill("SIGTERM")]);
    }
  },
);
