import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { ADMIN_KEY, buildTestApp, control, expectOk, type TestContext } from "../helpers/app.js";
import { exchange, expectRawEnvelope, listen, only, rawRequest } from "../helpers/raw-http.js";

let ctx: TestContext;
let port: number;
beforeEach(async () => {
  ctx = await buildTestApp();
  port = await listen(ctx.app);
});
afterEach(() => ctx.close());

const TOKEN_BODY = JSON.stringify({ appKey: "acme-app" });
const json = (body: string) => ({ "Content-Type": "application/json", "Content-Length": `${body.length}` });

/** Every spelling of `/_vconf/v1/<rest>` a client might send: each must reach the key check or a 404. */
function spellings(rest: string): string[] {
  return [
    `/%5Fvconf/v1/${rest}`,
    `/%5fvconf/v1/${rest}`,
    `/_%76conf/v1/${rest}`,
    `/_vcon%66/v1/${rest}`,
    `/%5F%76%63%6F%6E%66/v1/${rest}`,
    `/_vconf/%76%31/${rest}`,
    `/_vconf%2Fv1/${rest}`,
    `/_vconf%2fv1%2f${rest}`,
    `/_VCONF/v1/${rest}`,
    `/_Vconf/v1/${rest}`,
    `/x/../_vconf/v1/${rest}`,
    `/%2e%2e/_vconf/v1/${rest}`,
    `/./_vconf/v1/${rest}`,
    `/_vconf/v1/./${rest}`,
    `//_vconf/v1/${rest}`,
    `/_vconf//v1/${rest}`,
    `/_vconf/v1//${rest}`,
    `/_vconf/v1/${rest}/`,
    `/_vconf/v1/${rest}%20`,
    `/_vconf/v1/${rest}?x=1`,
    `/_vconf/v1/${rest}#x`,
    `http://elsewhere.invalid/_vconf/v1/${rest}`,
    `HTTP://elsewhere.invalid/%5Fvconf/v1/${rest}`,
    `https://elsewhere.invalid:443/_vconf/v1/${rest}`,
  ];
}

describe("the control plane's key is checked on the matched route, never the raw URL", () => {
  test("POST /tokens under every spelling of the prefix is 401 or 404, never a token", async () => {
    for (const target of spellings("tokens")) {
      const res = only(await exchange(port, rawRequest("POST", target, json(TOKEN_BODY), TOKEN_BODY)));
      assert.ok(res.status === 401 || res.status === 404, `${target}: ${res.status} ${res.body}`);
      expectRawEnvelope(
        res,
        res.status,
        res.status === 401 ? "vconf.AdminKeyRequired" : "InvalidAction.NotFound",
      );
    }
  });

  test("GET and HEAD of a listing under every spelling are 401 or 404", async () => {
    for (const target of spellings("orgs")) {
      const get = only(await exchange(port, rawRequest("GET", target)));
      assert.ok(get.status === 401 || get.status === 404, `GET ${target}: ${get.status} ${get.body}`);
      expectRawEnvelope(
        get,
        get.status,
        get.status === 401 ? "vconf.AdminKeyRequired" : "InvalidAction.NotFound",
      );
      const head = only(await exchange(port, rawRequest("HEAD", target), { head: true }));
      assert.equal(head.status, get.status, `HEAD ${target}`);
    }
  });

  test("with the key, the encoded and absolute-form spellings are served like the plain one", async () => {
    const key = { "x-vconf-admin-key": ADMIN_KEY };
    for (const target of ["/%5Fvconf/v1/orgs", "http://elsewhere.invalid/_vconf/v1/orgs"]) {
      const res = only(await exchange(port, rawRequest("GET", target, key)));
      assert.equal(res.status, 200, `${target}: ${res.body}`);
      assert.equal(JSON.parse(res.body).orgs.length, 2);
    }
    // A body-less control-plane POST is `{}` by the matched route too.
    const reset = only(await exchange(port, rawRequest("POST", "/%5Fvconf/v1/reset", key)));
    assert.equal(reset.status, 200, reset.body);
  });

  test("a refused request's body is not read: 200 MB announced, a few KiB sent, 401 at once", async () => {
    const head = rawRequest("PUT", "/%5Fvconf/v1/snapshot", {
      "Content-Type": "application/json",
      "Content-Length": `${200 * 1024 * 1024}`,
      Connection: "keep-alive",
    });
    const x = await exchange(port, head + `{"orgs":[${" ".repeat(16 * 1024)}`);
    expectRawEnvelope(only(x), 401, "vconf.AdminKeyRequired");
    assert.equal(only(x).headers.connection, "close", "the server drops the connection, not drains it");
  });

  test("Expect: 100-continue: a refused request gets its 401 without a 100 Continue", async () => {
    const headers = {
      "Content-Type": "application/json",
      "Content-Length": "1000000",
      Expect: "100-continue",
    };
    const x = await exchange(port, rawRequest("PUT", "/_vconf/v1/snapshot", headers));
    assert.deepEqual(
      x.responses.map((r) => r.status),
      [401],
      `no 100 Continue before the refusal: ${x.text.slice(0, 300)}`,
    );
  });

  test("Expect: 100-continue with the key: 100 Continue, then the body, then the answer", async () => {
    const body = JSON.stringify({ orgs: [{ corpId: "dingcorp-new", name: "New" }] });
    const headers = {
      "x-vconf-admin-key": ADMIN_KEY,
      Expect: "100-continue",
      ...json(body),
    };
    const x = await exchange(port, rawRequest("POST", "/_vconf/v1/seed", headers), {
      onResponse: (socket, r) => {
        if (r.status === 100) socket.write(body);
      },
    });
    assert.deepEqual(
      x.responses.map((r) => r.status),
      [100, 200],
      x.text,
    );
    const orgs = expectOk(await control(ctx.app).call("GET", "/_vconf/v1/orgs")).orgs;
    assert.ok(orgs.some((o: { corpId: string }) => o.corpId === "dingcorp-new"));
  });

  test("an unknown or unreadable path is answered before its body is read", async () => {
    for (const [target, status, code] of [
      ["/v1.0/nothing", 404, "InvalidAction.NotFound"],
      ["/v1.0/conference/videoConferences/%ZZ", 400, "InvalidRequest"],
    ] as const) {
      const head = rawRequest("POST", target, {
        "Content-Type": "application/json",
        "Content-Length": `${200 * 1024 * 1024}`,
        Connection: "keep-alive",
      });
      const res = only(await exchange(port, head + "{"));
      expectRawEnvelope(res, status, code);
      assert.equal(res.headers.connection, "close", target);
    }
  });
});

describe("the other per-area hooks decide on the matched route too", () => {
  test("the journal names the app of a token call under an encoded path", async () => {
    const body = JSON.stringify({ appKey: "acme-app", appSecret: "acme-secret" });
    const res = only(
      await exchange(port, rawRequest("POST", "/v1.0/%6Fauth2/accessToken", json(body), body)),
    );
    assert.equal(res.status, 200, res.body);
    const entries = expectOk(await control(ctx.app).call("GET", "/_vconf/v1/requests")).entries;
    const entry = entries.find((e: { operation: string }) => e.operation === "GetAccessToken");
    assert.equal(entry?.app, "acme-app");
    assert.equal(entry?.path, "/v1.0/%6Fauth2/accessToken");
  });

  test("the journal keeps an absolute-form target's path only, without its query", async () => {
    only(await exchange(port, rawRequest("GET", "http://elsewhere.invalid/healthz?probe=1")));
    only(await exchange(port, rawRequest("GET", "http://elsewhere.invalid/v1.0/nothing?x=1")));
    const entries = expectOk(await control(ctx.app).call("GET", "/_vconf/v1/requests")).entries;
    assert.deepEqual(
      entries.map((e: { path: string }) => e.path),
      ["/v1.0/nothing"],
    );
  });

  test("an injected fault hits its operation under an encoded path", async () => {
    expectOk(
      await control(ctx.app).call("PUT", "/_vconf/v1/faults", {
        faults: [{ operation: "GetAccessToken", status: 503, code: "systemError", message: "systemError:x" }],
      }),
    );
    const body = JSON.stringify({ appKey: "acme-app", appSecret: "acme-secret" });
    const res = only(
      await exchange(port, rawRequest("POST", "/v1.0/oauth2/access%54oken", json(body), body)),
    );
    expectRawEnvelope(res, 503, "systemError");
  });
});
