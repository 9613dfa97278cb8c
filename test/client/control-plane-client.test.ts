import assert from "node:assert/strict";
import { test } from "node:test";
import { VconfApiError, VconfClient } from "../../src/client/index.js";
import { ADMIN_KEY, useTestApp } from "../helpers/app.js";

let admin: VconfClient;
let acme: VconfClient;

const ctx = useTestApp({ per: "file", listen: true }, async (live) => {
  admin = new VconfClient({ url: live.url, adminKey: ADMIN_KEY });
  acme = await new VconfClient({ url: live.url }).useApp("acme-app", "acme-secret");
});

async function rejects(p: Promise<unknown>): Promise<VconfApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof VconfApiError, String(e));
    return e;
  }
  assert.fail("the call succeeded");
}

test("requests: the journal's newest entries, errors with their code; clearRequests empties it", async () => {
  const id = (await acme.createVideoConference({ userId: "union-alice", confTitle: "Journal" })).conferenceId;
  const failed = await rejects(acme.setCoHosts(id, "add", ["union-nobody"]));
  const { entries } = await admin.requests({ limit: 2 });
  assert.equal(entries.length, 2);
  const last = entries.at(-1)!;
  assert.equal(last.operation, "Cohosts");
  assert.equal(last.status, 400);
  assert.equal(last.code, "unknownUserError");
  assert.equal(last.requestid, failed.requestid, "the journal names the request the client saw fail");
  assert.equal(entries[0].operation, "CreateVideoConference");

  const only = await admin.requests({ operation: "Cohosts", status: "4xx" });
  assert.deepEqual(
    only.entries.map((e) => e.requestid),
    [failed.requestid],
  );
  await admin.clearRequests();
  assert.deepEqual((await admin.requests()).entries, []);
  const bad = await rejects(admin.requests({ status: "teapot" }));
  assert.equal(bad.status, 400);
});

test("setFaults/getFaults/clearFaults: an injected error reaches the client as VconfApiError", async () => {
  const id = (await acme.createVideoConference({ userId: "union-alice", confTitle: "Faults" })).conferenceId;
  await admin.setFaults({
    seed: 7,
    faults: [
      { operation: "Cohosts", status: 500, code: "systemError", message: "systemError:injected", count: 1 },
    ],
  });
  const e = await rejects(acme.setCoHosts(id, "add", ["union-bob"]));
  assert.equal(e.status, 500);
  assert.equal(e.code, "systemError");
  assert.equal(e.message, "systemError:injected");
  const members = await acme.queryConferenceMembers(id);
  assert.equal(members.memberModels.filter((m) => m.coHost).length, 0, "the faulted call changed nothing");

  const state = await admin.getFaults();
  assert.equal(state.faults.length, 1);
  assert.equal(state.faults[0].fired, 1);
  assert.deepEqual(await acme.setCoHosts(id, "add", ["union-bob"]), { success: true }, "count 1: used up");

  await admin.clearFaults();
  assert.deepEqual((await admin.getFaults()).faults, []);
  const refused = await rejects(admin.setFaults({ faults: [{ operation: "NoSuchOperation", status: 500 }] }));
  assert.equal(refused.status, 400);
});

test("exportSnapshot/importSnapshot: a round trip restores every answer", async () => {
  const id = (await acme.createVideoConference({ userId: "union-alice", confTitle: "Snap" })).conferenceId;
  await admin.join(id, "union-bob");
  await acme.setCoHosts(id, "add", ["union-bob"]);
  const before = await acme.allConferenceMembers(id);
  const snapshot = await admin.exportSnapshot();
  assert.equal(snapshot.format, "vconf.snapshot");

  await acme.closeVideoConference(id, "union-alice");
  await admin.leave(id, "union-bob").catch(() => undefined);
  assert.equal((await acme.queryConferenceInfo(id)).confInfo.status, 1);

  await admin.importSnapshot(snapshot);
  assert.equal(
    (await acme.queryConferenceInfo(id)).confInfo.status,
    2,
    "the token still works after a restore",
  );
  assert.deepEqual(await acme.allConferenceMembers(id), before);

  const bad = await rejects(admin.importSnapshot({ format: "something else" }));
  assert.equal(bad.code, "paramsError");
  assert.equal((await acme.queryConferenceInfo(id)).confInfo.status, 2, "a refused import changes nothing");
});

test("listConferences and inspectConference: the console's reads, typed", async () => {
  ctx.clock.advance(1000); // newest first: later than the meetings other tests made
  const { conferenceId } = await acme.createVideoConference({
    userId: "union-alice",
    confTitle: "Inspect",
    inviteUserIds: ["union-bob"],
  });
  await admin.join(conferenceId, "union-bob", { micStatus: 1 });
  const { conferences } = await admin.listConferences({ corpId: "dingcorp-acme", status: "live", limit: 1 });
  assert.deepEqual(
    conferences.map((c) => [c.conferenceId, c.title, c.memberCount, c.onlineCount]),
    [[conferenceId, "Inspect", 2, 1]],
  );
  const { conference, members } = await admin.inspectConference(conferenceId, { limit: 1 });
  assert.equal(conference.title, "Inspect");
  assert.deepEqual(
    members.map((m) => [m.unionId, m.host]),
    [["union-alice", true]],
  );
  const rest = await admin.inspectConference(conferenceId, { nextToken: "1" });
  assert.deepEqual(
    rest.members.map((m) => [m.unionId, m.micStatus, m.attendStatus]),
    [["union-bob", 1, 3]],
  );
  const missing = await rejects(admin.inspectConference("nope"));
  assert.deepEqual([missing.status, missing.code], [404, "vconf.NotFound"]);
});
