/**
 * The SQLite store guarded from outside, with real `vconf serve` processes: one process per data dir
 * (a SIGKILL'd holder leaves no stale lock), no start on a store that cannot take a write, `/healthz`
 * answering at once while another process holds the write lock, and deleted database files noticed before
 * the next success. Needs `npm run build` (npm test runs it first).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { LockHolder } from "../helpers/lock-holder.js";
import { cleanupProcesses, ROOT, runToExit, tempDir, VconfProcess } from "../helpers/process.js";

after(cleanupProcesses);

const ON_SQLITE = (process.env.VCONF_TEST_STORE ?? "sqlite") === "sqlite";
const skip = ON_SQLITE ? false : "the SQLite store's guards (run without VCONF_TEST_STORE=postgres)";

const org = (corpId: string) => ({ orgs: [{ corpId, name: corpId }] });
const seedOrg = (p: VconfProcess, corpId: string) => p.control("POST", "/seed", org(corpId));
const orgIds = async (p: VconfProcess) =>
  ((await p.control("GET", "/orgs")).body.orgs as { corpId: string }[]).map((o) => o.corpId);

test(
  "a second vconf on the same data dir refuses to start, naming the holder; a SIGKILL frees it",
  { skip },
  async () => {
    const first = await VconfProcess.start();
    assert.equal((await seedOrg(first, "dingcorp-first")).status, 200);

    const second = await runToExit({ dataDir: first.dataDir });
    assert.equal(second.code, 1, second.stdout + second.stderr);
    assert.match(
      second.stderr,
      new RegExp(
        `cannot start: another vconf \\(pid ${first.child.pid} on .+, started .+\\) is using the data dir`,
      ),
    );
    assert.ok(second.stderr.includes(first.dataDir), second.stderr);
    assert.doesNotMatch(second.stdout, /vconf listening/);
    assert.equal(first.child.exitCode, null, "the holder keeps running");

    const third = await first.restart("SIGKILL");
    assert.ok((await orgIds(third)).includes("dingcorp-first"), "the new holder serves the same store");
  },
);

/** Who a start on a read-only store runs as: root writes anything, so as `nobody` then. */
function unprivileged(): { uid: number; gid: number } | undefined | "cannot" {
  if (process.getuid?.() !== 0) return undefined;
  const user = { uid: 65534, gid: 65534 };
  const probe = spawnSync(
    process.execPath,
    ["-e", `require("fs").accessSync(${JSON.stringify(ROOT)} + "/dist")`],
    {
      ...user,
    },
  );
  return probe.status === 0 ? user : "cannot";
}
const user = unprivileged();
const skipReadOnly = skip || (user === "cannot" ? "as root, and user nobody cannot read the build" : false);

/** A data dir with a store in it, owned by the user the test starts vconf as. */
async function storeDir(): Promise<string> {
  const dir = tempDir();
  if (user && user !== "cannot") chownSync(dir, user.uid, user.gid);
  const p = await VconfProcess.start({ dataDir: dir, user: user === "cannot" ? undefined : user });
  // A clean stop removes the WAL; with it left behind a read-only dir would still be writable.
  assert.deepEqual(await p.kill("SIGTERM"), { code: 0, signal: null }, p.output);
  return dir;
}

test(
  "a read-only data dir or database file: refuses to start, saying the store cannot be written",
  { skip: skipReadOnly },
  async () => {
    const as = user === "cannot" ? undefined : user;
    const readOnlyDir = await storeDir();
    chmodSync(readOnlyDir, 0o500);
    const readOnlyFile = await storeDir();
    chmodSync(join(readOnlyFile, "vconf.db"), 0o400);
    const emptyReadOnly = tempDir();
    if (as) chownSync(emptyReadOnly, as.uid, as.gid);
    chmodSync(emptyReadOnly, 0o500);

    for (const [what, dir, pattern] of [
      ["read-only data dir", readOnlyDir, /cannot open the store .*vconf\.db: .*readonly.*must be writable/],
      [
        "read-only database file",
        readOnlyFile,
        /cannot open the store .*vconf\.db: .*readonly.*must be writable/,
      ],
      ["empty read-only data dir", emptyReadOnly, /the data dir .* is not writable: EACCES/],
    ] as const) {
      const run = await runToExit({ dataDir: dir, user: as });
      assert.equal(run.code, 1, `${what}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, /^vconf: cannot start: /m, what);
      assert.match(run.stderr, pattern, `${what}: ${run.stderr}`);
      assert.doesNotMatch(run.stdout, /vconf listening/, what);
    }
  },
);

test(
  "healthz answers at once while another process holds the write lock; the waiting write then succeeds",
  { skip },
  async () => {
    const p = await VconfProcess.start();
    const holder = await LockHolder.hold(join(p.dataDir, "vconf.db"));
    let answered = false;
    const write = seedOrg(p, "dingcorp-waited").finally(() => (answered = true));
    try {
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const res = await p.call("GET", "/healthz");
        latencies.push(performance.now() - t0);
        assert.equal(res.status, 200, res.text);
      }
      assert.equal(answered, false, "the write is still waiting for the lock");
      latencies.sort((a, b) => a - b);
      // The brief's bound on the median; the maximum only bounds a stall (5 s before: busy_timeout).
      assert.ok(latencies[2] < 100, `healthz median ${latencies[2].toFixed(1)} ms (${latencies.join(", ")})`);
      assert.ok(latencies[4] < 1000, `healthz slowest ${latencies[4].toFixed(1)} ms`);
    } finally {
      await holder.release();
    }
    const res = await write;
    assert.equal(res.status, 200, res.text);
    assert.ok((await orgIds(p)).includes("dingcorp-waited"));
  },
);

test(
  "deleting the database files under a running server: writes fail, healthz says why, the process lives",
  { skip },
  async () => {
    const p = await VconfProcess.start();
    assert.equal((await seedOrg(p, "dingcorp-before")).status, 200);
    for (const f of ["vconf.db", "vconf.db-wal", "vconf.db-shm"]) rmSync(join(p.dataDir, f), { force: true });

    for (const corpId of ["dingcorp-lost", "dingcorp-lost-too"]) {
      const res = await seedOrg(p, corpId);
      assert.equal(res.status, 500, res.text);
      assert.equal(res.body.code, "systemError");
      assert.equal(res.body.message, "systemError:storage failure");
    }
    const health = await p.call("GET", "/healthz");
    assert.equal(health.status, 503, health.text);
    assert.equal(health.body.status, "unavailable");
    assert.match(health.body.reason, /deleted or replaced.*restart vconf/);
    assert.equal(p.child.exitCode, null, "the process is still running");
  },
);
