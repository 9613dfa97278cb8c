import assert from "node:assert/strict";
import { after, test } from "node:test";
import { R, W } from "../helpers/fixture.js";
import { cleanupProcesses, runToExit, tempDir, VconfProcess, writeTempFile } from "../helpers/process.js";

after(cleanupProcesses);

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const CONF = "/v1.0/conference/videoConferences";
const SECRET = "boot-secret-6f1d2c";
const SEED = {
  orgs: [
    {
      corpId: "dingcorp-boot",
      name: "Boot",
      users: [
        { unionId: "union-boot-host", userId: "host", name: "Host" },
        { unionId: "union-boot-guest", userId: "guest", name: "Guest" },
      ],
      apps: [{ appKey: "boot-app", appSecret: SECRET, scopes: [W, R] }],
    },
  ],
};

test("bad settings: exits 1 and names every bad variable", async () => {
  const run = await runToExit({
    env: { VCONF_PORT: "abc", VCONF_STORE: "oracle", VCONF_MAX_COHOSTS: "0" },
  });
  assert.equal(run.code, 1, run.stderr);
  for (const name of ["VCONF_PORT", "VCONF_STORE", "VCONF_MAX_COHOSTS"]) {
    assert.match(run.stderr, new RegExp(`${name}=`), `${name} is named:\n${run.stderr}`);
  }
  assert.doesNotMatch(run.stdout, /vconf listening/);
});

test("a bad flag is named by its flag", async () => {
  const run = await runToExit({ args: ["--port", "70000"] });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /--port="70000"/);
});

test("a seed file with an unknown field: refuses to start, naming the field", async () => {
  const seed = structuredClone(SEED) as { orgs: Record<string, unknown>[] };
  (seed.orgs[0].users as Record<string, unknown>[])[1].nickname = "Gus";
  const run = await runToExit({ env: { VCONF_SEED: writeTempFile("seed.json", seed) } });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /\/orgs\/0\/users\/1/, run.stderr);
  assert.match(run.stderr, /nickname/, run.stderr);
  assert.doesNotMatch(run.stdout, /vconf listening/);
});

test("a malformed seed file: refuses to start, naming the file and the problem", async () => {
  const path = writeTempFile("broken.json", '{"orgs": [ { "corpId": "x", ');
  const run = await runToExit({ env: { VCONF_SEED: path } });
  assert.equal(run.code, 1, run.stderr);
  assert.ok(run.stderr.includes(path), run.stderr);
  assert.match(run.stderr, /JSON/i, run.stderr);
});

test("a missing seed file: refuses to start, naming it", async () => {
  const path = `${tempDir()}/nowhere.json`;
  const run = await runToExit({ env: { VCONF_SEED: path } });
  assert.equal(run.code, 1, run.stderr);
  assert.ok(run.stderr.includes(path), run.stderr);
});

test("VCONF_SEED applied again at restart changes nothing", async () => {
  const env = { VCONF_SEED: writeTempFile("seed.json", SEED) };
  let p = await VconfProcess.start({ env });
  assert.doesNotMatch(p.startLine, /demo app/, "a seeded store gets no demo org");
  const token = (
    await p.call("POST", "/v1.0/oauth2/accessToken", { body: { appKey: "boot-app", appSecret: SECRET } })
  ).body.accessToken;
  const created = await p.call("POST", CONF, {
    token,
    body: { userId: "union-boot-host", confTitle: "Seeded", inviteUserIds: ["union-boot-guest"] },
  });
  assert.equal(created.status, 200, created.text);
  const id = created.body.conferenceId;
  const before = await p.call("GET", `${CONF}/${id}/members`, { token });
  const auditBefore = await p.control("GET", `/conferences/${id}/audit`);

  p = await p.restart("SIGTERM");
  const again = await p.call("POST", "/v1.0/oauth2/accessToken", {
    body: { appKey: "boot-app", appSecret: SECRET },
  });
  assert.equal(again.body.accessToken, token, "the app (and its current token) are untouched");
  const after = await p.call("GET", `${CONF}/${id}/members`, { token });
  assert.equal(after.status, 200, after.text);
  assert.deepEqual(after.body, before.body);
  assert.deepEqual((await p.control("GET", `/conferences/${id}/audit`)).body, auditBefore.body);
  // The demo org was not added on the second start either.
  const demo = await p.call("POST", "/v1.0/oauth2/accessToken", {
    body: { appKey: "dingdemoapp", appSecret: "demo-secret" },
  });
  assert.equal(demo.status, 400, demo.text);
  await p.kill("SIGTERM");
});

test("no seed and an empty store: the demo org is seeded and its printed credentials work", async () => {
  const p = await VconfProcess.start();
  const m = /appKey=(\S+) appSecret=(\S+)/.exec(p.startLine);
  assert.ok(m, `the start line names the demo app's key and secret: ${p.startLine}`);
  assert.ok(p.startLine.includes(p.url));
  assert.match(p.startLine, /sqlite/);
  const res = await p.call("POST", "/v1.0/oauth2/accessToken", { body: { appKey: m[1], appSecret: m[2] } });
  assert.equal(res.status, 200, res.text);
  assert.match(res.body.accessToken, /^[0-9a-f]{32}$/);
  assert.equal(res.body.expireIn, 7200);
  await p.kill("SIGTERM");
});

test("without VCONF_ADMIN_KEY a key is generated and printed, and it opens the control plane", async () => {
  const p = await VconfProcess.start({ env: { VCONF_ADMIN_KEY: undefined } });
  const m = /admin key: ([0-9a-f]{32})/.exec(p.startLine);
  assert.ok(m, p.startLine);
  const withKey = await fetch(`${p.url}/_vconf/v1/tokens`, {
    method: "POST",
    headers: { "x-vconf-admin-key": m[1], "content-type": "application/json" },
    body: JSON.stringify({ appKey: "dingdemoapp" }),
  });
  assert.equal(withKey.status, 200, await withKey.text());
  const without = await fetch(`${p.url}/_vconf/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ appKey: "dingdemoapp" }),
  });
  assert.equal(without.status, 401);
  await p.kill("SIGTERM");
});

test("healthz, metrics, and one JSON log line per request without secrets or tokens", async () => {
  const p = await VconfProcess.start({ env: { VCONF_SEED: writeTempFile("seed.json", SEED) } });

  const health = await p.call("GET", "/healthz");
  assert.equal(health.status, 200);
  assert.deepEqual(health.body, { status: "ok" });

  const tokenRes = await p.call("POST", "/v1.0/oauth2/accessToken", {
    body: { appKey: "boot-app", appSecret: SECRET },
  });
  const token: string = tokenRes.body.accessToken;
  const created = await p.call("POST", CONF, {
    token,
    body: { userId: "union-boot-host", confTitle: "Logs" },
  });
  const id: string = created.body.conferenceId;
  const added = await p.call("POST", `${CONF}/${id}/coHosts/set`, {
    token,
    body: { action: "add", userList: [{ unionId: "union-boot-guest" }] },
  });
  assert.equal(added.status, 200, added.text);
  const refused = await p.call("POST", `${CONF}/${id}/coHosts/set`, {
    token,
    body: { action: "promote", userList: [{ unionId: "union-boot-guest" }] },
  });
  assert.equal(refused.status, 400, refused.text);
  const badToken = await p.call("GET", `${CONF}/${id}`, { token: token.slice(1) });
  assert.equal(badToken.status, 400, badToken.text);
  // A URL the router cannot even decode still gets the envelope, a log line and a metrics sample.
  const badUrl = await p.call("POST", `${CONF}/%ZZ/coHosts/set`, { token, body: {} });
  assert.equal(badUrl.status, 400, badUrl.text);
  assert.equal(badUrl.body.code, "InvalidRequest");

  const metrics = await fetch(`${p.url}/metrics`);
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain/);
  const text = await metrics.text();
  for (const line of text.split("\n").filter(Boolean)) {
    assert.match(
      line,
      /^(# (HELP|TYPE) \w+ .+|\w+(\{(\w+="[^"]*",?)*\})? (-?[0-9.]+(e[-+]?[0-9]+)?|NaN|Nan|[-+]Inf))$/,
      `Prometheus line: ${line}`,
    );
  }
  assert.match(text, /^# TYPE vconf_requests_total counter$/m);
  assert.match(text, /^vconf_requests_total\{operation="Cohosts",status="200"\} 1$/m);
  assert.match(text, /^vconf_requests_total\{operation="Cohosts",status="400"\} 1$/m);
  assert.match(text, /^vconf_requests_total\{operation="Health",status="200"\} 1$/m);
  assert.match(text, /^vconf_requests_total\{operation="NotFound",status="400"\} 1$/m);

  const exit = await p.kill("SIGTERM"); // flushes the log
  assert.equal(exit.code, 0, p.output);
  const requests = p.logLines().filter((l) => l.msg === "request");
  const expected = [
    ["Health", 200],
    ["GetAccessToken", 200],
    ["CreateVideoConference", 200],
    ["Cohosts", 200],
    ["Cohosts", 400],
    ["QueryConferenceInfo", 400],
    ["NotFound", 400],
    ["Metrics", 200],
  ];
  assert.deepEqual(
    requests.map((l) => [l.operation, l.status]),
    expected,
    `one log line per request:\n${p.stdout}`,
  );
  for (const line of requests) {
    assert.match(String(line.requestid), REQUEST_ID);
    assert.equal(typeof line.latencyMs, "number");
    assert.ok((line.latencyMs as number) >= 0);
  }
  assert.equal(new Set(requests.map((l) => l.requestid)).size, requests.length, "request ids are unique");
  // The request id in an error answer is the one in the log.
  assert.equal(requests[4].requestid, refused.body.requestid);
  assert.equal(requests[5].requestid, badToken.body.requestid);
  assert.equal(requests[6].requestid, badUrl.body.requestid);

  for (const secret of [SECRET, token, token.slice(1)]) {
    assert.ok(!p.stdout.includes(secret) && !p.stderr.includes(secret), `the output leaks ${secret}`);
  }
});
