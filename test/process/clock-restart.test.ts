import assert from "node:assert/strict";
import { after, test } from "node:test";
import { cleanupProcesses, VconfProcess } from "../helpers/process.js";

after(cleanupProcesses);

interface Clock {
  nowMs: number;
  frozen: boolean;
  offsetMs: number;
}

async function clock(p: VconfProcess, body?: unknown): Promise<Clock> {
  const res = await p.control(body === undefined ? "GET" : "POST", "/clock", body);
  assert.equal(res.status, 200, res.text);
  return res.body as Clock;
}

test("a frozen or advanced clock survives a SIGKILL right after its answer; a reset one does not linger", async () => {
  let p = await VconfProcess.start();
  const frozen = await clock(p, { freeze: true, advanceMs: 3_600_000 });
  p = await p.restart("SIGKILL");
  const back = await clock(p);
  assert.deepEqual([back.frozen, back.nowMs], [true, frozen.nowMs], "frozen at the same instant");

  // A token issued at the frozen instant expires by the emulated clock after the restart too.
  const token = await p.call("POST", "/v1.0/oauth2/accessToken", {
    body: { appKey: "dingdemoapp", appSecret: "demo-secret" },
  });
  assert.equal(token.status, 200, token.text);
  const ongoing = () =>
    p.call("GET", "/v1.0/conference/users/lists?unionId=union-alice", { token: token.body.accessToken });

  const running = await clock(p, { freeze: false });
  assert.equal(running.frozen, false);
  p = await p.restart("SIGKILL");
  const ahead = await clock(p);
  assert.equal(ahead.frozen, false);
  assert.ok(
    Math.abs(ahead.offsetMs - running.offsetMs) < 50,
    `still ahead: ${ahead.offsetMs} vs ${running.offsetMs}`,
  );
  assert.ok(ahead.nowMs >= frozen.nowMs, "time did not run backwards across the restart");
  assert.equal((await ongoing()).status, 200);
  await clock(p, { advanceMs: 7200 * 1000 });
  p = await p.restart("SIGKILL");
  assert.equal((await ongoing()).body.code, "InvalidAuthentication");

  const reset = await clock(p, { reset: true });
  assert.deepEqual([reset.frozen, reset.offsetMs], [false, 0]);
  p = await p.restart("SIGKILL");
  const system = await clock(p);
  assert.equal(system.frozen, false);
  assert.ok(Math.abs(system.offsetMs) < 50, `back on the system clock: ${system.offsetMs}`);
  assert.ok(Math.abs(system.nowMs - Date.now()) < 5000);
  await p.kill("SIGTERM");
});
