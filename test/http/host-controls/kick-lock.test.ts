import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { api, expectError, expectOk } from "../../helpers/app.js";
import { auditOps, lastSeq, meeting, unchangedBy, type Meeting } from "../../helpers/host-controls.js";

let m: Meeting;
afterEach(() => m.close());

test("KickMembers: attendStatus 5, leaveTime set, duration accumulated; a plain kick allows rejoining", async () => {
  m = await meeting(["union-alice", "union-bob", "union-carol"]);
  m.clock.advance(60_000);
  const seq = await lastSeq(m.app, m.id);
  expectOk(
    await m.h.kick(m.id, {
      userList: [{ unionId: "union-bob" }, { unionId: "union-carol" }, { unionId: "union-bob" }],
    }),
  );
  const members = await m.h.members(m.id);
  for (const who of ["union-bob", "union-carol"]) {
    assert.equal(members.get(who)!.attendStatus, 5);
    assert.equal(members.get(who)!.leaveTime, Date.UTC(2026, 0, 1) + 60_000);
    assert.equal(members.get(who)!.duration, 60_000);
  }
  assert.deepEqual(await auditOps(m.app, m.id, seq), [
    ["KickMembers", "union-bob"],
    ["KickMembers", "union-carol"],
  ]);
  expectOk(await m.c.join(m.id, "union-bob"));
  m.clock.advance(30_000);
  expectOk(await m.h.kick(m.id, { userList: [{ unionId: "union-bob" }] }));
  assert.equal((await m.h.members(m.id)).get("union-bob")!.duration, 90_000);
  const info = expectOk(await api(m.app, m.token).info(m.id)).confInfo;
  assert.equal(info.activeNum, 1);
});

test("kick with forbiddenRejoin refuses the user's join until the meeting ends; others still join", async () => {
  m = await meeting(["union-alice", "union-bob", "union-carol"]);
  expectOk(await m.h.kick(m.id, { userList: [{ unionId: "union-bob" }], forbiddenRejoin: true }));
  await unchangedBy(m.app, m.token, m.id, async () =>
    expectError(await m.c.join(m.id, "union-bob"), 403, "joinRefused", /^joinRefused:/),
  );
  // Re-inviting does not lift the ban.
  expectOk(await m.h.invite(m.id, { inviteeList: [{ unionId: "union-bob" }] }));
  assert.equal((await m.h.members(m.id)).get("union-bob")!.attendStatus, 5);
  expectError(await m.c.join(m.id, "union-bob"), 403, "joinRefused");
  expectOk(await m.c.join(m.id, "union-dave"));
});

test("kick refuses the host and members not in the meeting, atomically", async () => {
  m = await meeting(["union-alice", "union-bob"], ["union-dave"]);
  await unchangedBy(m.app, m.token, m.id, async () => {
    expectError(
      await m.h.kick(m.id, { userList: [{ unionId: "union-bob" }, { unionId: "union-alice" }] }),
      400,
      "paramsError",
      "error:the host cannot be kicked",
    );
    expectError(
      await m.h.kick(m.id, {
        userList: [{ unionId: "union-bob" }, { unionId: "union-dave" }],
        forbiddenRejoin: true,
      }),
      400,
      "paramsError",
      "error:union-dave is not in the meeting",
    );
  });
});

test("Focus: focus a member in the meeting, switch, un_focus; errors change nothing", async () => {
  m = await meeting(["union-alice", "union-bob", "union-carol"], ["union-dave"]);
  const seq = await lastSeq(m.app, m.id);
  expectOk(await m.h.focus(m.id, { action: "focus", unionId: "union-bob" }));
  expectOk(await m.h.focus(m.id, { action: "focus", unionId: "union-carol" }));
  expectOk(await m.h.focus(m.id, { action: "un_focus" }));
  expectOk(await m.h.focus(m.id, { action: "un_focus" }));
  const rows = expectOk(await m.c.audit(m.id)).entries.filter((e: { seq: number }) => e.seq > seq);
  assert.deepEqual(
    rows.map((e: { operation: string; before: unknown; after: unknown }) => [e.operation, e.before, e.after]),
    [
      ["Focus", { focusUnionId: null }, { focusUnionId: "union-bob" }],
      ["Focus", { focusUnionId: "union-bob" }, { focusUnionId: "union-carol" }],
      ["Focus", { focusUnionId: "union-carol" }, { focusUnionId: null }],
    ],
  );
  await unchangedBy(m.app, m.token, m.id, async () => {
    expectError(
      await m.h.focus(m.id, { action: "focus", unionId: "union-dave" }),
      400,
      "paramsError",
      "error:union-dave is not in the meeting",
    );
    expectError(
      await m.h.focus(m.id, { action: "focus", unionId: "union-gina" }),
      400,
      "paramsError",
      "error:union-gina is not in the meeting",
    );
    expectError(await m.h.focus(m.id, { action: "focus", unionId: "union-ghost" }), 400, "unknownUserError");
  });
});

test("a focused member who is kicked or leaves loses the focus", async () => {
  m = await meeting(["union-alice", "union-bob", "union-carol"]);
  expectOk(await m.h.focus(m.id, { action: "focus", unionId: "union-bob" }));
  const seq = await lastSeq(m.app, m.id);
  expectOk(await m.h.kick(m.id, { userList: [{ unionId: "union-bob" }] }));
  assert.deepEqual(await auditOps(m.app, m.id, seq), [
    ["KickMembers", "union-bob"],
    ["KickMembers", m.id],
  ]);
  expectOk(await m.h.focus(m.id, { action: "focus", unionId: "union-carol" }));
  const seq2 = await lastSeq(m.app, m.id);
  expectOk(await m.c.leave(m.id, "union-carol"));
  assert.deepEqual(await auditOps(m.app, m.id, seq2), [
    ["Leave", "union-carol"],
    ["Leave", m.id],
  ]);
});

test("LockConference: locked meetings admit nobody new; members in it stay; unlock admits again", async () => {
  m = await meeting(["union-alice", "union-bob"], ["union-carol"]);
  expectOk(await m.h.lock(m.id, { action: "lock" }));
  expectOk(await m.h.lock(m.id, { action: "lock" }));
  await unchangedBy(m.app, m.token, m.id, async () => {
    expectError(await m.c.join(m.id, "union-carol"), 403, "joinRefused", "joinRefused:the meeting is locked");
    expectError(await m.c.join(m.id, "union-dave"), 403, "joinRefused", "joinRefused:the meeting is locked");
  });
  // Someone already in is not refused (joining again is a no-op).
  expectOk(await m.c.join(m.id, "union-bob"));
  // Someone who leaves a locked meeting cannot come back.
  expectOk(await m.c.leave(m.id, "union-bob"));
  expectError(await m.c.join(m.id, "union-bob"), 403, "joinRefused");
  expectOk(await m.h.lock(m.id, { action: "unlock" }));
  expectOk(await m.c.join(m.id, "union-carol"));
  expectOk(await m.c.join(m.id, "union-bob"));
  const rows = expectOk(await m.c.audit(m.id)).entries.filter(
    (e: { operation: string }) => e.operation === "LockConference",
  );
  assert.deepEqual(
    rows.map((e: { before: unknown; after: unknown }) => [e.before, e.after]),
    [
      [{ locked: false }, { locked: true }],
      [{ locked: true }, { locked: false }],
    ],
  );
});

test("co-host removal of a user who left works and is logged", async () => {
  m = await meeting(["union-alice", "union-bob"]);
  const a = api(m.app, m.token);
  expectOk(await a.cohosts(m.id, { action: "add", userList: [{ unionId: "union-bob" }] }));
  expectOk(await m.c.leave(m.id, "union-bob"));
  expectOk(await a.cohosts(m.id, { action: "remove", userList: [{ unionId: "union-bob" }] }));
  const bob = (await m.h.members(m.id)).get("union-bob")!;
  assert.equal(bob.coHost, false);
  assert.equal(bob.attendStatus, 6);
  const ops = await auditOps(m.app, m.id);
  assert.deepEqual(ops.slice(-3), [
    ["Cohosts", "union-bob"],
    ["Leave", "union-bob"],
    ["Cohosts", "union-bob"],
  ]);
});
