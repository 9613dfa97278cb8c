/**
 * The store contract: every backend answers these the same way. Runs on every backend VCONF_TEST_STORES
 * names in one run (`sqlite,postgres`; default: VCONF_TEST_STORE's, sqlite unless set; postgres needs
 * VCONF_TEST_DATABASE_URL, see scripts/pg-test-cluster.sh).
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import type { ConferenceRow, MemberRow, Store } from "../../src/store/store.js";
import { conferenceRow, memberRow } from "../helpers/rows.js";
import { openTestStore, testStoreKinds } from "../helpers/app.js";

for (const kind of testStoreKinds()) {
  describe(kind, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await openTestStore(kind));
      await store.transaction(async (tx) => {
        await tx.putOrg({ corpId: "corp-b", name: "B" });
        await tx.putOrg({ corpId: "corp-a", name: "A" });
        await tx.putUser({ unionId: "u-2", corpId: "corp-a", userId: "two", name: "Two" });
        await tx.putUser({ unionId: "u-1", corpId: "corp-a", userId: "one", name: "One" });
        await tx.putUser({ unionId: "u-3", corpId: "corp-b", userId: "three", name: "Three" });
      });
    });
    afterEach(() => cleanup());

    const conference = (id: string, corpId = "corp-a", over: Partial<ConferenceRow> = {}) =>
      conferenceRow(id, corpId, {
        title: "Weekly 周会",
        creatorId: "u-1",
        creatorApp: "app-a",
        conferencePassword: "0123456789",
        hostPassword: "9876543210",
        roomCode: "123456789",
        externalLinkUrl: "https://vconf.local/j/123456789",
        phoneNumbers: ["+86 10 1234"],
        startTime: 1_700_000_000_123,
        muteAll: true,
        onlyInternal: true,
        forbiddenShareScreen: true,
        ...over,
      });

    const member = (conferenceId: string, unionId: string, over: Partial<MemberRow> = {}) =>
      memberRow(conferenceId, unionId, { seq: 999, ...over });

    test("orgs and users: upsert, lookup, lists in key order", async () => {
      await store.transaction(async (tx) => {
        await tx.putOrg({ corpId: "corp-a", name: "A renamed" });
        await tx.putUser({ unionId: "u-1", corpId: "corp-a", userId: "one", name: "One renamed" });
      });
      await store.transaction(
        async (tx) => {
          assert.deepEqual(await tx.getOrg("corp-a"), { corpId: "corp-a", name: "A renamed" });
          assert.equal(await tx.getOrg("corp-z"), undefined);
          assert.deepEqual(
            (await tx.listOrgs()).map((o) => o.corpId),
            ["corp-a", "corp-b"],
          );
          assert.deepEqual(await tx.getUser("u-1"), {
            unionId: "u-1",
            corpId: "corp-a",
            userId: "one",
            name: "One renamed",
          });
          assert.equal(await tx.getUser("u-9"), undefined);
          const some = await tx.getUsers(["u-3", "u-9", "u-1"]);
          assert.deepEqual([...some.keys()].sort(), ["u-1", "u-3"]);
          assert.equal(some.get("u-3")!.corpId, "corp-b");
          assert.equal((await tx.getUsers([])).size, 0);
          assert.deepEqual(
            (await tx.listUsers()).map((u) => u.unionId),
            ["u-1", "u-2", "u-3"],
          );
          assert.deepEqual(
            (await tx.listUsers("corp-a")).map((u) => u.unionId),
            ["u-1", "u-2"],
          );
        },
        { readOnly: true },
      );
    });

    test("apps, suites and suite authorizations round-trip", async () => {
      await store.transaction(async (tx) => {
        await tx.putApp({
          appKey: "app-b",
          corpId: "corp-b",
          secretHash: "h2",
          scopes: [],
          tokenNonce: null,
          tokenExpiresAt: 0,
        });
        await tx.putApp({
          appKey: "app-a",
          corpId: "corp-a",
          secretHash: "h1",
          scopes: ["W", "R"],
          tokenNonce: "n1",
          tokenExpiresAt: 1_700_000_007_200_000,
        });
        await tx.putSuite({ suiteKey: "s-1", secretHash: "sh", ticketHash: "th", scopes: ["R"] });
        await tx.authorizeSuite("s-1", "corp-a");
        await tx.authorizeSuite("s-1", "corp-a");
      });
      await store.transaction(async (tx) => {
        assert.deepEqual(await tx.getApp("app-a"), {
          appKey: "app-a",
          corpId: "corp-a",
          secretHash: "h1",
          scopes: ["W", "R"],
          tokenNonce: "n1",
          tokenExpiresAt: 1_700_000_007_200_000,
        });
        assert.equal(await tx.getApp("app-z"), undefined);
        assert.deepEqual(
          (await tx.listApps()).map((a) => a.appKey),
          ["app-a", "app-b"],
        );
        assert.deepEqual(
          (await tx.listApps("corp-b")).map((a) => a.appKey),
          ["app-b"],
        );
        await tx.putSuite({ suiteKey: "s-1", secretHash: "sh2", ticketHash: "th2", scopes: ["R", "W"] });
        assert.deepEqual(await tx.getSuite("s-1"), {
          suiteKey: "s-1",
          secretHash: "sh2",
          ticketHash: "th2",
          scopes: ["R", "W"],
        });
        assert.deepEqual(
          (await tx.listSuites()).map((s) => s.suiteKey),
          ["s-1"],
        );
        assert.equal(await tx.isSuiteAuthorized("s-1", "corp-a"), true);
        assert.equal(await tx.isSuiteAuthorized("s-1", "corp-b"), false);
      });
    });

    test("tokens: put, get, re-put updates scopes and expiry", async () => {
      const t = {
        tokenHash: "th-1",
        corpId: "corp-a",
        clientKey: "app-a",
        kind: "app" as const,
        scopes: ["W"],
        expiresAt: 1_700_000_007_200_000,
      };
      await store.transaction((tx) => tx.putToken(t));
      await store.transaction((tx) => tx.putToken({ ...t, scopes: ["W", "R"], expiresAt: t.expiresAt + 1 }));
      await store.transaction(
        async (tx) => {
          assert.deepEqual(await tx.getToken("th-1"), {
            ...t,
            scopes: ["W", "R"],
            expiresAt: t.expiresAt + 1,
          });
          assert.equal(await tx.getToken("th-2"), undefined);
        },
        { readOnly: true },
      );
    });

    test("conferences: every field round-trips through insert and update", async () => {
      const c = conference("c-1");
      await store.transaction((tx) => tx.insertConference(c));
      assert.deepEqual(await store.transaction((tx) => tx.getConference("c-1")), c);
      const changed = conference("c-1", "corp-a", {
        status: 1,
        endTime: 1_700_000_100_000,
        locked: true,
        muteAll: false,
        forceMute: true,
        onlyInternal: false,
        autoTransferHost: true,
        forbiddenShareScreen: false,
        focusUnionId: "u-2",
        phoneNumbers: [],
      });
      await store.transaction(async (tx) => {
        assert.deepEqual(await tx.getConference("c-1", true), c);
        await tx.updateConference(changed);
      });
      assert.deepEqual(await store.transaction((tx) => tx.getConference("c-1"), { readOnly: true }), changed);
      assert.equal(await store.transaction((tx) => tx.getConference("c-9")), undefined);
    });

    test("members: a new member gets the next seq, an update keeps it; lists page in seq order", async () => {
      await store.transaction(async (tx) => {
        await tx.insertConference(conference("c-1"));
        await tx.insertConference(conference("c-2"));
        await tx.putMember(member("c-1", "u-2", { host: true, attendStatus: 2 }));
        await tx.putMember(member("c-1", "u-1", { seq: 1 }));
        await tx.putMember(member("c-2", "u-1"));
        await tx.putMember(member("c-1", "u-3", { outerOrgMember: true }));
      });
      await store.transaction(async (tx) => {
        const updated = member("c-1", "u-2", {
          seq: 42,
          host: true,
          coHost: false,
          attendStatus: 3,
          joinTime: 1_700_000_000_500,
          leaveTime: 1_700_000_000_900,
          duration: 400,
          pstnJoin: true,
          micStatus: 2,
          cameraStatus: 1,
          forbiddenRejoin: true,
          coHostSince: 1_700_000_000_600,
          deviceType: "Android",
        });
        await tx.putMember(updated);
        assert.deepEqual(await tx.getMember("c-1", "u-2"), { ...updated, seq: 1 });
      });
      await store.transaction(
        async (tx) => {
          const all = await tx.listMembers("c-1");
          assert.deepEqual(
            all.map((m) => [m.unionId, m.seq]),
            [
              ["u-2", 1],
              ["u-1", 2],
              ["u-3", 3],
            ],
          );
          assert.equal(all[2].outerOrgMember, true);
          assert.deepEqual(
            (await tx.listMembers("c-1", 1)).map((m) => m.unionId),
            ["u-1", "u-3"],
          );
          assert.deepEqual(
            (await tx.listMembers("c-1", 1, 1)).map((m) => m.unionId),
            ["u-1"],
          );
          assert.deepEqual(await tx.listMembers("c-1", 3, 10), []);
          assert.equal(await tx.countMembers("c-1"), 3);
          assert.equal(await tx.countMembers("c-2"), 1);
          assert.equal(await tx.countMembers("c-9"), 0);
          assert.equal((await tx.getMember("c-2", "u-1"))!.seq, 1);
          assert.equal(await tx.getMember("c-2", "u-2"), undefined);
        },
        { readOnly: true },
      );
    });

    test("memberships of a user across conferences, filtered by status", async () => {
      await store.transaction(async (tx) => {
        for (const id of ["c-3", "c-1", "c-2"]) await tx.insertConference(conference(id));
        await tx.putMember(member("c-3", "u-1", { attendStatus: 3 }));
        await tx.putMember(member("c-1", "u-1", { attendStatus: 3 }));
        await tx.putMember(member("c-2", "u-1", { attendStatus: 6 }));
        await tx.putMember(member("c-2", "u-2", { attendStatus: 3 }));
      });
      await store.transaction(
        async (tx) => {
          assert.deepEqual(
            (await tx.listMembershipsOf("u-1", [3])).map((m) => m.conferenceId),
            ["c-1", "c-3"],
          );
          assert.deepEqual(
            (await tx.listMembershipsOf("u-1", [2, 6])).map((m) => m.conferenceId),
            ["c-2"],
          );
          assert.deepEqual(await tx.listMembershipsOf("u-9", [3]), []);
        },
        { readOnly: true },
      );
    });

    test("members of a conference by status, in list order, and their count", async () => {
      await store.transaction(async (tx) => {
        for (const id of ["c-1", "c-2"]) await tx.insertConference(conference(id));
        await tx.putMember(member("c-1", "u-3", { attendStatus: 3 }));
        await tx.putMember(member("c-1", "u-1", { attendStatus: 1 }));
        await tx.putMember(member("c-1", "u-2", { attendStatus: 3 }));
        await tx.putMember(member("c-2", "u-1", { attendStatus: 3 }));
      });
      await store.transaction(
        async (tx) => {
          assert.deepEqual(
            (await tx.listMembersWithStatus("c-1", [3])).map((m) => m.unionId),
            ["u-3", "u-2"],
          );
          assert.deepEqual(
            (await tx.listMembersWithStatus("c-1", [1, 3])).map((m) => m.unionId),
            ["u-3", "u-1", "u-2"],
          );
          assert.deepEqual(await tx.listMembersWithStatus("c-1", []), []);
          assert.deepEqual(await tx.listMembersWithStatus("c-1", [6]), []);
          assert.equal(await tx.countMembersWithStatus("c-1", [3]), 2);
          assert.equal(await tx.countMembersWithStatus("c-1", [1, 3]), 3);
          assert.equal(await tx.countMembersWithStatus("c-1", []), 0);
          assert.equal(await tx.countMembersWithStatus("c-9", [3]), 0);
        },
        { readOnly: true },
      );
    });

    test("updating a conference that does not exist creates nothing", async () => {
      await store.transaction((tx) => tx.updateConference(conference("c-9")));
      assert.equal(await store.transaction((tx) => tx.getConference("c-9")), undefined);
    });

    test("any string round-trips, NUL and control characters included, and looks up exactly", async () => {
      const odd = "a\u0000b\u0001c\u0001\u0002d\u0000";
      await store.transaction(async (tx) => {
        await tx.putUser({ unionId: odd, corpId: "corp-a", userId: "\u0000", name: odd });
        await tx.insertConference(conference(odd, "corp-a", { title: odd, phoneNumbers: [odd] }));
        await tx.putMember(member(odd, odd, { userNick: odd, deviceType: "\u0001" }));
        await tx.appendChange({
          conferenceId: odd,
          at: 1,
          app: odd,
          operation: "X",
          target: odd,
          before: { odd },
          after: null,
        });
      });
      await store.transaction(
        async (tx) => {
          assert.deepEqual(await tx.getUser(odd), {
            unionId: odd,
            corpId: "corp-a",
            userId: "\u0000",
            name: odd,
          });
          assert.equal((await tx.getUsers([odd, "a"])).get(odd)!.name, odd);
          const conf = (await tx.getConference(odd))!;
          assert.deepEqual([conf.title, conf.phoneNumbers], [odd, [odd]]);
          const m = (await tx.getMember(odd, odd))!;
          assert.deepEqual([m.userNick, m.deviceType], [odd, "\u0001"]);
          const [change] = await tx.listChanges(odd);
          assert.deepEqual([change.app, change.target, change.before], [odd, odd, { odd }]);
          assert.equal(await tx.getConference("a"), undefined);
          assert.equal(await tx.getConference("\u0000"), undefined);
          assert.equal(
            await tx.getUser("a\u0001\u0002b\u0001\u0001c\u0001\u0001\u0001\u0002d\u0001\u0002"),
            undefined,
          );
        },
        { readOnly: true },
      );
    });

    test("change log: seq per conference from 1, before/after read back exactly", async () => {
      const before = { host: false, coHost: false, attendStatus: 1, micStatus: 0 };
      const after = {
        host: false,
        coHost: true,
        attendStatus: 1,
        micStatus: 0,
        nested: { z: 1, a: [1, "x"] },
      };
      await store.transaction(async (tx) => {
        await tx.insertConference(conference("c-1"));
        await tx.insertConference(conference("c-2"));
        const base = { at: 1_700_000_000_001, app: "app-a", operation: "Cohosts", target: "u-2" };
        await tx.appendChange({ ...base, conferenceId: "c-1", before: null, after: before });
        await tx.appendChange({ ...base, conferenceId: "c-2", before: null, after: null });
        await tx.appendChange({ ...base, conferenceId: "c-1", before, after });
      });
      const changes = await store.transaction((tx) => tx.listChanges("c-1"), { readOnly: true });
      assert.deepEqual(
        changes.map((c) => c.seq),
        [1, 2],
      );
      assert.deepEqual(changes[1], {
        conferenceId: "c-1",
        seq: 2,
        at: 1_700_000_000_001,
        app: "app-a",
        operation: "Cohosts",
        target: "u-2",
        before,
        after,
      });
      assert.equal(JSON.stringify(changes[1].after), JSON.stringify(after), "key order is kept");
      assert.equal(changes[0].before, null);
      const other = await store.transaction((tx) => tx.listChanges("c-2"));
      assert.deepEqual(
        other.map((c) => [c.seq, c.before, c.after]),
        [[1, null, null]],
      );
    });

    async function populate(corpId: string, id: string, unionId: string, appKey: string) {
      await store.transaction(async (tx) => {
        await tx.putApp({
          appKey,
          corpId,
          secretHash: "h",
          scopes: [],
          tokenNonce: "nonce",
          tokenExpiresAt: 5,
        });
        await tx.insertConference(conference(id, corpId));
        await tx.putMember(member(id, unionId));
        await tx.appendChange({
          conferenceId: id,
          at: 1,
          app: appKey,
          operation: "X",
          target: unionId,
          before: null,
          after: null,
        });
        await tx.putToken({
          tokenHash: `t-${id}`,
          corpId,
          clientKey: appKey,
          kind: "app",
          scopes: [],
          expiresAt: 9,
        });
      });
    }

    test("reset(corpId) drops one org's conferences, members, changes and tokens; keeps the rest", async () => {
      await populate("corp-a", "c-a", "u-1", "app-a");
      await populate("corp-b", "c-b", "u-3", "app-b");
      await store.transaction((tx) => tx.reset("corp-a"));
      await store.transaction(async (tx) => {
        assert.equal(await tx.getConference("c-a"), undefined);
        assert.equal(await tx.countMembers("c-a"), 0);
        assert.deepEqual(await tx.listChanges("c-a"), []);
        assert.equal(await tx.getToken("t-c-a"), undefined);
        const app = await tx.getApp("app-a");
        assert.deepEqual([app!.tokenNonce, app!.tokenExpiresAt], [null, 0]);
        assert.ok(await tx.getConference("c-b"));
        assert.equal(await tx.countMembers("c-b"), 1);
        assert.equal((await tx.listChanges("c-b")).length, 1);
        assert.ok(await tx.getToken("t-c-b"));
        assert.equal((await tx.getApp("app-b"))!.tokenNonce, "nonce");
        assert.equal((await tx.listUsers()).length, 3);
      });
      await store.transaction((tx) => tx.reset());
      await store.transaction(async (tx) => {
        assert.equal(await tx.getConference("c-b"), undefined);
        assert.equal(await tx.getToken("t-c-b"), undefined);
        assert.equal((await tx.getApp("app-b"))!.tokenNonce, null);
        assert.equal((await tx.listOrgs()).length, 2);
        assert.equal((await tx.listApps()).length, 2);
      });
    });

    test("a transaction that throws changes nothing and rethrows the same error", async () => {
      const boom = new Error("boom");
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.insertConference(conference("c-1"));
          await tx.putMember(member("c-1", "u-1"));
          await tx.putOrg({ corpId: "corp-a", name: "changed" });
          throw boom;
        }),
        (e) => e === boom,
      );
      await store.transaction(async (tx) => {
        assert.equal(await tx.getConference("c-1"), undefined);
        assert.equal(await tx.countMembers("c-1"), 0);
        assert.equal((await tx.getOrg("corp-a"))!.name, "A");
      });
      // Still usable afterwards.
      await store.transaction((tx) => tx.insertConference(conference("c-1")));
      assert.ok(await store.transaction((tx) => tx.getConference("c-1")));
    });

    test("writers that lock the conference never lose an update or pass a cap", async () => {
      const CAP = 5;
      const WRITERS = 24;
      await store.transaction((tx) => tx.insertConference(conference("c-1")));
      await store.transaction(async (tx) => {
        for (let i = 0; i < 30; i++)
          await tx.putUser({ unionId: `w-${i}`, corpId: "corp-a", userId: `w${i}`, name: "W" });
      });
      const outcomes = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, i) =>
          store.transaction(async (tx) => {
            const conf = await tx.getConference("c-1", true);
            assert.ok(conf);
            const n = (await tx.listMembers("c-1")).length;
            if (n >= CAP) throw new Error("cap");
            await tx.putMember(member("c-1", `w-${i}`));
            await tx.appendChange({
              conferenceId: "c-1",
              at: i,
              app: "app-a",
              operation: "Add",
              target: `w-${i}`,
              before: { n },
              after: { n: n + 1 },
            });
            return n;
          }),
        ),
      );
      const won = outcomes.filter((o) => o.status === "fulfilled");
      assert.equal(won.length, CAP, "exactly CAP writers got in");
      assert.ok(outcomes.every((o) => o.status === "fulfilled" || (o.reason as Error).message === "cap"));
      const seen = won.map((o) => (o as PromiseFulfilledResult<number>).value).sort();
      assert.deepEqual(seen, [0, 1, 2, 3, 4], "each writer saw the previous one's member");
      await store.transaction(async (tx) => {
        const members = await tx.listMembers("c-1");
        assert.deepEqual(
          members.map((m) => m.seq),
          [1, 2, 3, 4, 5],
        );
        const changes = await tx.listChanges("c-1");
        assert.deepEqual(
          changes.map((c) => [c.seq, c.before, c.after]),
          [0, 1, 2, 3, 4].map((n) => [n + 1, { n }, { n: n + 1 }]),
        );
      });
    });

    test("read-modify-write of an app row inside write transactions loses no update", async () => {
      const N = 20;
      await store.transaction((tx) =>
        tx.putApp({
          appKey: "app-a",
          corpId: "corp-a",
          secretHash: "h",
          scopes: [],
          tokenNonce: null,
          tokenExpiresAt: 0,
        }),
      );
      await Promise.all(
        Array.from({ length: N }, () =>
          store.transaction(async (tx) => {
            const app = (await tx.getApp("app-a"))!;
            await tx.putApp({ ...app, tokenExpiresAt: app.tokenExpiresAt + 1 });
          }),
        ),
      );
      const app = await store.transaction((tx) => tx.getApp("app-a"), { readOnly: true });
      assert.equal(app!.tokenExpiresAt, N);
    });

    test("a read-only transaction sees committed state", async () => {
      await store.transaction((tx) => tx.insertConference(conference("c-1")));
      const seen = await store.transaction(
        async (tx) => [await tx.getConference("c-1", true), await tx.countMembers("c-1")] as const,
        { readOnly: true },
      );
      assert.equal(seen[0]!.conferenceId, "c-1");
      assert.equal(seen[1], 0);
    });
  });
}
