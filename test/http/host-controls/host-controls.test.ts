import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { api, CONF, createConference, expectError, expectOk, tokenFor } from "../../helpers/app.js";
import { hc, meeting, unchangedBy, type Meeting } from "../../helpers/host-controls.js";

/** Every host-control write, with a body that succeeds on a meeting where alice, bob and carol are in. */
const writes: { op: string; method: "POST" | "PUT"; path: string; body: Record<string, unknown> }[] = [
  {
    op: "MuteMembers",
    method: "POST",
    path: "/members/mute",
    body: { action: "mute", userList: [{ unionId: "union-bob" }] },
  },
  { op: "MuteAll", method: "POST", path: "/allMembers/mute", body: { action: "mute", forceMute: true } },
  {
    op: "KickMembers",
    method: "POST",
    path: "/members/kick",
    body: { userList: [{ unionId: "union-bob" }] },
  },
  { op: "Focus", method: "POST", path: "/focus", body: { action: "focus", unionId: "union-bob" } },
  { op: "LockConference", method: "POST", path: "/lock", body: { action: "lock" } },
  {
    op: "InviteUsers",
    method: "POST",
    path: "/users/invite",
    body: { inviteeList: [{ unionId: "union-dave", nick: "D" }] },
  },
  { op: "UpdateVideoConferenceSetting", method: "PUT", path: "", body: { lockConference: true } },
];

let m: Meeting;
let globex: string;
let reader: string;
before(async () => {
  m = await meeting(["union-alice", "union-bob", "union-carol"]);
  globex = await tokenFor(m.app, "globex-app");
  reader = await tokenFor(m.app, "acme-reader");
});
after(() => m.close());

const send = (token: string | undefined, method: "POST" | "PUT", url: string, payload: unknown) =>
  m.app.inject({
    method,
    url,
    headers: token === undefined ? {} : { "x-acs-dingtalk-access-token": token },
    payload: payload as object,
  });

for (const w of writes) {
  describe(`${w.op}: section 6 answers`, () => {
    test("succeeds and logs the change with the SDK action name", async () => {
      const id = await createConference(m.app, m.token);
      for (const u of ["union-alice", "union-bob", "union-carol"]) expectOk(await m.c.join(id, u));
      const res = await send(m.token, w.method, `${CONF}/${id}${w.path}`, w.body);
      const body = expectOk(res);
      if (w.op === "UpdateVideoConferenceSetting") assert.deepEqual(body, { case: "success", code: "200" });
      else assert.deepEqual(body, { success: true });
      const entries = expectOk(await m.c.audit(id)).entries as { operation: string }[];
      assert.equal(entries.at(-1)!.operation, w.op);
    });

    test("gateway: no token, then a token without the Write scope", async () => {
      expectError(
        await send(undefined, w.method, `${CONF}/${m.id}${w.path}`, w.body),
        400,
        "AuthenticationFailed.MissingParameter",
      );
      const denied = expectError(
        await send(reader, w.method, `${CONF}/${m.id}${w.path}`, w.body),
        403,
        "Forbidden.AccessDenied.AccessTokenPermissionDenied",
      );
      assert.deepEqual(denied.accessdenieddetail, { requiredScopes: ["VideoConference.Conference.Write"] });
    });

    test("missing, unknown, other-org and ended conferences; nothing changes", async () => {
      const empty = w.method === "PUT" ? `${CONF}/` : `${CONF}/${w.path}`;
      expectError(
        await send(m.token, w.method, empty, w.body),
        400,
        "paramsError",
        "error:conferenceId is missing",
      );
      expectError(
        await send(m.token, w.method, `${CONF}/0123456789abcdef01234567${w.path}`, w.body),
        400,
        "paramsError",
        "error:conference not found",
      );
      await unchangedBy(m.app, m.token, m.id, async () =>
        expectError(
          await send(globex, w.method, `${CONF}/${m.id}${w.path}`, w.body),
          400,
          "permissionError",
          "permissionError:no right to operate this meeting",
        ),
      );
      const ended = await createConference(m.app, m.token);
      expectOk(await api(m.app, m.token).close(ended, "union-alice"));
      await unchangedBy(m.app, m.token, ended, async () =>
        expectError(
          await send(m.token, w.method, `${CONF}/${ended}${w.path}`, w.body),
          400,
          "confClosed",
          "confClosed",
        ),
      );
    });

    test("a body that is not a JSON object is Missingbody", async () => {
      const res = await m.app.inject({
        method: w.method,
        url: `${CONF}/${m.id}${w.path}`,
        headers: { "x-acs-dingtalk-access-token": m.token, "content-type": "application/json" },
        payload: "[1,2]",
      });
      expectError(res, 400, "Missingbody", "body is mandatory for this action");
    });
  });
}

describe("field validation names the field and changes nothing", () => {
  const cases: [string, string, unknown, RegExp][] = [
    ["MuteMembers", "/members/mute", { userList: [{ unionId: "union-bob" }] }, /^error:action is missing$/],
    [
      "MuteMembers",
      "/members/mute",
      { action: "silence", userList: [{ unionId: "union-bob" }] },
      /^error:action must be one of mute, un_mute$/,
    ],
    ["MuteMembers", "/members/mute", { action: "mute" }, /^error:userList is missing$/],
    ["MuteMembers", "/members/mute", { action: "mute", userList: [] }, /^error:userList must not be empty$/],
    [
      "MuteMembers",
      "/members/mute",
      { action: "mute", userList: [{ unionId: "" }] },
      /^error:userList\[0\]\.unionId must be a non-empty string$/,
    ],
    [
      "MuteMembers",
      "/members/mute",
      { action: "mute", userList: [{ unionId: 7 }] },
      /^error:userList\[0\]\.unionId must be string$/,
    ],
    [
      "MuteMembers",
      "/members/mute",
      { action: "mute", userList: [{ unionId: "union-bob", participantId: 3 }] },
      /participantId must be string/,
    ],
    [
      "MuteMembers",
      "/members/mute",
      { action: "mute", userList: [{ unionId: "union-bob" }, { unionId: "union-carol" }] },
      /^error:userList must name exactly one user$/,
    ],
    ["MuteAll", "/allMembers/mute", { forceMute: true }, /^error:action is missing$/],
    [
      "MuteAll",
      "/allMembers/mute",
      { action: "mute", forceMute: "yes" },
      /^error:forceMute must be boolean$/,
    ],
    ["KickMembers", "/members/kick", { forbiddenRejoin: true }, /^error:userList is missing$/],
    [
      "KickMembers",
      "/members/kick",
      { userList: [{ nick: "x" }] },
      /^error:userList\[0\]\.unionId is missing$/,
    ],
    [
      "KickMembers",
      "/members/kick",
      { userList: [{ unionId: "union-bob" }], forbiddenRejoin: 1 },
      /^error:forbiddenRejoin must be boolean$/,
    ],
    ["Focus", "/focus", { unionId: "union-bob" }, /^error:action is missing$/],
    ["Focus", "/focus", { action: "focus" }, /^error:unionId is missing$/],
    [
      "Focus",
      "/focus",
      { action: "zoom", unionId: "union-bob" },
      /^error:action must be one of focus, un_focus$/,
    ],
    ["LockConference", "/lock", {}, /^error:action is missing$/],
    ["LockConference", "/lock", { action: "close" }, /^error:action must be one of lock, unlock$/],
    ["InviteUsers", "/users/invite", {}, /^error:inviteeList and phoneInviteeList are both empty$/],
    [
      "InviteUsers",
      "/users/invite",
      { inviteeList: [] },
      /^error:inviteeList and phoneInviteeList are both empty$/,
    ],
    [
      "InviteUsers",
      "/users/invite",
      { inviteeList: [{ nick: "x" }] },
      /^error:inviteeList\[0\]\.unionId is missing$/,
    ],
    [
      "InviteUsers",
      "/users/invite",
      { phoneInviteeList: [{ phoneNumber: "12345" }] },
      /^error:phoneInviteeList\[0\]\.nick is missing$/,
    ],
    [
      "InviteUsers",
      "/users/invite",
      { phoneInviteeList: [{ phoneNumber: "call me", nick: "x" }] },
      /^error:phoneInviteeList\[0\]\.phoneNumber is not a phone number$/,
    ],
    [
      "InviteUsers",
      "/users/invite",
      { unionId: "", inviteeList: [{ unionId: "union-dave" }] },
      /^error:unionId must be a non-empty string$/,
    ],
    ["UpdateVideoConferenceSetting", "", { muteAll: "true" }, /^error:muteAll must be boolean$/],
    [
      "UpdateVideoConferenceSetting",
      "",
      { lockConference: true, allowUnmuteSelf: 0 },
      /^error:allowUnmuteSelf must be boolean$/,
    ],
  ];
  for (const [op, path, body, message] of cases) {
    test(`${op} ${JSON.stringify(body)}`, async () => {
      const method = op === "UpdateVideoConferenceSetting" ? "PUT" : "POST";
      await unchangedBy(m.app, m.token, m.id, async () =>
        expectError(await send(m.token, method, `${CONF}/${m.id}${path}`, body), 400, "paramsError", message),
      );
    });
  }
});

describe("unknown unionIds fail the whole request with unknownUserError and change nothing", () => {
  const cases: [string, string, unknown][] = [
    ["MuteMembers", "/members/mute", { action: "mute", userList: [{ unionId: "union-nobody" }] }],
    ["KickMembers", "/members/kick", { userList: [{ unionId: "union-bob" }, { unionId: "union-nobody" }] }],
    ["Focus", "/focus", { action: "focus", unionId: "union-nobody" }],
    ["Focus", "/focus", { action: "un_focus", unionId: "union-nobody" }],
    [
      "InviteUsers",
      "/users/invite",
      { inviteeList: [{ unionId: "union-dave" }, { unionId: "union-nobody" }] },
    ],
    ["InviteUsers", "/users/invite", { unionId: "union-nobody", inviteeList: [{ unionId: "union-dave" }] }],
  ];
  for (const [op, path, body] of cases) {
    test(`${op} ${JSON.stringify(body)}`, async () => {
      await unchangedBy(m.app, m.token, m.id, async () =>
        expectError(
          await send(m.token, "POST", `${CONF}/${m.id}${path}`, body),
          400,
          "unknownUserError",
          "unknownUserError",
        ),
      );
    });
  }
});

test("unknown fields at the top level and in list entries are ignored", async () => {
  const id = await createConference(m.app, m.token);
  for (const u of ["union-alice", "union-bob"]) expectOk(await m.c.join(id, u));
  const h = hc(m.app, m.token);
  expectOk(await h.mute(id, { action: "mute", userList: [{ unionId: "union-bob", extra: 1 }], more: true }));
  expectOk(await h.lock(id, { action: "lock", why: "x" }));
  expectOk(await h.settings(id, { lockConference: false, somethingElse: 3 }));
  expectOk(await h.invite(id, { inviteeList: [{ unionId: "union-dave", x: 1 }], y: 2 }));
});
