import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTROL, SCHEDULES } from "../../../src/schemas/paths.js";
import { api, control, expectError, expectOk, tokenFor, useTestApp, snapshotOf } from "../../helpers/app.js";

/** CreateCustomShortLink (spec-more section 1): a new per-user link per call, kept on the booking. */
const t = useTestApp();
const START = Date.UTC(2026, 0, 2, 9);
const LINKS = "/v1.0/conference/customShortLinks";

async function book(token: string) {
  const body = { creatorUnionId: "union-alice", title: "Demo", startTime: START, endTime: START + 1 };
  return expectOk(await api(t.app, token).call("POST", SCHEDULES, body));
}
const detail = async (id: string) =>
  expectOk(await control(t.app).call("GET", `${CONTROL}/scheduleConferences/${id}`));
const snapshot = async () => JSON.stringify(await snapshotOf(t.app));

test("CreateCustomShortLink makes a new link on every call, kept with its fields and audited", async () => {
  const token = await tokenFor(t.app);
  const bk = await book(token);
  const id = bk.scheduleConferenceId;
  const body = {
    creatorUnionId: "union-alice",
    scheduleConferenceId: id,
    coolAppCode: "cool-poll",
    extensionAppBizData: '{"user":"bob"}',
    useExtensionApp: true,
  };
  t.clock.advance(1_000);
  const first = expectOk(await api(t.app, token).call("POST", LINKS, body)).result.customShortLink;
  const escaped = bk.url.replace(/[.?]/g, "\\$&");
  assert.match(first, new RegExp(`^${escaped}\\?link=[0-9A-Za-z]{12}$`));
  const second = expectOk(
    await api(t.app, token).call("POST", LINKS, {
      ...body,
      coolAppCode: "cool-other",
      extensionAppBizData: undefined,
      useExtensionApp: undefined,
    }),
  ).result.customShortLink;
  assert.notEqual(second, first);
  assert.deepEqual((await detail(id)).customShortLinks, [
    {
      link: first,
      creatorUnionId: "union-alice",
      coolAppCode: "cool-poll",
      extensionAppBizData: '{"user":"bob"}',
      useExtensionApp: true,
      clientId: "acme-app",
      at: t.clock.now(),
    },
    {
      link: second,
      creatorUnionId: "union-alice",
      coolAppCode: "cool-other",
      extensionAppBizData: "",
      useExtensionApp: false,
      clientId: "acme-app",
      at: t.clock.now(),
    },
  ]);
  const audit = expectOk(
    await control(t.app).call("GET", `${CONTROL}/scheduleConferences/${id}/audit`),
  ).entries;
  assert.deepEqual(
    audit.map((e: { operation: string; after: { link?: string } }) => [e.operation, e.after.link]),
    [
      ["CreateScheduleConference", undefined],
      ["CreateCustomShortLink", first],
      ["CreateCustomShortLink", second],
    ],
  );
});

test("CreateCustomShortLink refuses in its codes and changes nothing; another org gets noPermission", async () => {
  const token = await tokenFor(t.app);
  const other = await tokenFor(t.app, "globex-app");
  const bk = await book(token);
  const ok = {
    creatorUnionId: "union-alice",
    scheduleConferenceId: bk.scheduleConferenceId,
    coolAppCode: "c",
  };
  const cases: [string, Record<string, unknown>, number, string, string?][] = [
    [
      token,
      { ...ok, scheduleConferenceId: undefined },
      400,
      "scheduleConferenceIdError",
      "scheduleConferenceIdError: scheduleConferenceId is missing",
    ],
    [token, { ...ok, scheduleConferenceId: "nope" }, 400, "scheduleConferenceIdError"],
    [token, { ...ok, creatorUnionId: undefined }, 400, "creatorUidError"],
    [
      token,
      { ...ok, creatorUnionId: "union-bob" },
      400,
      "creatorUidError",
      "creatorUidError: only the creator can change this schedule conference",
    ],
    [token, { ...ok, creatorUnionId: "union-gina" }, 400, "userNotInOrg"],
    [token, { ...ok, coolAppCode: "" }, 400, "paramError", "PARAM ERROR: coolAppCode is missing"],
    [token, { ...ok, useExtensionApp: "yes" }, 400, "paramError"],
    [token, { ...ok, extensionAppBizData: "x".repeat(4097) }, 400, "paramError"],
    [other, { ...ok, creatorUnionId: "union-gina" }, 403, "noPermission"],
  ];
  for (const [tok, body, status, code, msg] of cases) {
    const before = await snapshot();
    expectError(await api(t.app, tok).call("POST", LINKS, body), status, code, msg);
    assert.equal(await snapshot(), before, `${code} changed the state`);
  }
  const cancel = { creatorUnionId: "union-alice", scheduleConferenceId: bk.scheduleConferenceId };
  expectOk(await api(t.app, token).call("POST", `${SCHEDULES}/cancel`, cancel));
  expectError(await api(t.app, token).call("POST", LINKS, ok), 400, "resourceCancel");
  assert.deepEqual((await detail(bk.scheduleConferenceId)).customShortLinks, []);
});
