import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildTestApp, control, expectOk, type TestContext } from "../helpers/app.js";
import { conference, oauth2, sdkClients, sdkError } from "../helpers/sdk.js";

let ctx: TestContext;
let port: number;

before(async () => {
  ctx = await buildTestApp();
  await ctx.app.listen({ host: "127.0.0.1", port: 0 });
  port = (ctx.app.server.address() as { port: number }).port;
});
after(() => ctx.close());

function headers(token: string) {
  return {
    cohosts: new conference.CohostsHeaders({ xAcsDingtalkAccessToken: token }),
    create: new conference.CreateVideoConferenceHeaders({ xAcsDingtalkAccessToken: token }),
    members: new conference.QueryConferenceMembersHeaders({ xAcsDingtalkAccessToken: token }),
    info: new conference.QueryConferenceInfoHeaders({ xAcsDingtalkAccessToken: token }),
    close: new conference.CloseVideoConferenceHeaders({ xAcsDingtalkAccessToken: token }),
  };
}

async function sdkToken(appKey: string, appSecret: string) {
  const { oauth } = sdkClients(port);
  const res = await oauth.getAccessToken(new oauth2.GetAccessTokenRequest({ appKey, appSecret }));
  return res.body!.accessToken!;
}

test("the official SDK runs the co-host flow end to end", async () => {
  const { conf, oauth, runtime } = sdkClients(port);
  const tokenRes = await oauth.getAccessToken(
    new oauth2.GetAccessTokenRequest({ appKey: "acme-app", appSecret: "acme-secret" }),
  );
  assert.equal(tokenRes.statusCode, 200);
  assert.equal(tokenRes.body!.expireIn, 7200);
  const token = tokenRes.body!.accessToken!;
  const h = headers(token);

  const created = await conf.createVideoConferenceWithOptions(
    new conference.CreateVideoConferenceRequest({
      userId: "union-alice",
      confTitle: "SDK sync",
      inviteUserIds: ["union-bob"],
    }),
    h.create,
    runtime,
  );
  const id = created.body!.conferenceId!;
  assert.match(id, /^[0-9a-f]{24}$/);
  assert.match(created.body!.conferencePassword!, /^\d{10}$/);

  for (const who of ["union-bob", "union-carol"]) expectOk(await control(ctx.app).join(id, who));

  const added = await conf.cohostsWithOptions(
    id,
    new conference.CohostsRequest({
      action: "add",
      userList: [
        new conference.CohostsRequestUserList({ unionId: "union-bob" }),
        new conference.CohostsRequestUserList({ unionId: "union-carol" }),
      ],
    }),
    h.cohosts,
    runtime,
  );
  assert.equal(added.statusCode, 200);
  assert.equal(added.body!.success, true);

  const members = await conf.queryConferenceMembersWithOptions(
    id,
    new conference.QueryConferenceMembersRequest({ maxResults: 10 }),
    h.members,
    runtime,
  );
  const byId = new Map(members.body!.memberModels!.map((m) => [m.unionId, m]));
  assert.equal(members.body!.totalCount, 3);
  assert.equal(byId.get("union-alice")!.host, true);
  assert.equal(byId.get("union-bob")!.coHost, true);
  assert.equal(byId.get("union-bob")!.attendStatus, 3);
  assert.equal(byId.get("union-carol")!.coHost, true);

  await conf.cohostsWithOptions(
    id,
    new conference.CohostsRequest({
      action: "remove",
      userList: [new conference.CohostsRequestUserList({ unionId: "union-bob" })],
    }),
    h.cohosts,
    runtime,
  );
  const after = await conf.queryConferenceMembersWithOptions(
    id,
    new conference.QueryConferenceMembersRequest({}),
    h.members,
    runtime,
  );
  assert.equal(after.body!.memberModels!.find((m) => m.unionId === "union-bob")!.coHost, false);

  const info = await conf.queryConferenceInfoWithOptions(id, h.info, runtime);
  assert.equal(info.body!.confInfo!.activeNum, 2);
  assert.equal(info.body!.confInfo!.status, 2);

  const closed = await conf.closeVideoConferenceWithOptions(
    id,
    new conference.CloseVideoConferenceRequest({ unionId: "union-alice" }),
    h.close,
    runtime,
  );
  assert.equal(closed.body!.code, 200);
  assert.equal(closed.body!.cause, "success");
  const ended = await conf.queryConferenceInfoWithOptions(id, h.info, runtime);
  assert.equal(ended.body!.confInfo!.status, 1);
  assert.equal(typeof ended.body!.confInfo!.endTime, "number");
});

test("the SDK surfaces DingTalk's error codes", async () => {
  const { conf, runtime } = sdkClients(port);
  const token = await sdkToken("acme-app", "acme-secret");
  const id = (
    await conf.createVideoConferenceWithOptions(
      new conference.CreateVideoConferenceRequest({ userId: "union-alice", confTitle: "errors" }),
      headers(token).create,
      runtime,
    )
  ).body!.conferenceId!;
  const req = (action: string, unionId: string) =>
    new conference.CohostsRequest({ action, userList: [new conference.CohostsRequestUserList({ unionId })] });

  // The short method sends no token header.
  const missing = await sdkError(() => conf.cohosts(id, req("add", "union-bob")));
  assert.equal(missing.code, "AuthenticationFailed.MissingParameter");
  assert.equal(missing.statusCode, 400);

  const bad = await sdkError(() =>
    conf.cohostsWithOptions(id, req("add", "union-bob"), headers("nope").cohosts, runtime),
  );
  assert.equal(bad.code, "InvalidAuthentication");
  assert.equal(bad.statusCode, 400);

  const readerToken = await sdkToken("acme-reader", "reader-secret");
  const denied = await sdkError(() =>
    conf.cohostsWithOptions(id, req("add", "union-bob"), headers(readerToken).cohosts, runtime),
  );
  assert.equal(denied.code, "Forbidden.AccessDenied.AccessTokenPermissionDenied");
  assert.equal(denied.statusCode, 403);
  assert.deepEqual(denied.accessDeniedDetail, { requiredScopes: ["VideoConference.Conference.Write"] });

  const unknown = await sdkError(() =>
    conf.cohostsWithOptions(id, req("add", "union-nobody"), headers(token).cohosts, runtime),
  );
  assert.equal(unknown.code, "unknownUserError");
  assert.equal(unknown.statusCode, 400);

  const badAction = await sdkError(() =>
    conf.cohostsWithOptions(id, req("promote", "union-bob"), headers(token).cohosts, runtime),
  );
  assert.equal(badAction.code, "paramsError");
  assert.equal(badAction.statusCode, 400);
  assert.match(badAction.message, /error:action/);

  const empty = await sdkError(() =>
    conf.cohostsWithOptions("", req("add", "union-bob"), headers(token).cohosts, runtime),
  );
  assert.equal(empty.code, "paramsError");
  assert.match(empty.message, /conferenceId is missing/);

  // Nothing of the rejected calls changed the members.
  const members = await conf.queryConferenceMembersWithOptions(
    id,
    new conference.QueryConferenceMembersRequest({}),
    headers(token).members,
    runtime,
  );
  assert.deepEqual(
    members.body!.memberModels!.map((m) => [m.unionId, m.coHost]),
    [["union-alice", false]],
  );
});
