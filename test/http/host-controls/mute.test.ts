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

const unmute = (id: string, unionId: string) =>
  m.c.call("POST", `/_vconf/v1/conferences/${id}/attendees/${unionId}/unmute`);

test("joining turns mic and camera on unless the attendee asks otherwise", async () => {
  m = await meeting(["union-alice"], ["union-dave"]);
  expectOk(await m.c.join(m.id, "union-bob", { micStatus: 1, cameraStatus: 1 }));
  const { users, mediaStatus } = await mediaOf(m.app, m.token, m.id);
  assert.equal(mediaStatus, 0);
  assert.deepEqual(users.get("union-alice"), {
    userId: "union-alice",
    nick: "Alice",
    attendStatus: 3,
    micStatus: 2,
    cameraStatus: 2,
  });
  assert.equal(users.get("union-bob")!.micStatus, 1);
  assert.equal(users.get("union-bob")!.cameraStatus, 1);
  assert.deepEqual(users.get("union-dave"), {
    userId: "union-dave",
    nick: "Dave",
    attendStatus: 1,
    micStatus: 0,
    cameraStatus: 0,
  });
});

test("MuteMembers mutes and unmutes one member and logs each change", async () => {
  m = await meeting(["union-alice", "union-bob"]);
  const seq = await lastSeq(m.app, m.id);
  assert.deepEqual(expectOk(await m.h.muteOne(m.id, "mute", "union-bob")), { success: true });
  assert.equal((await mediaOf(m.app, m.token, m.id)).users.get("union-bob")!.micStatus, 1);
  // Muting a muted member changes nothing and logs nothing.
  expectOk(await m.h.muteOne(m.id, "mute", "union-bob"));
  // Duplicates count once; participantId is accepted.
  expectOk(
    await m.h.mute(m.id, {
      action: "un_mute",
      userList: [{ unionId: "union-bob", participantId: "p-1" }, { unionId: "union-bob" }],
    }),
  );
  assert.equal((await mediaOf(m.app, m.token, m.id)).users.get("union-bob")!.micStatus, 2);
  const entries = expectOk(await m.c.audit(m.id)).entries.filter((e: { seq: number }) => e.seq > seq);
  assert.deepEqual(
    entries.map(
      (e: {
        operation: string;
        target: string;
        before: { micStatus: number };
        after: { micStatus: number };
      }) => [e.operation, e.target, e.before.micStatus, e.after.micStatus],
    ),
    [
      ["MuteMembers", "union-bob", 2, 1],
      ["MuteMembers", "union-bob", 1, 2],
    ],
  );
  // The host can be muted individually.
  expectOk(await m.h.muteOne(m.id, "mute", "union-alice"));
  assert.equal((await mediaOf(m.app, m.token, m.id)).users.get("union-alice")!.micStatus, 1);
});

test("MuteMembers needs the member in the meeting", async () => {
  m = await meeting(["union-alice", "union-bob"], ["union-dave"]);
  expectOk(await m.c.leave(m.id, "union-bob"));
  for (const who of ["union-dave", "union-bob", "union-erin", "union-gina"]) {
    await unchangedBy(m.app, m.token, m.id, async () =>
      expectError(
        await m.h.muteOne(m.id, "mute", who),
        400,
        "paramsError",
        `error:${who} is not in the meeting`,
      ),
    );
  }
});

test("MuteAll mutes everyone in the meeting but the host and co-hosts; attendees may unmute themselves", async () => {
  m = await meeting(["union-alice", "union-bob", "union-carol", "union-dave"], ["union-erin"]);
  expectOk(
    await api(m.app, m.token).cohosts(m.id, { action: "add", userList: [{ unionId: "union-carol" }] }),
  );
  const seq = await lastSeq(m.app, m.id);
  expectOk(await m.h.muteAll(m.id, { action: "mute" }));
  const { users, mediaStatus } = await mediaOf(m.app, m.token, m.id);
  assert.equal(mediaStatus, 0, "not forced");
  assert.equal(users.get("union-alice")!.micStatus, 2);
  assert.equal(users.get("union-carol")!.micStatus, 2);
  assert.equal(users.get("union-bob")!.micStatus, 1);
  assert.equal(users.get("union-dave")!.micStatus, 1);
  assert.equal(users.get("union-erin")!.micStatus, 0, "invited members are not in the meeting");
  assert.deepEqual(await auditOps(m.app, m.id, seq), [
    ["MuteAll", m.id],
    ["MuteAll", "union-bob"],
    ["MuteAll", "union-dave"],
  ]);
  const confRow = expectOk(await m.c.audit(m.id)).entries.find((e: { seq: number }) => e.seq === seq + 1);
  assert.deepEqual([confRow.before, confRow.after], [{ muteAll: false }, { muteAll: true }]);

  assert.deepEqual(expectOk(await unmute(m.id, "union-bob")), { micStatus: 2 });
  assert.equal((await mediaOf(m.app, m.token, m.id)).users.get("union-bob")!.micStatus, 2);
  // Newcomers join muted, whatever they ask for.
  expectOk(await m.c.join(m.id, "union-erin", { micStatus: 2 }));
  assert.equal((await mediaOf(m.app, m.token, m.id)).users.get("union-erin")!.micStatus, 1);
});

test("a forced mute-all stops attendees, not the host or co-hosts, from unmuting themselves", async () => {
  m = await meeting(["union-alice", "union-bob", "union-carol"], ["union-dave"]);
  expectOk(
    await api(m.app, m.token).cohosts(m.id, { action: "add", userList: [{ unionId: "union-carol" }] }),
  );
  expectOk(await api(m.app, m.token).cohosts(m.id, { action: "add", userList: [{ unionId: "union-dave" }] }));
  expectOk(await m.h.muteAll(m.id, { action: "mute", forceMute: true }));
  assert.equal((await mediaOf(m.app, m.token, m.id)).mediaStatus, 4);

  await unchangedBy(m.app, m.token, m.id, async () =>
    expectError(await unmute(m.id, "union-bob"), 403, "unmuteRefused", /^unmuteRefused:/),
  );
  // Host and co-hosts may.
  expectOk(await m.h.muteOne(m.id, "mute", "union-carol"));
  expectOk(await unmute(m.id, "union-carol"));
  expectOk(await m.h.muteOne(m.id, "mute", "union-alice"));
  expectOk(await unmute(m.id, "union-alice"));
  // A co-host joining during mute-all keeps their mic.
  expectOk(await m.c.join(m.id, "union-dave"));
  assert.equal((await mediaOf(m.app, m.token, m.id)).users.get("union-dave")!.micStatus, 2);
  // The host may unmute an attendee even while forced.
  expectOk(await m.h.muteOne(m.id, "un_mute", "union-bob"));
  assert.equal((await mediaOf(m.app, m.token, m.id)).users.get("union-bob")!.micStatus, 2);
});

test("un_mute all lifts both the mute and forceMute", async () => {
  m = await meeting(["union-alice", "union-bob", "union-carol"]);
  expectOk(await m.h.muteAll(m.id, { action: "mute", forceMute: true }));
  expectOk(await m.h.muteAll(m.id, { action: "un_mute" }));
  const { users, mediaStatus } = await mediaOf(m.app, m.token, m.id);
  assert.equal(mediaStatus, 0);
  assert.equal(users.get("union-bob")!.micStatus, 2);
  assert.equal(users.get("union-carol")!.micStatus, 2);
  expectOk(await m.h.muteOne(m.id, "mute", "union-bob"));
  expectOk(await unmute(m.id, "union-bob"));
  expectOk(await m.c.join(m.id, "union-dave"));
  assert.equal((await mediaOf(m.app, m.token, m.id)).users.get("union-dave")!.micStatus, 2);
  const rows = expectOk(await m.c.audit(m.id)).entries.filter((e: { target: string }) => e.target === m.id);
  assert.deepEqual(
    rows.map((e: { before: unknown; after: unknown }) => [e.before, e.after]),
    [
      [
        { muteAll: false, forceMute: false },
        { muteAll: true, forceMute: true },
      ],
      [
        { muteAll: true, forceMute: true },
        { muteAll: false, forceMute: false },
      ],
    ],
  );
});

test("self-unmute: unknown conference or user, not in the meeting, ended, admin key", async () => {
  m = await meeting(["union-alice", "union-bob"], ["union-dave"]);
  expectError(
    await unmute("0123456789abcdef01234567", "union-bob"),
    400,
    "paramsError",
    "error:conference not found",
  );
  expectError(await unmute(m.id, "union-nobody"), 400, "unknownUserError");
  expectError(await unmute(m.id, "union-dave"), 400, "paramsError", "error:union-dave is not in the meeting");
  const noKey = await m.app.inject({
    method: "POST",
    url: `/_vconf/v1/conferences/${m.id}/attendees/union-bob/unmute`,
  });
  expectError(noKey, 401, "vconf.AdminKeyRequired");
  expectOk(await api(m.app, m.token).close(m.id, "union-alice"));
  expectError(await unmute(m.id, "union-bob"), 400, "confClosed");
});
