import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";
import { buildTestApp, control, expectOk, type TestContext, tokenFor } from "../helpers/app.js";
import { W, R } from "../helpers/fixture.js";
import { sleep, until } from "../helpers/stream.js";

const require = createRequire(import.meta.url);
/** DingTalk's published Node callback-crypto helper (npm dingtalk-encrypt), as an app would use it. */
const DingTalkEncryptor = require("dingtalk-encrypt");

// dingtalk-encrypt assumes a 20-character owner key (dingtalk-events.md §2.6): an org with such a corpId.
const CORP = "ding0123456789abcdef";
const KEYS = { token: "push-token-1", aesKey: "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7" };

interface Push {
  query: URLSearchParams;
  plain: Record<string, unknown>;
}

/** An app's callback receiver: verifies and decrypts with the helper, answers the sealed "success". */
function receiver(ownerKey: string, behave: () => "ok" | "fail" = () => "ok") {
  const pushes: Push[] = [];
  const crypt = new DingTalkEncryptor(KEYS.token, KEYS.aesKey, ownerKey);
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const query = new URL(req.url!, "http://x").searchParams;
      const { encrypt } = JSON.parse(body);
      let plain: Record<string, unknown>;
      try {
        plain = JSON.parse(
          crypt.getDecryptMsg(
            query.get("msg_signature"),
            query.get("timestamp"),
            query.get("nonce"),
            encrypt,
          ),
        );
      } catch {
        res.writeHead(400).end("cannot decrypt"); // meant for another owner key
        return;
      }
      pushes.push({ query, plain });
      if (behave() === "fail") {
        res.writeHead(500).end("no");
        return;
      }
      const reply = crypt.getEncryptedMap("success", String(Date.now()), "abcdefgh");
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
    });
  });
  return {
    pushes,
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () =>
          resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/cb`),
        ),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let ctx: TestContext;
let legacyToken: string;

before(async () => {
  ctx = await buildTestApp({ listen: true, realClock: true, events: { eventRetryMaxAttempts: 3 } });
  expectOk(
    await control(ctx.app).call("POST", "/_vconf/v1/seed", {
      orgs: [
        {
          corpId: CORP,
          name: "Pushco",
          users: [
            { unionId: "union-pat", userId: "pat", name: "Pat" },
            { unionId: "union-quinn", userId: "quinn", name: "Quinn" },
          ],
          apps: [{ appKey: "push-app", appSecret: "push-secret", scopes: [W, R] }],
        },
      ],
    }),
  );
  const got = await fetch(`${ctx.url}/gettoken?appkey=push-app&appsecret=push-secret`).then((r) => r.json());
  assert.equal(got.errcode, 0);
  assert.equal(got.expires_in, 7200);
  legacyToken = got.access_token;
});
after(() => ctx.close());

const oapi = (path: string, body?: unknown) =>
  fetch(`${ctx.url}${path}?access_token=${legacyToken}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => {
    assert.equal(r.status, 200, "oapi answers errors with HTTP 200 too");
    return r.json();
  });

async function createPushConference(): Promise<string> {
  const token = await tokenFor(ctx.app, "push-app", "push-secret");
  const res = await ctx.app.inject({
    method: "POST",
    url: "/v1.0/conference/videoConferences",
    headers: { "x-acs-dingtalk-access-token": token },
    payload: { userId: "union-pat", confTitle: "Pushed" },
  });
  return expectOk(res).conferenceId;
}

test("register_call_back: check_url first, then signed, encrypted pushes a DingTalk helper opens", async () => {
  const rx = receiver(CORP);
  const url = await rx.start();
  try {
    const tags = ["meeting_status_change", "meeting_member_status_change"];
    const reg = await oapi("/call_back/register_call_back", {
      call_back_tag: tags,
      url,
      ...{ token: KEYS.token, aes_key: KEYS.aesKey },
    });
    assert.deepEqual(reg, { errcode: 0, errmsg: "ok" });
    assert.deepEqual(rx.pushes[0].plain, { EventType: "check_url" });
    assert.equal(
      (
        await oapi("/call_back/register_call_back", {
          call_back_tag: tags,
          url,
          token: KEYS.token,
          aes_key: KEYS.aesKey,
        })
      ).errcode,
      71006,
    );
    const got = await oapi("/call_back/get_call_back");
    assert.deepEqual(got, {
      errcode: 0,
      errmsg: "ok",
      call_back_tag: tags,
      token: KEYS.token,
      aes_key: KEYS.aesKey,
      url,
    });

    const id = await createPushConference();
    await until(() => rx.pushes.length >= 2, 10_000, "the pushed event");
    await sleep(200);
    assert.equal(rx.pushes.length, 2, "tags filter: no _target_push twin");
    const p = rx.pushes[1];
    assert.equal(p.query.get("msg_signature"), p.query.get("signature"));
    assert.match(p.query.get("timestamp")!, /^\d{13}$/);
    assert.equal(p.plain.EventType, "meeting_status_change");
    assert.equal(p.plain.CorpId, CORP);
    assert.equal(typeof p.plain.EventTime, "number");
    assert.equal(typeof p.plain.BizId, "string");
    assert.match(p.plain.eventId as string, /^[0-9a-f]{32}$/);
    assert.equal(p.plain.changeScene, "conference_created");
    assert.equal(p.plain.statusSeqNum, 1);
    assert.equal((p.plain.openConfModel as { conferenceId: string }).conferenceId, id);
    await sleep(300);
    const events = expectOk(
      await control(ctx.app).call("GET", `/_vconf/v1/events?conferenceId=${id}`),
    ).events;
    const push = events.find((e: { eventType: string }) => e.eventType === "meeting_status_change");
    assert.deepEqual(
      push.deliveries.map((d: { subscriber: unknown; status: string }) => [d.subscriber, d.status]),
      [[{ kind: "http", appKey: "push-app", corpId: CORP }, "delivered"]],
    );

    assert.deepEqual(
      await oapi("/call_back/update_call_back", { call_back_tag: ["meeting_member_status_change"] }),
      {
        errcode: 0,
        errmsg: "ok",
      },
    );
    assert.deepEqual((await oapi("/call_back/get_call_back")).call_back_tag, [
      "meeting_member_status_change",
    ]);
    assert.deepEqual(await oapi("/call_back/delete_call_back"), { errcode: 0, errmsg: "ok" });
    assert.equal((await oapi("/call_back/get_call_back")).errcode, 71007);
  } finally {
    await rx.stop();
  }
});

test("register_call_back refuses a URL that fails check_url, bad parameters and a bad token; stores nothing", async () => {
  const rx = receiver("dingsomeoneelse00000"); // decrypts for another owner key: cannot answer
  const url = await rx.start();
  try {
    const body = { call_back_tag: ["meeting_status_change"], url, token: KEYS.token, aes_key: KEYS.aesKey };
    const failed = await oapi("/call_back/register_call_back", body).catch(() => undefined);
    assert.ok(failed && failed.errcode !== 0, JSON.stringify(failed));
    assert.equal((await oapi("/call_back/get_call_back")).errcode, 71007);
    assert.equal((await oapi("/call_back/register_call_back", { ...body, aes_key: "short" })).errcode, 40035);
    assert.equal(
      (await oapi("/call_back/register_call_back", { ...body, call_back_tag: ["user_add_org"] })).errcode,
      40035,
    );
    const bad = await fetch(`${ctx.url}/call_back/get_call_back?access_token=nope`).then((r) => r.json());
    assert.equal(bad.errcode, 40014);
    const noCreds = await fetch(`${ctx.url}/gettoken?appkey=push-app&appsecret=wrong`).then((r) => r.json());
    assert.equal(noCreds.errcode, 40089);
  } finally {
    await rx.stop();
  }
});

test("a failing receiver gets retries, then get_call_back_failed_result lists the push once", async () => {
  let failing = true;
  const rx = receiver(CORP, () => (failing && rx.pushes.length > 1 ? "fail" : "ok"));
  const url = await rx.start();
  try {
    const reg = await oapi("/call_back/register_call_back", {
      call_back_tag: ["meeting_status_change"],
      url,
      token: KEYS.token,
      aes_key: KEYS.aesKey,
    });
    assert.equal(reg.errcode, 0);
    const id = await createPushConference();
    await until(() => rx.pushes.length >= 4, 10_000, "three attempts");
    await sleep(500);
    failing = false;
    assert.equal(rx.pushes.length, 4, "check_url + 3 attempts (VCONF_EVENT_RETRY_MAX_ATTEMPTS=3)");
    const eventIds = new Set(rx.pushes.slice(1).map((p) => p.plain.eventId));
    assert.equal(eventIds.size, 1, "the same event each time");
    const events = expectOk(
      await control(ctx.app).call("GET", `/_vconf/v1/events?conferenceId=${id}&status=failed`),
    ).events;
    assert.equal(events.length, 1);
    assert.equal(events[0].deliveries[0].attempts, 3);
    assert.match(events[0].deliveries[0].lastError, /HTTP 500/);

    const failed = await oapi("/call_back/get_call_back_failed_result");
    assert.equal(failed.errcode, 0);
    assert.equal(failed.has_more, false);
    assert.equal(failed.failed_list.length, 1);
    const item = failed.failed_list[0];
    assert.equal(item.call_back_tag, "meeting_status_change");
    assert.equal(typeof item.event_time, "number");
    assert.equal(item.meeting_status_change.eventId, [...eventIds][0]);
    assert.equal((await oapi("/call_back/get_call_back_failed_result")).failed_list.length, 0, "cleared");
    await oapi("/call_back/delete_call_back");
  } finally {
    await rx.stop();
  }
});

test("an HTTP subscription from the control plane: ownerKey is the appKey, no check_url", async () => {
  const rx = receiver("push-app");
  const url = await rx.start();
  try {
    const doc = { http: { url, token: KEYS.token, aesKey: KEYS.aesKey } };
    const put = expectOk(await control(ctx.app).call("PUT", "/_vconf/v1/apps/push-app/events", doc));
    assert.deepEqual(put.http, doc.http);
    assert.equal(rx.pushes.length, 0);
    await createPushConference();
    await until(() => rx.pushes.length >= 2, 10_000, "the event and its twin");
    assert.deepEqual(rx.pushes.map((p) => p.plain.EventType).sort(), [
      "meeting_status_change",
      "meeting_status_change_target_push",
    ]);
    expectOk(await control(ctx.app).call("DELETE", "/_vconf/v1/apps/push-app/events"));
  } finally {
    await rx.stop();
  }
});
