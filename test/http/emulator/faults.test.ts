import assert from "node:assert/strict";
import { test } from "node:test";
import {
  api,
  control,
  createConference,
  expectError,
  expectOk,
  tokenFor,
  useTestApp,
} from "../../helpers/app.js";
import { conference, oauth2, sdkClients, sdkError } from "../../helpers/sdk.js";

const ctx = useTestApp({ listen: true });

const putFaults = async (body: unknown) => control(ctx.app).call("PUT", "/_vconf/v1/faults", body);
const getFaults = async () =>
  expectOk(await control(ctx.app).call("GET", "/_vconf/v1/faults")) as {
    seed: number;
    faults: { operation: string; fired: number }[];
  };
const addBob = (token: string, id: string) =>
  api(ctx.app, token).cohosts(id, { action: "add", userList: [{ unionId: "union-bob" }] });

test("an injected systemError reaches the official SDK as code systemError, status 500", async () => {
  const { conf, oauth, runtime } = sdkClients(ctx.port);
  const token = (
    await oauth.getAccessToken(
      new oauth2.GetAccessTokenRequest({ appKey: "acme-app", appSecret: "acme-secret" }),
    )
  ).body!.accessToken!;
  const id = await createConference(ctx.app, token, ["union-bob"]);
  expectOk(
    await putFaults({
      seed: 42,
      faults: [{ operation: "Cohosts", status: 500, code: "systemError", message: "systemError:injected" }],
    }),
  );
  const e = await sdkError(() =>
    conf.cohostsWithOptions(
      id,
      new conference.CohostsRequest({
        action: "add",
        userList: [new conference.CohostsRequestUserList({ unionId: "union-bob" })],
      }),
      new conference.CohostsHeaders({ xAcsDingtalkAccessToken: token }),
      runtime,
    ),
  );
  assert.equal(e.code, "systemError");
  assert.equal(e.statusCode, 500);
  assert.equal(e.message.includes("systemError:injected"), true, e.message);
  assert.equal((await getFaults()).faults[0].fired, 1);
});

test("token endpoints are faultable too", async () => {
  const { oauth } = sdkClients(ctx.port);
  expectOk(await putFaults({ faults: [{ operation: "GetAccessToken", status: 503, count: 1 }] }));
  const e = await sdkError(() =>
    oauth.getAccessToken(new oauth2.GetAccessTokenRequest({ appKey: "acme-app", appSecret: "acme-secret" })),
  );
  assert.equal(e.code, "systemError");
  assert.equal(e.statusCode, 503);
  const ok = await oauth.getAccessToken(
    new oauth2.GetAccessTokenRequest({ appKey: "acme-app", appSecret: "acme-secret" }),
  );
  assert.equal(ok.statusCode, 200);
});

test("fail the next two calls: exactly two fail, then calls succeed; failed ones changed nothing", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, ["union-bob"]);
  expectOk(
    await putFaults({ faults: [{ operation: "Cohosts", status: 500, code: "systemError", count: 2 }] }),
  );

  expectError(await addBob(token, id), 500, "systemError", "systemError");
  expectError(await addBob(token, id), 500, "systemError");
  const members = expectOk(await api(ctx.app, token).members(id));
  assert.equal(
    members.memberModels.find((m: { unionId: string }) => m.unionId === "union-bob").coHost,
    false,
  );
  assert.deepEqual(
    expectOk(await control(ctx.app).audit(id)).entries.filter(
      (e: { operation: string }) => e.operation === "Cohosts",
    ),
    [],
    "no change was logged by the failed calls",
  );

  expectOk(await addBob(token, id));
  expectOk(await addBob(token, id));
  const after = expectOk(await api(ctx.app, token).members(id));
  assert.equal(after.memberModels.find((m: { unionId: string }) => m.unionId === "union-bob").coHost, true);
  const { faults } = await getFaults();
  assert.deepEqual(
    faults.map((f) => [f.operation, f.fired]),
    [["Cohosts", 2]],
  );
});

test("faults act after the gateway: a call without a valid token or scope gets the gateway's answer", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, ["union-bob"]);
  expectOk(await putFaults({ faults: [{ operation: "Cohosts", status: 500, code: "systemError" }] }));
  expectError(await addBob("", id), 400, "AuthenticationFailed.MissingParameter");
  expectError(await addBob("not-a-token", id), 400, "InvalidAuthentication");
  expectError(
    await addBob(await tokenFor(ctx.app, "acme-reader"), id),
    403,
    "Forbidden.AccessDenied.AccessTokenPermissionDenied",
  );
  assert.equal((await getFaults()).faults[0].fired, 0);
  expectError(await addBob(token, id), 500, "systemError");
  assert.equal((await getFaults()).faults[0].fired, 1);
});

test("other operations are untouched; a delay fault answers normally and counts", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  expectOk(
    await putFaults({
      faults: [
        { operation: "QueryConferenceInfo", delayMs: 5 },
        { operation: "CloseVideoConference", status: 500 },
      ],
    }),
  );
  assert.equal(expectOk(await api(ctx.app, token).info(id)).confInfo.status, 2);
  expectOk(await api(ctx.app, token).members(id));
  const { faults } = await getFaults();
  assert.deepEqual(
    faults.map((f) => [f.operation, f.fired]),
    [
      ["QueryConferenceInfo", 1],
      ["CloseVideoConference", 0],
    ],
  );
});

test("code and status default from each other; the message from the catalog", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, ["union-bob"]);
  expectOk(
    await putFaults({
      faults: [
        { operation: "Cohosts", code: "unknownUserError", count: 1 },
        { operation: "Cohosts", status: 503, count: 1 },
        { operation: "Cohosts", code: "vendorSpecific", message: "boom", count: 1 },
      ],
    }),
  );
  expectError(await addBob(token, id), 400, "unknownUserError", "unknownUserError");
  expectError(await addBob(token, id), 503, "systemError", "systemError");
  expectError(await addBob(token, id), 500, "vendorSpecific", "boom");
  expectOk(await addBob(token, id));
});

test("probability draws come from the seed: the same set hits the same calls", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  const run = async () => {
    expectOk(
      await putFaults({
        seed: 7,
        faults: [{ operation: "QueryConferenceInfo", status: 500, probability: 0.5 }],
      }),
    );
    const outcome = [];
    for (let i = 0; i < 16; i++) outcome.push((await api(ctx.app, token).info(id)).statusCode);
    return { outcome, fired: (await getFaults()).faults[0].fired };
  };
  const first = await run();
  const second = await run();
  assert.deepEqual(second, first);
  assert.equal(first.fired, first.outcome.filter((s) => s === 500).length);
  assert.ok(first.fired > 0 && first.fired < 16, `some but not all calls hit: ${first.outcome}`);
  expectOk(
    await putFaults({ seed: 7, faults: [{ operation: "QueryConferenceInfo", status: 500, probability: 0 }] }),
  );
  expectOk(await api(ctx.app, token).info(id));
});

test("DELETE clears the faults", async () => {
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token);
  expectOk(await putFaults({ faults: [{ operation: "QueryConferenceInfo", status: 500 }] }));
  expectError(await api(ctx.app, token).info(id), 500, "systemError");
  expectOk(await control(ctx.app).call("DELETE", "/_vconf/v1/faults"));
  expectOk(await api(ctx.app, token).info(id));
  assert.deepEqual((await getFaults()).faults, []);
});

test("a bad fault set is refused and the active set stays", async () => {
  const good = { seed: 3, faults: [{ operation: "Cohosts", status: 500, count: 1 }] };
  expectOk(await putFaults(good));
  const bad: [unknown, RegExp][] = [
    [
      { faults: [{ operation: "Cohost", status: 500 }] },
      /operation: no operation Cohost; faultable: .*Cohosts/,
    ],
    [{ faults: [{ operation: "vconf.Reset", status: 500 }] }, /no operation vconf\.Reset/],
    [{ faults: [{ operation: "Cohosts" }] }, /give status\/code .* or delayMs/],
    [{ faults: [{ operation: "Cohosts", status: 200 }] }, /status/],
    [{ faults: [{ operation: "Cohosts", status: 500, probability: 1.5 }] }, /probability/],
    [{ faults: [{ operation: "Cohosts", status: 500, count: 0 }] }, /count/],
    [{ faults: [{ operation: "Cohosts", delayMs: -1 }] }, /delayMs/],
    [{ faults: [{ operation: "Cohosts", status: 500, colour: "red" }] }, /unknown field colour/],
    [{ seed: "x", faults: [] }, /seed/],
    [{}, /faults is missing/],
  ];
  for (const [body, message] of bad) expectError(await putFaults(body), 400, "paramsError", message);
  const now = await getFaults();
  assert.equal(now.seed, 3);
  assert.deepEqual(now.faults, [{ ...good.faults[0], fired: 0 }]);
});

test("faults need the admin key", async () => {
  for (const method of ["GET", "PUT", "DELETE"] as const) {
    for (const headers of [{}, { "x-vconf-admin-key": "wrong-key" }]) {
      const res = await ctx.app.inject({
        method,
        url: "/_vconf/v1/faults",
        headers,
        payload: { faults: [] },
      });
      expectError(res, 401, "vconf.AdminKeyRequired");
    }
  }
});
