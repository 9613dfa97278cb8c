import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { ManualClock } from "../../src/domain/clock.js";
import { applySeed } from "../../src/emulator/seed.js";
import type { StateDump, Store } from "../../src/store/store.js";
import { conferenceRow, memberRow } from "../helpers/rows.js";
import { openTestStore, testStoreKinds } from "../helpers/app.js";
import { FIXTURE } from "../helpers/fixture.js";

/** The Tx methods behind the control plane (management and snapshots), on every backend VCONF_TEST_STORES names. */

for (const kind of testStoreKinds()) {
  describe(kind, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    async function seeded(): Promise<Store> {
      const opened = await openTestStore(kind);
      cleanup = opened.cleanup;
      await applySeed(
        { store: opened.store, clock: new ManualClock(), maxCoHosts: 100, maxMembers: 1000 },
        FIXTURE,
      );
      return opened.store;
    }

    const conference = (conferenceId: string, corpId: string) =>
      conferenceRow(conferenceId, corpId, {
        conferencePassword: "1",
        hostPassword: "2",
        roomCode: "3",
        externalLinkUrl: "u",
        startTime: 1,
      });
    const member = (conferenceId: string, unionId: string, seq: number) =>
      memberRow(conferenceId, unionId, { seq });
    const token = (tokenHash: string, clientKey: string, corpId: string, kind: "app" | "suite" = "app") => ({
      tokenHash,
      corpId,
      clientKey,
      kind,
      scopes: [],
      expiresAt: 10,
    });

    test("importAll replaces every table and keeps seq gaps; exportAll gives it back", async () => {
      const store = await seeded();
      const before = await store.transaction((tx) => tx.exportAll(), { readOnly: true });
      const dump: StateDump = {
        ...before,
        tokens: [token("h1", "acme-app", "dingcorp-acme")],
        conferences: [conference("c1", "dingcorp-acme")],
        members: [
          member("c1", "union-bob", 2),
          member("c1", "union-alice", 5),
          member("c1", "union-carol", 9),
        ],
        changes: [
          {
            conferenceId: "c1",
            seq: 3,
            at: 1,
            app: "a",
            operation: "Op",
            target: "x",
            before: { a: 1 },
            after: null,
          },
          {
            conferenceId: "c1",
            seq: 7,
            at: 2,
            app: "a",
            operation: "Op",
            target: "y",
            before: null,
            after: [1],
          },
        ],
      };
      await store.transaction((tx) => tx.importAll(dump));
      assert.deepEqual(await store.transaction((tx) => tx.exportAll(), { readOnly: true }), dump);
      // Numbering continues after the kept seq.
      await store.transaction(async (tx) => {
        await tx.putMember(member("c1", "union-dave", 0));
        await tx.appendChange({
          conferenceId: "c1",
          at: 3,
          app: "a",
          operation: "Op",
          target: "z",
          before: 1,
          after: 2,
        });
      });
      const after = await store.transaction((tx) => tx.exportAll(), { readOnly: true });
      assert.equal(after.members.at(-1)!.seq, 10);
      assert.equal(after.changes.at(-1)!.seq, 8);
      await store.transaction((tx) => tx.importAll(before));
      assert.deepEqual(await store.transaction((tx) => tx.exportAll(), { readOnly: true }), before);
    });

    test("a failing importAll leaves the state as it was", async () => {
      const store = await seeded();
      const before = await store.transaction((tx) => tx.exportAll(), { readOnly: true });
      const broken = { ...before, users: [...before.users, { ...before.users[0], corpId: "no-such-org" }] };
      broken.users[broken.users.length - 1].unionId = "union-orphan";
      await assert.rejects(store.transaction((tx) => tx.importAll(broken)));
      assert.deepEqual(await store.transaction((tx) => tx.exportAll(), { readOnly: true }), before);
    });

    test("deleteOrg drops the org's users, apps, suite authorizations and tokens, nothing else", async () => {
      const store = await seeded();
      await store.transaction(async (tx) => {
        await tx.putToken(token("a", "globex-app", "dingcorp-globex"));
        await tx.putToken(token("b", "acme-app", "dingcorp-acme"));
        await tx.authorizeSuite("suite-meetbot", "dingcorp-globex");
        await tx.putToken(token("c", "suite-meetbot", "dingcorp-globex", "suite"));
        await tx.insertConference(conference("c-acme", "dingcorp-acme"));
      });
      assert.equal(await store.transaction((tx) => tx.countConferences("dingcorp-acme")), 1);
      assert.equal(await store.transaction((tx) => tx.countConferences("dingcorp-globex")), 0);
      await store.transaction((tx) => tx.deleteOrg("dingcorp-globex"));
      const d = await store.transaction((tx) => tx.exportAll(), { readOnly: true });
      assert.deepEqual(
        d.orgs.map((o) => o.corpId),
        ["dingcorp-acme"],
      );
      assert.ok(d.users.every((u) => u.corpId === "dingcorp-acme"));
      assert.ok(d.apps.every((a) => a.corpId === "dingcorp-acme"));
      assert.deepEqual(d.suiteAuths, [{ suiteKey: "suite-meetbot", corpId: "dingcorp-acme" }]);
      assert.deepEqual(
        d.tokens.map((t) => t.tokenHash),
        ["b"],
      );
    });

    test("deleteApp, deleteSuite, deauthorizeSuite, deleteTokensOf and deleteUser drop exactly their rows", async () => {
      const store = await seeded();
      await store.transaction(async (tx) => {
        await tx.putToken(token("app1", "acme-app", "dingcorp-acme"));
        await tx.putToken(token("app2", "acme-reader", "dingcorp-acme"));
        await tx.authorizeSuite("suite-meetbot", "dingcorp-globex");
        await tx.putToken(token("s-acme", "suite-meetbot", "dingcorp-acme", "suite"));
        await tx.putToken(token("s-globex", "suite-meetbot", "dingcorp-globex", "suite"));
      });
      const hashes = async () =>
        (await store.transaction((tx) => tx.exportAll(), { readOnly: true })).tokens.map((t) => t.tokenHash);

      await store.transaction((tx) => tx.deauthorizeSuite("suite-meetbot", "dingcorp-globex"));
      assert.deepEqual(await store.transaction((tx) => tx.listSuiteAuths("suite-meetbot")), [
        "dingcorp-acme",
      ]);
      assert.deepEqual(await hashes(), ["app1", "app2", "s-acme"]);

      await store.transaction((tx) => tx.deleteTokensOf("acme-reader", "dingcorp-globex"));
      assert.deepEqual(await hashes(), ["app1", "app2", "s-acme"]);
      await store.transaction((tx) => tx.deleteTokensOf("acme-reader"));
      assert.deepEqual(await hashes(), ["app1", "s-acme"]);

      await store.transaction((tx) => tx.deleteApp("acme-app"));
      assert.equal(await store.transaction((tx) => tx.getApp("acme-app")), undefined);
      assert.deepEqual(await hashes(), ["s-acme"]);

      await store.transaction((tx) => tx.deleteSuite("suite-meetbot"));
      assert.equal(await store.transaction((tx) => tx.getSuite("suite-meetbot")), undefined);
      assert.deepEqual(await store.transaction((tx) => tx.listSuiteAuths("suite-meetbot")), []);
      assert.deepEqual(await hashes(), []);

      await store.transaction((tx) => tx.deleteUser("union-bob"));
      assert.equal(await store.transaction((tx) => tx.getUser("union-bob")), undefined);
      assert.ok(await store.transaction((tx) => tx.getUser("union-alice")));
    });
  });
}
