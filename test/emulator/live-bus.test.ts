import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { LiveBus, type LiveNotice, observeStore } from "../../src/emulator/live-bus.js";
import type { Store } from "../../src/store/store.js";
import { openTestStore } from "../helpers/app.js";
import { conferenceRow } from "../helpers/rows.js";

let cleanup: (() => Promise<void>) | undefined;
afterEach(() => cleanup?.());

async function observed() {
  const opened = await openTestStore();
  cleanup = opened.cleanup;
  const bus = new LiveBus();
  const notices: LiveNotice[] = [];
  bus.subscribe((n) => notices.push(n));
  await opened.store.transaction((tx) => tx.putOrg({ corpId: "dingcorp-acme", name: "Acme" }));
  return { raw: opened.store, store: observeStore(opened.store, bus), bus, notices };
}

const change = (conferenceId: string, operation: string) => ({
  conferenceId,
  operation,
  target: "union-bob",
  before: null,
  after: { coHost: true },
  at: 1,
  app: "acme-app",
});

test("a committed write is published once, after it is readable by any transaction", async () => {
  const { raw, store, bus } = await observed();
  const conf = conferenceRow("c1", "dingcorp-acme");
  const seen: Promise<number>[] = [];
  bus.subscribe((n) => {
    if (n.topic === "changes" && n.kind === "conference")
      seen.push(
        raw.transaction((tx) => tx.listChanges(n.conferenceId).then((c) => c.length), { readOnly: true }),
      );
  });
  await store.transaction(async (tx) => {
    await tx.insertConference(conf);
    await tx.appendChange(change("c1", "Cohosts"));
    await tx.appendChange(change("c1", "Cohosts"));
    await tx.appendChange(change("c1", "MuteMembers"));
  });
  assert.equal(seen.length, 1, "one notice per conference per transaction");
  assert.equal(await seen[0], 3, "both changes were committed when the notice came");
});

test("the notice names the conference and its operations; a failed transaction publishes nothing", async () => {
  const { store, notices } = await observed();
  await store.transaction(async (tx) => {
    await tx.insertConference(conferenceRow("c1", "dingcorp-acme"));
    await tx.insertConference(conferenceRow("c2", "dingcorp-acme"));
    await tx.appendChange(change("c1", "Cohosts"));
    await tx.appendChange(change("c2", "KickMembers"));
    await tx.appendChange(change("c1", "MuteMembers"));
  });
  await assert.rejects(
    store.transaction(async (tx) => {
      await tx.appendChange(change("c1", "LockConference"));
      throw new Error("refused after writing");
    }),
    /refused after writing/,
  );
  assert.deepEqual(notices, [
    { topic: "changes", kind: "conference", conferenceId: "c1", operations: ["Cohosts", "MuteMembers"] },
    { topic: "changes", kind: "conference", conferenceId: "c2", operations: ["KickMembers"] },
  ]);
});

test("reset and directory writes publish a state notice; reads publish nothing", async () => {
  const { store, notices } = await observed();
  await store.transaction((tx) => tx.listOrgs(), { readOnly: true });
  await store.transaction((tx) => tx.getOrg("dingcorp-acme"));
  await store.transaction((tx) => tx.putOrg({ corpId: "dingcorp-b", name: "B" }));
  await store.transaction((tx) => tx.reset());
  assert.deepEqual(notices, [
    { topic: "changes", kind: "state", reason: "directory" },
    { topic: "changes", kind: "state", reason: "reset" },
  ]);
});

test("a listener that throws fails neither the write nor the other listeners", async () => {
  const { store, bus, notices } = await observed();
  bus.subscribe(() => {
    throw new Error("a broken watcher");
  });
  const answer = await store.transaction(async (tx) => {
    await tx.putOrg({ corpId: "dingcorp-c", name: "C" });
    return "answered";
  });
  assert.equal(answer, "answered");
  assert.equal(notices.length, 1);
});

test("the observed store is the same store otherwise", async () => {
  const { raw, store } = await observed();
  assert.equal(store.kind, raw.kind);
  assert.equal(typeof (store as Store).close, "function");
  assert.deepEqual(await store.transaction((tx) => tx.listOrgs(), { readOnly: true }), [
    { corpId: "dingcorp-acme", name: "Acme" },
  ]);
});
