/**
 * The soak's load generator, in its own process (scripts/soak.ts starts it): `WORKERS` loops of a mixed
 * DingTalk and control-plane scenario over keep-alive connections, reporting to the parent every
 * `REPORT_EVERY` requests and pausing until it answers (so heap is read at a quiet moment).
 */
import http from "node:http";

const [url, adminKey, workersArg] = process.argv.slice(2);
const base = new URL(url);
const WORKERS = Number(workersArg ?? 8);
const REPORT_EVERY = 10_000;
const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS });

let requests = 0;
let errors5xx = 0;
let paused: Promise<void> | undefined;
let stop = false;
process.on("message", (m) => {
  if (m === "stop") stop = true;
});

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent,
        headers: { ...(payload ? { "content-type": "application/json" } : {}), ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON (none of the scenario's calls answer that)
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  }).then(async (r) => {
    requests++;
    if (r.status >= 500) errors5xx++;
    if (requests % REPORT_EVERY === 0) {
      paused = new Promise((resolve) => {
        process.once("message", () => resolve());
        process.send!({ requests, errors5xx });
      });
    }
    if (paused) await paused;
    paused = undefined;
    return r;
  });
}

const admin = { "x-vconf-admin-key": adminKey };
const CONF = "/v1.0/conference/videoConferences";

async function scenario(worker: number, token: string, round: number) {
  const auth = { "x-acs-dingtalk-access-token": token };
  const users = ["union-bob", "union-carol", "union-dave"];
  const created = await call(
    "POST",
    CONF,
    { userId: "union-alice", confTitle: `soak ${worker}`, inviteUserIds: users },
    auth,
  );
  const id = created.json.conferenceId as string;
  await call("GET", `${CONF}/${id}`, undefined, auth);
  await call("GET", `${CONF}/${id}/members?maxResults=10`, undefined, auth);
  await call("POST", `/_vconf/v1/conferences/${id}/attendees/union-bob/join`, {}, admin);
  await call("POST", `/_vconf/v1/conferences/${id}/attendees/union-carol/join`, {}, admin);
  await call(
    "POST",
    `${CONF}/${id}/coHosts/set`,
    { action: "add", userList: [{ unionId: "union-bob" }] },
    auth,
  );
  await call(
    "POST",
    `${CONF}/${id}/members/mute`,
    { action: "mute", userList: [{ unionId: "union-carol" }] },
    auth,
  );
  await call("POST", `${CONF}/${id}/allMembers/mute`, { action: "mute" }, auth);
  await call(
    "POST",
    `${CONF}/${id}/users/invite`,
    { phoneInviteeList: [{ phoneNumber: `+86 138 ${worker} ${round % 10_000}`, nick: "P" }] },
    auth,
  );
  await call("POST", `${CONF}/query`, { conferenceIdList: [id] }, auth);
  await call("GET", "/v1.0/conference/users/lists?unionId=union-bob", undefined, auth);
  await call(
    "POST",
    `${CONF}/${id}/coHosts/set`,
    { action: "remove", userList: [{ unionId: "union-bob" }] },
    auth,
  );
  await call("POST", `/_vconf/v1/conferences/${id}/attendees/union-carol/leave`, {}, admin);
  // Refusals: a bad token, a bad body, an unknown path, an unknown user.
  await call("GET", `${CONF}/${id}`, undefined, { "x-acs-dingtalk-access-token": "nope" });
  await call("POST", `${CONF}/${id}/coHosts/set`, { action: "x" }, auth);
  await call("GET", "/v1.0/nowhere", undefined, auth);
  await call(
    "POST",
    `${CONF}/${id}/coHosts/set`,
    { action: "add", userList: [{ unionId: `union-ghost-${round}` }] },
    auth,
  );
  await call("DELETE", `${CONF}/${id}?unionId=union-alice`, undefined, auth);
  if (round % 10 === 0) {
    await call("POST", "/v1.0/oauth2/accessToken", { appKey: "soak-app", appSecret: "soak-secret" });
    // A new token on every call (the token table and its cache grow; the cache is bounded).
    await call("POST", "/v1.0/oauth2/corpAccessToken", {
      suiteKey: "soak-suite",
      suiteSecret: "soak-suite-secret",
      authCorpId: "dingcorp-soak",
      suiteTicket: "t",
    });
    await call("GET", "/_vconf/v1/requests?limit=5", undefined, admin);
    await call("GET", "/metrics");
  }
}

async function worker(i: number) {
  const token = (
    await call("POST", "/v1.0/oauth2/accessToken", { appKey: "soak-app", appSecret: "soak-secret" })
  ).json.accessToken as string;
  for (let round = 0; !stop; round++) await scenario(i, token, round);
}

await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i)));
process.send!({ requests, errors5xx, done: true });
agent.destroy();
process.disconnect();
