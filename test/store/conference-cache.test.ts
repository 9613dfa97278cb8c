/**
 * The SQLite store keeps rendered members pages in memory (page-cache.ts). It must never answer with a
 * page of rows that were not committed, or that changed since: a member written in any way, a job rolled
 * back, a batch whose COMMIT is refused, a bulk delete.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { SqliteStore } from "../../src/store/sqlite/index.js";
import type { MemberPage } from "../../src/store/store.js";
import { conferenceRow, memberRow } from "../helpers/rows.js";

let dir: string;
let store: SqliteStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "vconf-pc-"));
  store = SqliteStore.open(dir);
  await store.transaction(async (tx) => {
    await tx.putOrg({ corpId: "corp-a", name: "A" });
    await tx.insertConference(conferenceRow("c-1", "corp-a"));
    await tx.insertConference(conferenceRow("c-2", "corp-a"));
    await tx.putMember(memberRow("c-1", "u-1", { userNick: "one" }));
    await tx.putMember(memberRow("c-2", "u-1", { userNick: "one" }));
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const page = (id = "c-1", offset = 0, limit = 10) =>
  store.transaction((tx) => tx.memberPage(id, offset, limit), { readOnly: true });
const nicks = (p: MemberPage) => (JSON.parse(p.models) as { userNick: string }[]).map((m) => m.userNick);
const settled = <T>(p: Promise<T>) =>
  p.then(
    () => "ok",
    () => "failed",
  );

test("a committed page is served again without rendering, and rendered again after its members change", async () => {
  const first = await page();
  assert.equal(await page(), first, "the same page object: served from the cache");
  assert.notEqual(await page("c-1", 0, 5), first, "another page size is another entry");
  await store.transaction((tx) => tx.putMember(memberRow("c-1", "u-1", { userNick: "renamed" })));
  assert.deepEqual(nicks(await page()), ["renamed"]);
  await store.transaction((tx) => tx.putMember(memberRow("c-1", "u-2", { userNick: "two" })));
  assert.deepEqual(nicks(await page()), ["renamed", "two"]);
  assert.equal((await page()).total, 2);
});

test("a write to one conference leaves the other conference's pages cached", async () => {
  const other = await page("c-2");
  await store.transaction((tx) => tx.putMember(memberRow("c-1", "u-2")));
  assert.equal(await page("c-2"), other);
});

test("a page a job renders from its own writes is not kept when the job rolls back", async () => {
  await page();
  const [rolledBack, neighbour] = await Promise.all([
    settled(
      store.transaction(async (tx) => {
        await tx.putMember(memberRow("c-1", "u-1", { userNick: "never committed" }));
        assert.deepEqual(nicks(await tx.memberPage("c-1", 0, 10)), ["never committed"]);
        throw new Error("refused");
      }),
    ),
    // The same batch, after the rolled-back job (another page size: it does not replace the entry).
    page("c-1", 0, 5),
  ]);
  assert.equal(rolledBack, "failed");
  assert.deepEqual(nicks(neighbour), ["one"]);
  assert.deepEqual(nicks(await page()), ["one"]);
});

test("pages rendered in a batch whose COMMIT is refused are not kept", async () => {
  const [broken, read] = await Promise.all([
    settled(
      store.transaction(async (tx) => {
        await tx.putMember(memberRow("c-1", "u-1", { userNick: "lost with the batch" }));
        // A deferred foreign key makes SQLite refuse the COMMIT itself.
        store.db.pragma("defer_foreign_keys = ON");
        store.db
          .prepare("INSERT INTO users (union_id, corp_id, user_id, name) VALUES ('u', 'no-org', 'u', 'u')")
          .run();
      }),
    ),
    settled(page()),
  ]);
  assert.deepEqual([broken, read], ["failed", "failed"]);
  await store.transaction(async () => {}); // a batch that commits without rendering the page
  assert.deepEqual(nicks(await page()), ["one"]);
});

test("bulk deletes (reset, snapshot import) drop the pages they empty", async () => {
  assert.equal((await page()).total, 1);
  await store.transaction((tx) => tx.reset("corp-a"));
  assert.deepEqual(await page(), { total: 0, models: "[]" });
  await store.transaction(async (tx) => {
    await tx.insertConference(conferenceRow("c-1", "corp-a"));
    await tx.putMember(memberRow("c-1", "u-9", { userNick: "nine" }));
  });
  assert.deepEqual(nicks(await page()), ["nine"]);
  const dump = await store.transaction((tx) => tx.exportAll(), { readOnly: true });
  await store.transaction((tx) => tx.importAll({ ...dump, members: [] }));
  assert.deepEqual(await page(), { total: 0, models: "[]" });
});

const conference = (id = "c-1") => store.transaction((tx) => tx.getConference(id), { readOnly: true });

test("a committed conference row is served again, frozen, until the conference is written", async () => {
  const first = await conference();
  assert.equal(await conference(), first, "the same row object: served from the cache");
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first!.phoneNumbers));
  assert.throws(() => {
    (first as { title: string }).title = "changed in place";
  }, TypeError);
  await store.transaction(async (tx) => {
    const c = (await tx.getConference("c-1", true))!;
    await tx.updateConference({ ...c, title: "renamed", status: 1 });
  });
  assert.deepEqual([(await conference())!.title, (await conference())!.status], ["renamed", 1]);
});

test("a conference row read after a rolled-back update, or in a refused batch, is the committed one", async () => {
  await conference();
  const [rolledBack] = await Promise.all([
    settled(
      store.transaction(async (tx) => {
        await tx.updateConference({ ...(await tx.getConference("c-1"))!, title: "never committed" });
        assert.equal((await tx.getConference("c-1"))!.title, "never committed");
        throw new Error("refused");
      }),
    ),
    store.transaction(async () => {}),
  ]);
  assert.equal(rolledBack, "failed");
  assert.equal((await conference())!.title, "t");
  const [broken] = await Promise.all([
    settled(
      store.transaction(async (tx) => {
        await tx.updateConference({ ...(await tx.getConference("c-1"))!, title: "lost with the batch" });
        await tx.getConference("c-1");
        store.db.pragma("defer_foreign_keys = ON");
        store.db
          .prepare("INSERT INTO users (union_id, corp_id, user_id, name) VALUES ('u', 'no-org', 'u', 'u')")
          .run();
      }),
    ),
  ]);
  assert.equal(broken, "failed");
  await store.transaction(async () => {});
  assert.equal((await conference())!.title, "t");
  await store.transaction((tx) => tx.reset("corp-a"));
  assert.equal(await conference(), undefined);
});
