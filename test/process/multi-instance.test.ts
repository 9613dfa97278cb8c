/**
 * Two real `vconf serve` processes on one PostgreSQL database (VCONF_TEST_STORE=postgres): tokens and
 * conference state are shared, and concurrent co-host batches through both instances lose no update and
 * never pass the co-host cap. Needs `npm run build` (npm test runs it first).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { FIXTURE } from "../helpers/fixture.js";
import { cleanupProcesses, runToExit, VconfProcess, writeTempFile } from "../helpers/process.js";

const ON_POSTGRES = process.env.VCONF_TEST_STORE === "postgres";
const skip = ON_POSTGRES
  ? false
  : "needs PostgreSQL: run with VCONF_TEST_STORE=postgres (scripts/pg-test-cluster.sh run npm test)";

const ADMIN_KEY = "multi-instance-admin-key";
const MAX_COHOSTS = 3;
const CONF = "/v1.0/conference/videoConferences";

const call = (p: VconfProcess, method: string, path: string, token?: string, body?: unknown) =>
  path.startsWith("/_vconf/v1")
    ? p.control(method, path.slice("/_vconf/v1".length), body)
    : p.call(method, path, { token, body });

const accessToken = async (p: VconfProcess) => {
  const res = await call(p, "POST", "/v1.0/oauth2/accessToken", undefined, {
    appKey: "acme-app",
    appSecret: "acme-secret",
  });
  assert.equal(res.status, 200, res.text);
  return res.body.accessToken as string;
};

let a: VconfProcess;
let b: VconfProcess;
let drop: (() => Promise<void>) | undefined;

before(async () => {
  if (!ON_POSTGRES) return;
  const { createTestDatabase } = await import("../helpers/postgres.js");
  const db = await createTestDatabase();
  drop = db.drop;
  const env = {
    VCONF_STORE: "postgres",
    VCONF_DATABASE_URL: db.url,
    VCONF_MAX_COHOSTS: String(MAX_COHOSTS),
    VCONF_SEED: writeTempFile("seed.json", {
      ...FIXTURE,
      orgs: FIXTURE.orgs!.map((o, i) => (i === 0 ? { ...o, users: [...(o.users ?? []), ...RACERS] } : o)),
    }),
    VCONF_LOG_LEVEL: "warn",
  };
  // Both at once: migrations and the seed are applied concurrently on the empty database.
  [a, b] = await Promise.all([
    VconfProcess.start({ env, adminKey: ADMIN_KEY }),
    VconfProcess.start({ env, adminKey: ADMIN_KEY }),
  ]);
});

after(async () => {
  await cleanupProcesses();
  await drop?.();
});

test("vconf refuses to start when PostgreSQL is unreachable, naming it", async () => {
  const { code, stdout, stderr } = await runToExit({
    env: { VCONF_STORE: "postgres", VCONF_DATABASE_URL: "postgres://vconf:hunter22@127.0.0.1:1/vconf" },
  });
  const output = stdout + stderr;
  assert.equal(code, 1, output);
  assert.match(output, /cannot start: cannot open PostgreSQL at 127\.0\.0\.1:1\/vconf/);
  assert.doesNotMatch(output, /hunter22/);
});

test(
  "a token issued on one instance works on the other; both hand out the same app token",
  { skip },
  async () => {
    const tokens = await Promise.all([a, b, a, b, a, b].map((i) => accessToken(i)));
    assert.equal(new Set(tokens).size, 1, `one token while valid, got ${tokens.join(", ")}`);
    const res = await call(b, "POST", CONF, tokens[0], { userId: "union-alice", confTitle: "On B" });
    assert.equal(res.status, 200, res.text);
    const info = await call(a, "GET", `${CONF}/${res.body.conferenceId}`, tokens[0]);
    assert.equal(info.status, 200, info.text);
    assert.equal(info.body.confInfo.title, "On B");
  },
);

test("a conference closed on one instance refuses changes on the other", { skip }, async () => {
  const token = await accessToken(a);
  const created = await call(a, "POST", CONF, token, { userId: "union-alice", confTitle: "Closing" });
  assert.equal(created.status, 200, created.text);
  const id = created.body.conferenceId as string;
  const closed = await call(a, "DELETE", `${CONF}/${id}?unionId=union-alice`, token);
  assert.equal(closed.status, 200, closed.text);
  const res = await call(b, "POST", `${CONF}/${id}/coHosts/set`, token, {
    action: "add",
    userList: [{ unionId: "union-bob" }],
  });
  assert.equal(res.status, 400, res.text);
  assert.equal(res.body.code, "confClosed");
  const members = await call(b, "GET", `${CONF}/${id}/members`, token);
  assert.equal(
    members.body.memberModels.some((m: { coHost: boolean }) => m.coHost),
    false,
  );
});

/** A small seeded PRNG (mulberry32) so a failing run can be repeated. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Action = "add" | "remove";
interface Sent {
  action: Action;
  targets: string[];
  status: number;
  code?: string;
}
interface Entry {
  seq: number;
  operation: string;
  target: string;
  before: { coHost: boolean } | null;
  after: { coHost: boolean } | null;
}

/** The change-log entries a batch produces from `state` (co-host flags), in request order. */
function effect(action: Action, targets: string[], state: Map<string, boolean>): [string, boolean][] {
  return targets
    .filter((t) => (action === "add" ? !state.get(t) : state.get(t)))
    .map((t) => [t, action === "add"] as [string, boolean]);
}

/** Users only the race uses: each client owns two, so its own requests alone decide their history. */
const RACERS = Array.from({ length: 12 }, (_, i) => ({
  unionId: `union-racer${i}`,
  userId: `racer${i}`,
  name: `Racer ${i}`,
}));

test(
  "concurrent co-host batches through both instances: no lost update, the cap holds, no 5xx",
  { skip },
  async (t) => {
    const token = await accessToken(a);
    const created = await call(a, "POST", CONF, token, { userId: "union-alice", confTitle: "Race" });
    assert.equal(created.status, 200, created.text);
    const id = created.body.conferenceId as string;
    const seed = Number(process.env.VCONF_RACE_SEED ?? Date.now() % 100000);
    const random = prng(seed);
    const CLIENTS = 6;
    const REQUESTS = 12;
    const owned = (c: number) => [RACERS[2 * c].unionId, RACERS[2 * c + 1].unionId];
    const plans = Array.from({ length: CLIENTS }, (_, c) =>
      Array.from({ length: REQUESTS }, () => {
        const action: Action = random() < 0.6 ? "add" : "remove";
        const mine = random() < 0.5 ? owned(c) : [...owned(c)].reverse();
        return { action, targets: mine.slice(0, 1 + Math.floor(random() * 2)) };
      }),
    );
    const sent: Sent[][] = plans.map(() => []);
    await Promise.all(
      plans.map(async (plan, c) => {
        const via = c % 2 === 0 ? a : b;
        for (const p of plan) {
          const res = await call(via, "POST", `${CONF}/${id}/coHosts/set`, token, {
            action: p.action,
            userList: p.targets.map((unionId) => ({ unionId })),
          });
          sent[c].push({ ...p, status: res.status, code: res.body.code });
        }
      }),
    );
    const why = `seed ${seed} (repeat with VCONF_RACE_SEED=${seed})`;
    const all = sent.flat();
    assert.ok(
      all.every((s) => s.status < 500),
      `no 5xx: ${JSON.stringify(all.filter((s) => s.status >= 500))} ${why}`,
    );
    for (const s of all.filter((s) => s.status !== 200)) {
      assert.equal(s.status, 400, why);
      assert.equal(s.code, "paramsError", why);
      assert.equal(s.action, "add", `only an add can be refused (the cap) ${why}`);
    }

    const audit = await call(b, "GET", `/_vconf/v1/conferences/${id}/audit`);
    assert.equal(audit.status, 200, audit.text);
    const changes = (audit.body.entries as Entry[]).filter((e) => e.operation === "Cohosts");
    // Replay: every change starts from the state the previous ones left (no lost update), the cap holds.
    const state = new Map<string, boolean>();
    for (const e of changes) {
      assert.equal(e.before?.coHost ?? false, state.get(e.target) ?? false, `entry ${e.seq} ${why}`);
      assert.equal(e.after!.coHost, !(state.get(e.target) ?? false), `entry ${e.seq} ${why}`);
      state.set(e.target, e.after!.coHost);
      const count = [...state.values()].filter(Boolean).length;
      assert.ok(count <= MAX_COHOSTS, `${count} co-hosts after entry ${e.seq} ${why}`);
    }
    const refused = all.filter((s) => s.status !== 200).length;
    t.diagnostic(
      `${why}: ${all.length - refused} answered 200, ${refused} refused (cap), ${changes.length} changes`,
    );
    // Each client's users change only through its own requests, sent one after another: their history in
    // the audit must be exactly what its answered requests did, in order (every success present, nothing
    // else), and a refused add must have had someone to add.
    sent.forEach((mine, c) => {
      const own = new Set(owned(c));
      const expected: [string, boolean][] = [];
      const state = new Map<string, boolean>();
      for (const s of mine) {
        const eff = effect(s.action, s.targets, state);
        if (s.status !== 200) {
          assert.ok(eff.length > 0, `client ${c}: a refused add that had nothing to add ${why}`);
          continue;
        }
        for (const [target, v] of eff) state.set(target, v);
        expected.push(...eff);
      }
      const seen = changes.filter((e) => own.has(e.target)).map((e) => [e.target, e.after!.coHost]);
      assert.deepEqual(seen, expected, `client ${c}'s users ${why}`);
    });

    for (const via of [a, b]) {
      const res = await call(via, "GET", `${CONF}/${id}/members?maxResults=100`, token);
      assert.equal(res.status, 200, res.text);
      const models = res.body.memberModels as { unionId: string; coHost: boolean; host: boolean }[];
      const shown = Object.fromEntries(models.filter((m) => !m.host).map((m) => [m.unionId, m.coHost]));
      assert.deepEqual(shown, Object.fromEntries(state), `members through ${via.url} ${why}`);
    }
  },
);
