import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import {
  api,
  testApp,
  CONF,
  control,
  createConference,
  expectError,
  expectOk,
  seedUsers,
  tokenFor,
  useTestApp,
} from "../../helpers/app.js";

const ctx = useTestApp();
let acme: ReturnType<typeof api>;
let token: string;
let id: string;

async function setup() {
  token = await tokenFor(ctx.app, "acme-app");
  acme = api(ctx.app, token);
  id = await createConference(ctx.app, token, ["union-bob", "union-carol", "union-gina"]);
}
beforeEach(() => setup());

interface Member {
  unionId: string;
  attendStatus: number;
  host: boolean;
  coHost: boolean;
  outerOrgMember?: boolean;
}
interface Entry {
  app: string;
  operation: string;
  target: string;
  before: { coHost: boolean; host: boolean; attendStatus: number } | null;
  after: { coHost: boolean; host: boolean; attendStatus: number } | null;
}

const set = (action: string, ...unionIds: string[]) =>
  acme.cohosts(id, { action, userList: unionIds.map((unionId) => ({ unionId })) });
const memberList = async (conf = id): Promise<Member[]> => expectOk(await acme.members(conf)).memberModels;
const member = async (who: string) => (await memberList()).find((m) => m.unionId === who);
const coHosts = async () => (await memberList()).filter((m) => m.coHost).map((m) => m.unionId);
const audit = async (conf = id): Promise<Entry[]> => expectOk(await control(ctx.app).audit(conf)).entries;
const cohostRows = async () => (await audit()).filter((e) => e.operation === "Cohosts");
/** Members and change log, to show that a rejected request changed nothing. */
const snapshot = async () => ({ members: await memberList(), audit: await audit() });

describe("add and remove", () => {
  test("add makes co-hosts, remove takes the role back; members agree; one log row per change", async () => {
    expectOk(await control(ctx.app).join(id, "union-bob"));
    assert.deepEqual(expectOk(await set("add", "union-bob", "union-carol")), { success: true });
    assert.deepEqual(await coHosts(), ["union-bob", "union-carol"]);
    assert.equal((await member("union-bob"))!.attendStatus, 3);
    assert.equal((await member("union-alice"))!.coHost, false);

    expectOk(await set("remove", "union-bob"));
    assert.deepEqual(await coHosts(), ["union-carol"]);

    const rows = await cohostRows();
    assert.deepEqual(
      rows.map((e) => [e.target, e.app, e.before?.coHost, e.after?.coHost]),
      [
        ["union-bob", "acme-app", false, true],
        ["union-carol", "acme-app", false, true],
        ["union-bob", "acme-app", true, false],
      ],
    );
    assert.equal(rows[0].before!.attendStatus, 3);
    assert.equal(rows[0].after!.attendStatus, 3);
  });

  test("a member of another org can be a co-host", async () => {
    expectOk(await set("add", "union-gina"));
    const gina = (await member("union-gina"))!;
    assert.equal(gina.coHost, true);
    assert.equal(gina.outerOrgMember, true);
  });

  test("duplicates in userList count once", async () => {
    expectOk(await set("add", "union-bob", "union-bob", "union-bob"));
    assert.deepEqual(await coHosts(), ["union-bob"]);
    assert.equal((await cohostRows()).length, 1);
    expectOk(await set("remove", "union-bob", "union-bob"));
    assert.equal((await cohostRows()).length, 2);
  });

  test("adding a co-host and removing a non-co-host succeed and change nothing", async () => {
    expectOk(await set("add", "union-bob"));
    const before = await snapshot();
    expectOk(await set("add", "union-bob"));
    expectOk(await set("remove", "union-carol"));
    expectOk(await set("remove", "union-alice"));
    // A user who is not a member is not added by a remove.
    expectOk(await set("remove", "union-erin"));
    assert.deepEqual(await snapshot(), before);
  });

  test("a non-member becomes an invited member holding the role, and keeps it on joining", async () => {
    const total = expectOk(await acme.members(id)).totalCount;
    expectOk(await set("add", "union-dave"));
    const dave = (await member("union-dave"))!;
    assert.equal(dave.attendStatus, 1);
    assert.equal(dave.coHost, true);
    assert.equal(dave.host, false);
    assert.equal(expectOk(await acme.members(id)).totalCount, total + 1);
    const [row] = await cohostRows();
    assert.equal(row.before, null);
    assert.equal(row.after!.coHost, true);

    expectOk(await control(ctx.app).join(id, "union-dave"));
    const joined = (await member("union-dave"))!;
    assert.equal(joined.attendStatus, 3);
    assert.equal(joined.coHost, true);
  });

  test("unknown fields at the top level and in entries are ignored", async () => {
    const res = await acme.cohosts(id, {
      action: "add",
      userList: [{ unionId: "union-bob", participantId: "p-1", nick: "Bob" }],
      extra: { anything: true },
      conferenceId: "someone-else",
    });
    expectOk(res);
    assert.deepEqual(await coHosts(), ["union-bob"]);
  });
});

describe("rejected requests change nothing", () => {
  test("one unknown unionId fails the whole batch with unknownUserError", async () => {
    expectOk(await set("add", "union-carol"));
    const before = await snapshot();
    expectError(await set("add", "union-bob", "union-nobody"), 400, "unknownUserError", "unknownUserError");
    expectError(await set("remove", "union-carol", "union-nobody"), 400, "unknownUserError");
    assert.deepEqual(await snapshot(), before);
  });

  test("the host cannot be a co-host", async () => {
    const before = await snapshot();
    for (const ids of [["union-alice"], ["union-bob", "union-alice"]]) {
      expectError(await set("add", ...ids), 400, "paramsError", "error:the host cannot be a co-host");
    }
    assert.deepEqual(await snapshot(), before);
  });

  const FIELD_ERRORS: [string, unknown, string | RegExp][] = [
    ["missing action", { userList: [{ unionId: "union-bob" }] }, "error:action is missing"],
    ["empty action", { action: "", userList: [{ unionId: "union-bob" }] }, /^error:action must be one of/],
    ["unknown action", { action: "promote", userList: [{ unionId: "union-bob" }] }, /^error:action must be/],
    ["non-string action", { action: 1, userList: [{ unionId: "union-bob" }] }, /^error:action /],
    ["missing userList", { action: "add" }, "error:userList is missing"],
    ["empty userList", { action: "add", userList: [] }, "error:userList must not be empty"],
    ["non-array userList", { action: "add", userList: "union-bob" }, /^error:userList must be array/],
    ["object userList", { action: "add", userList: { unionId: "union-bob" } }, /^error:userList must be/],
    [
      "entry without unionId",
      { action: "add", userList: [{ nick: "b" }] },
      "error:userList[0].unionId is missing",
    ],
    [
      "second entry without unionId",
      { action: "add", userList: [{ unionId: "union-bob" }, {}] },
      "error:userList[1].unionId is missing",
    ],
    [
      "non-string unionId",
      { action: "add", userList: [{ unionId: 7 }] },
      /^error:userList\[0\]\.unionId must be/,
    ],
    [
      "null unionId",
      { action: "add", userList: [{ unionId: null }] },
      /^error:userList\[0\]\.unionId must be/,
    ],
    [
      "empty unionId",
      { action: "add", userList: [{ unionId: "" }] },
      "error:userList[0].unionId must be a non-empty string",
    ],
    ["non-object entry", { action: "add", userList: ["union-bob"] }, /^error:userList\[0\] must be object/],
  ];
  for (const [name, body, message] of FIELD_ERRORS) {
    test(`${name} is paramsError naming the field`, async () => {
      const before = await snapshot();
      expectError(await acme.cohosts(id, body), 400, "paramsError", message);
      assert.deepEqual(await snapshot(), before);
    });
  }

  test("an empty conference id is paramsError: conferenceId is missing", async () => {
    const res = await acme.call("POST", `${CONF}//coHosts/set`, {
      action: "add",
      userList: [{ unionId: "union-bob" }],
    });
    expectError(res, 400, "paramsError", "error:conferenceId is missing");
  });

  test("an unknown conference is paramsError: conference not found", async () => {
    const body = { action: "add", userList: [{ unionId: "union-bob" }] };
    for (const unknown of ["0".repeat(24), "nope", "%20"]) {
      expectError(await acme.cohosts(unknown, body), 400, "paramsError", "error:conference not found");
    }
  });

  test("another org's conference is permissionError", async () => {
    const before = await snapshot();
    const globex = api(ctx.app, await tokenFor(ctx.app, "globex-app"));
    const res = await globex.cohosts(id, { action: "add", userList: [{ unionId: "union-gina" }] });
    expectError(res, 400, "permissionError", "permissionError:no right to operate this meeting");
    assert.deepEqual(await snapshot(), before);
  });

  test("an ended conference is confClosed", async () => {
    expectOk(await set("add", "union-bob"));
    expectOk(await acme.close(id, "union-alice"));
    const before = await snapshot();
    expectError(await set("add", "union-carol"), 400, "confClosed", "confClosed");
    expectError(await set("remove", "union-bob"), 400, "confClosed");
    assert.deepEqual(await snapshot(), before);
  });
});

describe("the co-host cap", () => {
  test("over maxCoHosts is paramsError and changes nothing", async () => {
    await ctx.rebuild({ maxCoHosts: 2 });
    await setup();
    expectOk(await set("add", "union-bob", "union-carol"));
    const before = await snapshot();
    expectError(await set("add", "union-dave"), 400, "paramsError", "error:co-host limit 2 reached");
    expectError(
      await set("add", "union-dave", "union-erin"),
      400,
      "paramsError",
      "error:co-host limit 2 reached",
    );
    // Re-adding co-hosts at the cap is a no-op, not an error.
    expectOk(await set("add", "union-bob", "union-carol", "union-bob"));
    assert.deepEqual(await snapshot(), before);

    expectOk(await set("remove", "union-bob"));
    expectOk(await set("add", "union-dave", "union-dave"));
    assert.deepEqual(await coHosts(), ["union-carol", "union-dave"]);
  });

  test("one request over the cap changes nothing", async () => {
    await ctx.rebuild({ maxCoHosts: 2 });
    await setup();
    const before = await snapshot();
    const res = await set("add", "union-bob", "union-carol", "union-dave");
    expectError(res, 400, "paramsError", "error:co-host limit 2 reached");
    assert.deepEqual(await snapshot(), before);
  });

  test("the cap holds under concurrent requests", async () => {
    await ctx.rebuild({ maxCoHosts: 5 });
    await setup();
    const users = await seedUsers(
      ctx.app,
      Array.from({ length: 20 }, (_, i) => `extra-${i}`),
    );
    const results = await Promise.all(users.map((u) => set("add", u)));
    const ok = results.filter((r) => r.statusCode === 200);
    assert.equal(ok.length, 5);
    for (const r of results.filter((r) => r.statusCode !== 200)) {
      expectError(r, 400, "paramsError", "error:co-host limit 5 reached");
    }
    assert.equal((await coHosts()).length, 5);
    assert.equal((await cohostRows()).length, 5);
  });
});

test("a userList over 500 entries is refused and changes nothing", async (t) => {
  const ctx = await testApp(t);
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  const userList = Array.from({ length: 501 }, (_, i) => ({ unionId: `union-x${i}` }));
  const before = (await api(ctx.app, token).members(id)).json();
  expectError(
    await api(ctx.app, token).cohosts(id, { action: "add", userList }),
    400,
    "paramsError",
    "error:userList must have at most 500 entries",
  );
  assert.deepEqual((await api(ctx.app, token).members(id)).json(), before);
});
