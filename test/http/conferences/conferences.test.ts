import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import {
  api,
  CONF,
  control,
  createConference,
  expectError,
  expectOk,
  tokenFor,
  useTestApp,
} from "../../helpers/app.js";

const ctx = useTestApp();
let acme: ReturnType<typeof api>;
let globex: ReturnType<typeof api>;
let token: string;
beforeEach(async () => {
  token = await tokenFor(ctx.app, "acme-app");
  acme = api(ctx.app, token);
  globex = api(ctx.app, await tokenFor(ctx.app, "globex-app"));
});

interface Member {
  unionId: string;
  attendStatus: number;
  host: boolean;
  coHost: boolean;
  joinTime?: number;
  leaveTime?: number;
  duration: number;
  outerOrgMember?: boolean;
}

async function members(id: string): Promise<Map<string, Member>> {
  const list: Member[] = expectOk(await acme.members(id)).memberModels;
  return new Map(list.map((m) => [m.unionId, m]));
}
const info = async (id: string) => expectOk(await acme.info(id)).confInfo;
const join = async (id: string, who: string) => expectOk(await control(ctx.app).join(id, who));
const leave = async (id: string, who: string) => expectOk(await control(ctx.app).leave(id, who));

describe("CreateVideoConference", () => {
  test("answers the ids and passwords in DingTalk's formats", async () => {
    const body = expectOk(await acme.create({ userId: "union-alice", confTitle: "Weekly sync" }));
    assert.deepEqual(Object.keys(body).sort(), [
      "conferenceId",
      "conferencePassword",
      "externalLinkUrl",
      "hostPassword",
      "phoneNumbers",
      "roomCode",
    ]);
    assert.match(body.conferenceId, /^[0-9a-f]{24}$/);
    assert.match(body.conferencePassword, /^\d{10}$/);
    assert.match(body.hostPassword, /^\d{10}$/);
    assert.equal(typeof body.externalLinkUrl, "string");
    assert.equal(typeof body.roomCode, "string");
    assert.ok(Array.isArray(body.phoneNumbers));
    const other = expectOk(await acme.create({ userId: "union-alice", confTitle: "Weekly sync" }));
    assert.notEqual(other.conferenceId, body.conferenceId);

    const ci = await info(body.conferenceId);
    assert.equal(ci.conferenceId, body.conferenceId);
    assert.equal(ci.title, "Weekly sync");
    assert.equal(ci.roomCode, body.roomCode);
    assert.equal(ci.externalLinkUrl, body.externalLinkUrl);
    assert.equal(ci.status, 2);
    assert.equal(ci.startTime, ctx.clock.now());
    assert.equal(ci.creatorId, "union-alice");
    assert.equal(ci.creatorNick, "Alice");
    assert.equal(ci.bizType, "0");
    assert.equal("endTime" in ci, false);
    assert.equal("confDuration" in ci, false);
  });

  test("titles over 50 characters are cut to 50 characters, counting CJK and emoji as one", async () => {
    for (const [title, kept] of [
      ["a".repeat(51), "a".repeat(50)],
      ["会".repeat(60), "会".repeat(50)],
      ["😀".repeat(51), "😀".repeat(50)],
      ["会".repeat(256), "会".repeat(50)],
      ["x".repeat(50), "x".repeat(50)],
    ]) {
      const { conferenceId } = expectOk(await acme.create({ userId: "union-alice", confTitle: title }));
      assert.equal((await info(conferenceId)).title, kept);
    }
  });

  test("a missing, empty, blank or over-256-character title is paramsTitleError", async () => {
    for (const confTitle of [undefined, "", "   ", "a".repeat(257), "会".repeat(257)]) {
      expectError(
        await acme.create({ userId: "union-alice", confTitle }),
        400,
        "paramsTitleError",
        /^error:confTitle/,
      );
    }
  });

  test("a title that is not a string is paramsError naming it", async () => {
    const res = await acme.create({ userId: "union-alice", confTitle: 5 });
    expectError(res, 400, "paramsError", "error:confTitle must be string");
  });

  test("a missing or empty userId is paramsError", async () => {
    expectError(await acme.create({ confTitle: "t" }), 400, "paramsError", "error:userId is missing");
    expectError(await acme.create({ userId: "", confTitle: "t" }), 400, "paramsError", /^error:userId/);
    expectError(await acme.create({ userId: 5, confTitle: "t" }), 400, "paramsError", /^error:userId/);
  });

  test("malformed invitees are paramsError", async () => {
    for (const inviteUserIds of ["union-bob", [""], [5]]) {
      const res = await acme.create({ userId: "union-alice", confTitle: "t", inviteUserIds });
      expectError(res, 400, "paramsError", /^error:inviteUserIds/);
    }
  });

  test("an unknown organizer or invitee is unknownUserError", async () => {
    expectError(await acme.create({ userId: "union-nobody", confTitle: "t" }), 400, "unknownUserError");
    const res = await acme.create({
      userId: "union-alice",
      confTitle: "t",
      inviteUserIds: ["union-bob", "union-x"],
    });
    expectError(res, 400, "unknownUserError");
  });

  test("an organizer of another org is orgAccessForbidden", async () => {
    expectError(await acme.create({ userId: "union-gina", confTitle: "t" }), 400, "orgAccessForbidden");
    expectError(await globex.create({ userId: "union-alice", confTitle: "t" }), 400, "orgAccessForbidden");
  });

  test("the organizer is the ringing host; invitees are invited; other orgs are outer members", async () => {
    const id = await createConference(ctx.app, token, [
      "union-bob",
      "union-gina",
      "union-bob",
      "union-alice",
    ]);
    const m = await members(id);
    assert.deepEqual([...m.keys()], ["union-alice", "union-bob", "union-gina"]);
    const alice = m.get("union-alice")!;
    assert.equal(alice.host, true);
    assert.equal(alice.coHost, false);
    assert.equal(alice.attendStatus, 2);
    assert.equal(m.get("union-bob")!.host, false);
    assert.equal(m.get("union-bob")!.attendStatus, 1);
    assert.equal("outerOrgMember" in m.get("union-bob")!, false);
    assert.equal(m.get("union-gina")!.attendStatus, 1);
    assert.equal(m.get("union-gina")!.outerOrgMember, true);
  });

  test("with inviteCaller false the host is only invited (attendStatus 1)", async () => {
    const res = await acme.create({ userId: "union-alice", confTitle: "t", inviteCaller: false });
    const m = await members(expectOk(res).conferenceId);
    assert.equal(m.get("union-alice")!.host, true);
    assert.equal(m.get("union-alice")!.attendStatus, 1);
  });
});

describe("QueryConferenceInfo", () => {
  test("the counts follow joins and leaves", async () => {
    const id = await createConference(ctx.app, token, ["union-bob", "union-carol"]);
    assert.deepEqual(pick(await info(id)), { invitedNum: 2, activeNum: 0, attendNum: 0 });
    await join(id, "union-alice");
    await join(id, "union-bob");
    assert.deepEqual(pick(await info(id)), { invitedNum: 2, activeNum: 2, attendNum: 2 });
    await leave(id, "union-bob");
    assert.deepEqual(pick(await info(id)), { invitedNum: 2, activeNum: 1, attendNum: 2 });
    await join(id, "union-bob");
    assert.deepEqual(pick(await info(id)), { invitedNum: 2, activeNum: 2, attendNum: 2 });
  });

  test("an ended conference has status 1, endTime and confDuration", async () => {
    const id = await createConference(ctx.app, token);
    const start = ctx.clock.now();
    ctx.clock.advance(90_000);
    expectOk(await acme.close(id, "union-alice"));
    const ci = await info(id);
    assert.equal(ci.status, 1);
    assert.equal(ci.startTime, start);
    assert.equal(ci.endTime, start + 90_000);
    assert.equal(ci.confDuration, 90_000);
  });

  test("unknown, other-org and empty ids", async () => {
    const id = await createConference(ctx.app, token);
    expectError(await acme.info("0".repeat(24)), 404, "roomNotFound", "ROOM NOT FOUND");
    expectError(await acme.info("nope"), 404, "roomNotFound");
    expectError(await globex.info(id), 403, "noPermission", "NO PERMISSION");
    expectError(await acme.call("GET", `${CONF}/`), 400, "missingRoomId", "MISSING ROOM ID");
  });
});

function pick(ci: Record<string, number>) {
  return { invitedNum: ci.invitedNum, activeNum: ci.activeNum, attendNum: ci.attendNum };
}

describe("QueryConferenceMembers", () => {
  const FOUR = ["union-bob", "union-carol", "union-dave", "union-erin"];

  test("pages with maxResults and nextToken; totalCount counts all; the last page has no nextToken", async () => {
    const id = await createConference(ctx.app, token, FOUR);
    const seen: string[] = [];
    let next: string | undefined;
    const sizes: number[] = [];
    do {
      const body = expectOk(await acme.members(id, `?maxResults=2${next ? `&nextToken=${next}` : ""}`));
      assert.equal(body.totalCount, 5);
      sizes.push(body.memberModels.length);
      seen.push(...body.memberModels.map((m: Member) => m.unionId));
      next = body.nextToken;
      if (next !== undefined) assert.notEqual(next, "");
    } while (next);
    assert.deepEqual(sizes, [2, 2, 1]);
    assert.deepEqual(seen, ["union-alice", ...FOUR]);

    const all = expectOk(await acme.members(id));
    assert.equal(all.memberModels.length, 5);
    assert.equal(all.nextToken ?? "", "");
    const exact = expectOk(await acme.members(id, "?maxResults=5"));
    assert.equal(exact.memberModels.length, 5);
    assert.equal(exact.nextToken ?? "", "");
  });

  test("each member carries the documented fields", async () => {
    const id = await createConference(ctx.app, token, ["union-bob"]);
    const [alice] = expectOk(await acme.members(id)).memberModels;
    assert.equal(alice.conferenceId, id);
    assert.equal(alice.userNick, "Alice");
    assert.equal(alice.duration, 0);
    assert.equal(alice.pstnJoin, false);
    assert.equal("joinTime" in alice, false);
  });

  test("invalid maxResults or nextToken is paramError", async () => {
    const id = await createConference(ctx.app, token, FOUR);
    for (const q of [
      "?maxResults=0",
      "?maxResults=-1",
      "?maxResults=abc",
      "?maxResults=2.5",
      "?maxResults=1001",
      "?nextToken=abc",
      "?nextToken=-2",
      "?maxResults=1&maxResults=2",
    ]) {
      expectError(await acme.members(id, q), 400, "paramError", /^PARAM ERROR/);
    }
  });

  test("members who left stay listed with leaveTime and duration", async () => {
    const id = await createConference(ctx.app, token, ["union-bob"]);
    await join(id, "union-bob");
    const joined = ctx.clock.now();
    ctx.clock.advance(60_000);
    await leave(id, "union-bob");
    let bob = (await members(id)).get("union-bob")!;
    assert.equal(bob.attendStatus, 6);
    assert.equal(bob.joinTime, joined);
    assert.equal(bob.leaveTime, joined + 60_000);
    assert.equal(bob.duration, 60_000);
    // A second stay adds to the duration.
    await join(id, "union-bob");
    ctx.clock.advance(30_000);
    await leave(id, "union-bob");
    bob = (await members(id)).get("union-bob")!;
    assert.equal(bob.duration, 90_000);
    assert.equal(expectOk(await acme.members(id)).totalCount, 2);
  });

  test("unknown, other-org and empty ids", async () => {
    const id = await createConference(ctx.app, token);
    expectError(await acme.members("0".repeat(24)), 404, "roomNotFound", "ROOM NOT FOUND");
    expectError(await globex.members(id), 403, "noPermission", "NO PERMISSION");
    expectError(await acme.call("GET", `${CONF}//members`), 400, "missingRoomId", "MISSING ROOM ID");
  });
});

describe("CloseVideoConference", () => {
  test("the host closes; members in the meeting become 6 (left), others keep their status", async () => {
    const id = await createConference(ctx.app, token, ["union-bob", "union-carol"]);
    await join(id, "union-alice");
    await join(id, "union-bob");
    ctx.clock.advance(10_000);
    const res = await acme.close(id, "union-alice");
    assert.deepEqual(expectOk(res), { code: 200, cause: "success" });
    const m = await members(id);
    for (const who of ["union-alice", "union-bob"]) {
      assert.equal(m.get(who)!.attendStatus, 6);
      assert.equal(m.get(who)!.leaveTime, ctx.clock.now());
      assert.equal(m.get(who)!.duration, 10_000);
    }
    assert.equal(m.get("union-carol")!.attendStatus, 1);
    assert.equal((await info(id)).activeNum, 0);
    expectError(await control(ctx.app).join(id, "union-carol"), 403, "joinRefused");
  });

  test("only the host may close", async () => {
    const id = await createConference(ctx.app, token, ["union-bob"]);
    await join(id, "union-bob");
    for (const who of ["union-bob", "union-carol"]) {
      const res = await acme.close(id, who);
      expectError(res, 400, "permissionError", "permissionError:only the host can close the meeting");
    }
    assert.equal((await info(id)).status, 2);
  });

  test("closing an ended meeting is resourceClose", async () => {
    const id = await createConference(ctx.app, token);
    expectOk(await acme.close(id, "union-alice"));
    expectError(await acme.close(id, "union-alice"), 400, "resourceClose", "The meeting has ended");
  });

  test("an unknown unionId is unknownUserError; a missing one paramsError", async () => {
    const id = await createConference(ctx.app, token);
    expectError(await acme.close(id, "union-nobody"), 400, "unknownUserError");
    expectError(await acme.close(id), 400, "paramsError", "error:unionId is missing");
    expectError(await acme.close(id, ""), 400, "paramsError", "error:unionId is missing");
    assert.equal((await info(id)).status, 2);
  });

  test("unknown, other-org and empty ids", async () => {
    const id = await createConference(ctx.app, token);
    expectError(
      await acme.close("0".repeat(24), "union-alice"),
      400,
      "paramsError",
      "error:conference not found",
    );
    expectError(
      await globex.close(id, "union-gina"),
      400,
      "permissionError",
      "permissionError:no right to operate this meeting",
    );
    expectError(
      await acme.call("DELETE", `${CONF}/?unionId=union-alice`),
      400,
      "paramsError",
      "error:conferenceId is missing",
    );
    assert.equal((await info(id)).status, 2);
  });

  test("the close is in the change log", async () => {
    const id = await createConference(ctx.app, token);
    await join(id, "union-alice");
    expectOk(await acme.close(id, "union-alice"));
    const entries = expectOk(await control(ctx.app).audit(id)).entries;
    const closes = entries.filter((e: { operation: string }) => e.operation === "CloseVideoConference");
    assert.ok(closes.length >= 1);
    assert.ok(closes.every((e: { app: string }) => e.app === "acme-app"));
  });
});
