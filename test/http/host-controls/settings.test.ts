import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { api, expectError, expectOk } from "../../helpers/app.js";
import {
  auditOps,
  lastSeq,
  mediaOf,
  meeting,
  unchangedBy,
  type Meeting,
} from "../../helpers/host-controls.js";

let m: Meeting;
afterEach(() => m.close());

test("InviteUsers: new invitees get attendStatus 1, members in the meeting are unchanged, left ones re-invited", async () => {
  m = await meeting(["union-alice", "union-bob", "union-carol"]);
  expectOk(await m.c.leave(m.id, "union-carol"));
  const seq = await lastSeq(m.app, m.id);
  expectOk(
    await m.h.invite(m.id, {
      unionId: "union-alice",
      inviteeList: [
        { unionId: "union-bob", nick: "B" },
        { unionId: "union-carol", nick: "C" },
        { unionId: "union-dave", nick: "ignored" },
        { unionId: "union-gina", nick: "G" },
        { unionId: "union-dave", nick: "twice" },
      ],
    }),
  );
  const members = await m.h.members(m.id);
  assert.equal(members.get("union-bob")!.attendStatus, 3);
  assert.equal(members.get("union-carol")!.attendStatus, 1);
  assert.equal(members.get("union-dave")!.attendStatus, 1);
  assert.equal(members.get("union-dave")!.userNick, "Dave");
  assert.equal(members.get("union-gina")!.outerOrgMember, true);
  assert.deepEqual(await auditOps(m.app, m.id, seq), [
    ["InviteUsers", "union-carol"],
    ["InviteUsers", "union-dave"],
    ["InviteUsers", "union-gina"],
  ]);
  // Inviting them again changes nothing.
  const seq2 = await lastSeq(m.app, m.id);
  expectOk(await m.h.invite(m.id, { inviteeList: [{ unionId: "union-dave" }] }));
  assert.equal(await lastSeq(m.app, m.id), seq2);
});

test("InviteUsers by phone: members keyed pstn:<digits> with pstnJoin true, who can join and be muted", async () => {
  m = await meeting(["union-alice"]);
  expectOk(
    await m.h.invite(m.id, {
      phoneInviteeList: [
        { phoneNumber: "+86 138-0013-8000", nick: "Front desk", inviteClient: false, statusCode: "x" },
        { phoneNumber: "+8613800138000", nick: "Same phone" },
      ],
    }),
  );
  const members = await m.h.members(m.id);
  const phone = members.get("pstn:+8613800138000")!;
  assert.equal(phone.pstnJoin, true);
  assert.equal(phone.userNick, "Front desk");
  assert.equal(phone.attendStatus, 1);
  assert.equal(members.size, 2);
  expectOk(await m.c.join(m.id, "pstn:+8613800138000"));
  expectOk(await m.h.muteOne(m.id, "mute", "pstn:+8613800138000"));
  assert.equal((await mediaOf(m.app, m.token, m.id)).users.get("pstn:+8613800138000")!.micStatus, 1);
  // An unknown phone member is an unknown user.
  expectError(await m.h.muteOne(m.id, "mute", "pstn:+100"), 400, "unknownUserError");
});

test("settings answer {case, code}; {} changes nothing", async () => {
  m = await meeting(["union-alice", "union-bob"]);
  await unchangedBy(m.app, m.token, m.id, async () =>
    assert.deepEqual(expectOk(await m.h.settings(m.id, {})), { case: "success", code: "200" }),
  );
});

test("settings lockConference and onlyInternalEmployeesJoin act at join", async () => {
  m = await meeting(["union-alice"]);
  expectOk(await m.h.settings(m.id, { onlyInternalEmployeesJoin: true }));
  await unchangedBy(m.app, m.token, m.id, async () =>
    expectError(await m.c.join(m.id, "union-gina"), 403, "joinRefused", /^joinRefused:only/),
  );
  expectOk(await m.c.join(m.id, "union-bob"));
  expectOk(await m.h.settings(m.id, { onlyInternalEmployeesJoin: false, lockConference: true }));
  expectError(await m.c.join(m.id, "union-gina"), 403, "joinRefused", "joinRefused:the meeting is locked");
  expectOk(await m.h.settings(m.id, { lockConference: false }));
  expectOk(await m.c.join(m.id, "union-gina"));
  const rows = expectOk(await m.c.audit(m.id)).entries.filter(
    (e: { operation: string }) => e.operation === "UpdateVideoConferenceSetting",
  );
  assert.deepEqual(
    rows.map((e: { before: unknown; after: unknown }) => [e.before, e.after]),
    [
      [{ onlyInternal: false }, { onlyInternal: true }],
      [
        { locked: false, onlyInternal: true },
        { locked: true, onlyInternal: false },
      ],
      [{ locked: true }, { locked: false }],
    ],
  );
});

test("settings muteAll and allowUnmuteSelf act as mute all and forceMute", async () => {
  m = await meeting(["union-alice", "union-bob", "union-carol"]);
  const unmute = (who: string) => m.c.call("POST", `/_vconf/v1/conferences/${m.id}/attendees/${who}/unmute`);
  expectOk(await m.h.settings(m.id, { muteAll: true, allowUnmuteSelf: false }));
  let media = await mediaOf(m.app, m.token, m.id);
  assert.equal(media.mediaStatus, 4);
  assert.equal(media.users.get("union-bob")!.micStatus, 1);
  assert.equal(media.users.get("union-alice")!.micStatus, 2);
  expectError(await unmute("union-bob"), 403, "unmuteRefused");
  expectOk(await m.h.settings(m.id, { allowUnmuteSelf: true }));
  assert.equal((await mediaOf(m.app, m.token, m.id)).mediaStatus, 0);
  expectOk(await unmute("union-bob"));
  // allowUnmuteSelf:false alone forbids self-unmute without muting anyone.
  expectOk(await m.h.settings(m.id, { muteAll: false, allowUnmuteSelf: false }));
  media = await mediaOf(m.app, m.token, m.id);
  assert.equal(media.users.get("union-carol")!.micStatus, 2);
  expectOk(await m.h.muteOne(m.id, "mute", "union-carol"));
  expectError(await unmute("union-carol"), 403, "unmuteRefused");
  // muteAll:false lifts forceMute.
  expectOk(await m.h.settings(m.id, { muteAll: false }));
  expectOk(await unmute("union-carol"));
  expectOk(await m.h.settings(m.id, { forbiddenShareScreen: true, autoTransferHost: true }));
  const last = expectOk(await m.c.audit(m.id)).entries.at(-1);
  assert.deepEqual(last.after, { autoTransferHost: true, forbiddenShareScreen: true });
});

test("autoTransferHost: when the host leaves, the longest-present co-host becomes host", async () => {
  m = await meeting(["union-alice", "union-bob", "union-carol"], ["union-dave"]);
  const a = api(m.app, m.token);
  // dave became co-host first but has not joined; carol joined after bob but became co-host before him.
  expectOk(await a.cohosts(m.id, { action: "add", userList: [{ unionId: "union-dave" }] }));
  m.clock.advance(1000);
  expectOk(await a.cohosts(m.id, { action: "add", userList: [{ unionId: "union-carol" }] }));
  m.clock.advance(1000);
  expectOk(await a.cohosts(m.id, { action: "add", userList: [{ unionId: "union-bob" }] }));
  m.clock.advance(1000);
  expectOk(await m.c.join(m.id, "union-dave"));
  expectOk(await m.h.settings(m.id, { autoTransferHost: true }));
  const seq = await lastSeq(m.app, m.id);
  expectOk(await m.c.leave(m.id, "union-alice"));
  const members = await m.h.members(m.id);
  assert.equal(members.get("union-alice")!.host, false);
  assert.equal(members.get("union-alice")!.attendStatus, 6);
  assert.equal(members.get("union-carol")!.host, true);
  assert.equal(members.get("union-carol")!.coHost, false);
  assert.equal(members.get("union-bob")!.coHost, true);
  assert.deepEqual(await auditOps(m.app, m.id, seq), [
    ["Leave", "union-alice"],
    ["AutoTransferHost", "union-alice"],
    ["AutoTransferHost", "union-carol"],
  ]);
  // The new host closes the meeting; the old one no longer can.
  expectError(await a.close(m.id, "union-alice"), 400, "permissionError");
  expectOk(await a.close(m.id, "union-carol"));
});

test("without autoTransferHost, or with no co-host present, the host keeps the role on leaving", async () => {
  m = await meeting(["union-alice", "union-bob"], ["union-carol"]);
  const a = api(m.app, m.token);
  expectOk(await a.cohosts(m.id, { action: "add", userList: [{ unionId: "union-bob" }] }));
  expectOk(await m.c.leave(m.id, "union-alice"));
  assert.equal((await m.h.members(m.id)).get("union-alice")!.host, true);
  expectOk(await m.c.join(m.id, "union-alice"));
  expectOk(await m.h.settings(m.id, { autoTransferHost: true }));
  expectOk(await a.cohosts(m.id, { action: "remove", userList: [{ unionId: "union-bob" }] }));
  expectOk(await a.cohosts(m.id, { action: "add", userList: [{ unionId: "union-carol" }] }));
  expectOk(await m.c.leave(m.id, "union-alice"));
  const members = await m.h.members(m.id);
  assert.equal(members.get("union-alice")!.host, true);
  assert.equal(members.get("union-carol")!.host, false);
});
