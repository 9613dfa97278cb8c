import assert from "node:assert/strict";
import { after, test } from "node:test";
import { buildApp } from "../../src/app.js";
import { ManualClock } from "../../src/domain/clock.js";
import { applySeed } from "../../src/emulator/seed.js";
import { ADMIN_KEY, CONF, openTestStore } from "../helpers/app.js";
import { FIXTURE } from "../helpers/fixture.js";
import { cleanupProcesses, VconfProcess } from "../helpers/process.js";
import { exchange, listen, rawRequest } from "../helpers/raw-http.js";

after(cleanupProcesses);

test("no log line at any level carries a query string", async () => {
  const { store, cleanup } = await openTestStore();
  const deps = { store, clock: new ManualClock(), maxCoHosts: 100, maxMembers: 1000 };
  await applySeed(deps, FIXTURE);
  const lines: string[] = [];
  const app = buildApp({
    deps,
    config: { adminKey: ADMIN_KEY, rateLimit: 0, logLevel: "trace" },
    logger: { level: "trace", stream: { write: (line: string) => lines.push(line) } },
  });
  try {
    const port = await listen(app);
    const key = { "x-vconf-admin-key": ADMIN_KEY };
    const token = { "x-acs-dingtalk-access-token": "no-such-token" };
    const requests = [
      rawRequest("GET", "/healthz?probe=QSECRET1"),
      rawRequest("GET", "/v1.0/nothing?x=QSECRET2"),
      rawRequest("GET", `${CONF}/%ZZ?x=QSECRET3`),
      rawRequest("GET", "/_vconf/v1/requests?limit=QSECRET4"),
      rawRequest("GET", "/_vconf/v1/requests?limit=QSECRET5", key),
      rawRequest("DELETE", `${CONF}/abc?unionId=QSECRET6`, token),
      rawRequest("GET", "http://elsewhere.invalid/v1.0/none?x=QSECRET7"),
      rawRequest("GET", "/healthz?x=QSECRET8", { "Bad Header": "y" }),
      rawRequest("GET", `/healthz?x=QSECRET9${"a".repeat(17 * 1024)}`),
      rawRequest("GET", "/healthz?x=QSECRET10", { Expect: "odd" }),
    ];
    for (const request of requests) await exchange(port, request);
  } finally {
    await app.close();
    await cleanup();
  }
  const text = lines.join("");
  assert.match(text, /"msg":"request"/, "request lines were logged");
  assert.match(text, /"path":"\/v1.0\/nothing"/, "with their path");
  assert.match(text, /"msg":"no such route"/, "debug lines too");
  for (const line of lines) {
    assert.doesNotMatch(line, /QSECRET|rawPacket/, `a log line with a query string: ${line}`);
  }
});

test("a warning at start when listening beyond loopback, none on loopback", async () => {
  const open = await VconfProcess.start({ env: { VCONF_HOST: "0.0.0.0" } });
  // A graceful close flushes the buffered log.
  assert.equal((await open.kill("SIGTERM")).code, 0, open.output);
  const warnings = open.logLines().filter((l) => l.level === 40);
  assert.equal(warnings.length, 1, open.output);
  assert.match(String(warnings[0].msg), /0\.0\.0\.0.*not only loopback/);

  const local = await VconfProcess.start();
  assert.equal((await local.kill("SIGTERM")).code, 0, local.output);
  assert.deepEqual(
    local.logLines().filter((l) => l.level === 40),
    [],
    local.output,
  );
});
