import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { Caller } from "../../../src/domain/deps.js";
import { SCOPE_READ, SCOPE_WRITE } from "../../../src/schemas/paths.js";
import { policy, readableConference, writableConference } from "../../../src/domain/conferences/policy.js";
import { ApiError, newRequestId } from "../../../src/errors.js";
import type { ConferenceRow, MemberRow } from "../../../src/store/store.js";
import { conferenceRow, memberRow } from "../../helpers/rows.js";
import {
  api,
  createConference,
  expectOk,
  tokenFor,
  type TestContext,
  useTestApp,
} from "../../helpers/app.js";

const conference = (over: Partial<ConferenceRow> = {}) =>
  conferenceRow("c".repeat(24), "dingcorp-acme", over);

const member = (over: Partial<MemberRow> = {}) =>
  memberRow("c".repeat(24), "union-bob", { userNick: "Bob", ...over });

const caller = (corpId: string): Caller => ({
  corpId,
  clientKey: "k",
  kind: "app",
  scopes: [SCOPE_WRITE, SCOPE_READ],
});

const host = member({ host: true, attendStatus: 3 });
const coHost = member({ coHost: true, attendStatus: 3 });
const plain = member({ attendStatus: 3 });
const invited = member({ attendStatus: 1 });

describe("policy predicates", () => {
  test("sameOrg: the caller's org owns the conference", () => {
    assert.equal(policy.sameOrg(caller("dingcorp-acme"), conference()), true);
    assert.equal(policy.sameOrg(caller("dingcorp-globex"), conference()), false);
  });

  test("ended: status 1 only", () => {
    assert.equal(policy.ended(conference({ status: 1, endTime: 5 })), true);
    assert.equal(policy.ended(conference({ status: 2 })), false);
    assert.equal(policy.ended(conference({ status: 0 })), false);
  });

  test("isHost and canClose: only the host", () => {
    for (const p of [policy.isHost, policy.canClose]) {
      assert.equal(p(host), true);
      assert.equal(p(coHost), false);
      assert.equal(p(plain), false);
      assert.equal(p(undefined), false);
    }
  });

  test("isCoHost: only a co-host", () => {
    assert.equal(policy.isCoHost(coHost), true);
    assert.equal(policy.isCoHost(host), false);
    assert.equal(policy.isCoHost(plain), false);
    assert.equal(policy.isCoHost(undefined), false);
    // The role does not depend on being in the meeting now.
    assert.equal(policy.isCoHost(member({ coHost: true, attendStatus: 1 })), true);
  });

  test("isModerator: host or co-host", () => {
    assert.equal(policy.isModerator(host), true);
    assert.equal(policy.isModerator(coHost), true);
    assert.equal(policy.isModerator(plain), false);
    assert.equal(policy.isModerator(undefined), false);
  });

  test("inMeeting: attendStatus 3 only", () => {
    assert.equal(policy.inMeeting(plain), true);
    for (const attendStatus of [1, 2, 4, 5, 6]) {
      assert.equal(policy.inMeeting(member({ attendStatus })), false, `attendStatus ${attendStatus}`);
    }
    assert.equal(policy.inMeeting(undefined), false);
  });

  test("canBeCoHost: anyone but the host, members or not", () => {
    assert.equal(policy.canBeCoHost(host), false);
    assert.equal(policy.canBeCoHost(coHost), true);
    assert.equal(policy.canBeCoHost(invited), true);
    assert.equal(policy.canBeCoHost(undefined), true);
  });
});

describe("writableConference and readableConference", () => {
  const ctx = useTestApp({ per: "file" });
  let open: string;
  let ended: string;
  before(async () => {
    const token = await tokenFor(ctx.app, "acme-app");
    open = await createConference(ctx.app, token);
    ended = await createConference(ctx.app, token);
    expectOk(await api(ctx.app, token).close(ended, "union-alice"));
  });

  /** The error `fn` throws inside a real transaction, as [code, message], or "ok". */
  async function outcome(fn: Parameters<TestContext["deps"]["store"]["transaction"]>[0]) {
    try {
      await ctx.deps.store.transaction(fn);
      return "ok";
    } catch (e) {
      assert.ok(e instanceof ApiError, String(e));
      return [e.code, e.message];
    }
  }
  const acme = caller("dingcorp-acme");
  const globex = caller("dingcorp-globex");

  test("writableConference gives section 6's answers", async () => {
    const w = (c: Caller, id: string, endedCode?: "confClosed" | "resourceClose") =>
      outcome(async (tx) => {
        const conf = await writableConference(tx, c, id, endedCode);
        assert.equal(conf.conferenceId, id);
      });
    assert.equal(await w(acme, open), "ok");
    assert.deepEqual(await w(acme, ""), ["paramsError", "error:conferenceId is missing"]);
    assert.deepEqual(await w(acme, "0".repeat(24)), ["paramsError", "error:conference not found"]);
    assert.deepEqual(await w(globex, open), [
      "permissionError",
      "permissionError:no right to operate this meeting",
    ]);
    assert.deepEqual(await w(acme, ended), ["confClosed", "confClosed"]);
    assert.deepEqual(await w(acme, ended, "resourceClose"), ["resourceClose", "The meeting has ended"]);
    // Another org learns nothing about whether its meeting ended.
    assert.deepEqual(await w(globex, ended), [
      "permissionError",
      "permissionError:no right to operate this meeting",
    ]);
  });

  test("readableConference gives the read endpoints' answers; ended meetings stay readable", async () => {
    const r = (c: Caller, id: string) =>
      outcome(async (tx) => {
        const conf = await readableConference(tx, c, id);
        assert.equal(conf.conferenceId, id);
      });
    assert.equal(await r(acme, open), "ok");
    assert.equal(await r(acme, ended), "ok");
    assert.deepEqual(await r(acme, ""), ["missingRoomId", "MISSING ROOM ID"]);
    assert.deepEqual(await r(acme, "0".repeat(24)), ["roomNotFound", "ROOM NOT FOUND"]);
    assert.deepEqual(await r(globex, open), ["noPermission", "NO PERMISSION"]);
  });
});

describe("newRequestId", () => {
  test("is uppercase hex in 8-4-4-4-12 groups", () => {
    for (let i = 0; i < 100; i++) {
      assert.match(newRequestId(), /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    }
  });

  test("does not repeat", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newRequestId()));
    assert.equal(ids.size, 1000);
  });
});
