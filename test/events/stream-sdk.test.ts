import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { api, buildTestApp, control, expectOk, type TestContext, tokenFor } from "../helpers/app.js";
import { conference, sdkClients } from "../helpers/sdk.js";
import { officialStreamClient, summary, until } from "../helpers/stream.js";

let ctx: TestContext;

before(async () => {
  ctx = await buildTestApp({ listen: true, realClock: true });
});
after(() => ctx.close());

const H = (token: string) => ({ xAcsDingtalkAccessToken: token });

test("DingTalk's own Stream client receives a scripted meeting's events through vconf's gateway", async () => {
  const stream = await officialStreamClient(ctx.url, "acme-app", "acme-secret");
  try {
    const token = await tokenFor(ctx.app);
    const { conf, runtime } = sdkClients(ctx.port);
    const created = await conf.createVideoConferenceWithOptions(
      new conference.CreateVideoConferenceRequest({ userId: "union-alice", confTitle: "Standup" }),
      new conference.CreateVideoConferenceHeaders(H(token)),
      runtime,
    );
    const id = created.body!.conferenceId!;
    const call = api(ctx.app, token);
    expectOk(
      await call.call("POST", `/v1.0/conference/videoConferences/${id}/users/invite`, {
        inviteeList: [{ unionId: "union-bob" }, { unionId: "union-carol" }],
      }),
    );
    expectOk(await control(ctx.app).join(id, "union-bob", { deviceType: "Android" }));
    expectOk(await control(ctx.app).join(id, "union-carol"));
    await conf.cohostsWithOptions(
      id,
      new conference.CohostsRequest({
        action: "add",
        userList: [new conference.CohostsRequestUserList({ unionId: "union-bob" })],
      }),
      new conference.CohostsHeaders(H(token)),
      runtime,
    );
    expectOk(
      await call.call("POST", `/v1.0/conference/videoConferences/${id}/members/kick`, {
        userList: [{ unionId: "union-carol" }],
      }),
    );
    expectOk(await control(ctx.app).leave(id, "union-bob"));
    await conf.closeVideoConferenceWithOptions(
      id,
      new conference.CloseVideoConferenceRequest({ unionId: "union-alice" }),
      new conference.CloseVideoConferenceHeaders(H(token)),
      runtime,
    );

    // Each change's general event, then its _target_push twin (acme-app created the meeting). The co-host
    // change takes number 5 but is an opt-in extension event: this subscriber sees a gap there.
    const expected = [
      ["meeting_status_change", "conference_created", 1],
      ["meeting_status_change_target_push", "conference_created", 1],
      ["meeting_member_status_change", "user_invited", 2],
      ["meeting_member_status_change_target_push", "user_invited", 2],
      ["meeting_member_status_change", "user_join", 3],
      ["meeting_member_status_change_target_push", "user_join", 3],
      ["meeting_member_status_change", "user_join", 4],
      ["meeting_member_status_change_target_push", "user_join", 4],
      ["meeting_member_status_change", "user_kicked", 6],
      ["meeting_member_status_change_target_push", "user_kicked", 6],
      ["meeting_member_status_change", "user_leave", 7],
      ["meeting_member_status_change_target_push", "user_leave", 7],
      ["meeting_status_change", "conference_closed", 8],
      ["meeting_status_change_target_push", "conference_closed", 8],
    ];
    await until(() => stream.received.length >= expected.length, 10_000, "14 events");
    await new Promise((r) => setTimeout(r, 200)); // nothing more arrives
    const byArrival = summary(stream.received);
    const sorted = [...byArrival].sort((a, b) => (a[2] as number) - (b[2] as number));
    assert.deepEqual(sorted, expected);
    assert.deepEqual(
      byArrival.filter((e) => !String(e[0]).endsWith("_target_push")).map((e) => e[2]),
      [1, 2, 3, 4, 6, 7, 8],
      "general events first sent in statusSeqNum order",
    );

    for (const f of stream.received) {
      for (const [k, v] of Object.entries(f.headers)) assert.equal(typeof v, "string", `header ${k}`);
      assert.equal(typeof f.data, "string");
      assert.equal(f.headers.topic, "*");
      assert.equal(f.headers.eventCorpId, "dingcorp-acme");
      assert.match(f.headers.eventId, /^[0-9a-f]{32}$/);
      assert.match(f.headers.eventUnifiedAppId, /^[0-9a-f-]{36}$/);
    }
    const ids = stream.received.map((f) => f.headers.eventId);
    assert.equal(new Set(ids).size, ids.length, "every event (and twin) has its own eventId");

    const at = (scene: string, seq: number) =>
      stream.received.find((f) => f.body.changeScene === scene && f.body.statusSeqNum === seq)!.body;
    const createdModel = at("conference_created", 1).openConfModel as Record<string, unknown>;
    assert.equal(createdModel.conferenceId, id);
    assert.equal(createdModel.title, "Standup");
    assert.equal(createdModel.status, 2);
    assert.equal(createdModel.creatorId, "union-alice");
    assert.equal(createdModel.creatorNick, "Alice");
    const invited = at("user_invited", 2).openMemberModels as Record<string, unknown>[];
    assert.deepEqual(
      invited.map((m) => [m.userId, m.attendStatus, m.host, m.coHost]),
      [
        ["union-bob", 1, false, false],
        ["union-carol", 1, false, false],
      ],
    );
    const bobJoined = (at("user_join", 3).openMemberModels as Record<string, unknown>[])[0];
    assert.equal(bobJoined.userId, "union-bob");
    assert.equal(bobJoined.attendStatus, 3);
    assert.equal(bobJoined.deviceType, "Android");
    assert.equal(typeof bobJoined.joinTime, "number");
    const kicked = (at("user_kicked", 6).openMemberModels as Record<string, unknown>[])[0];
    assert.deepEqual([kicked.userId, kicked.attendStatus], ["union-carol", 5]);
    const left = (at("user_leave", 7).openMemberModels as Record<string, unknown>[])[0];
    assert.deepEqual([left.userId, left.attendStatus, left.coHost], ["union-bob", 6, true], "state after");
    const closed = at("conference_closed", 8).openConfModel as Record<string, unknown>;
    assert.equal(closed.status, 1);
    assert.equal(typeof closed.endTime, "number");
    assert.equal(closed.attendNum, 2);
    assert.equal(closed.activeNum, 0);

    const outbox = expectOk(await control(ctx.app).call("GET", `/_vconf/v1/events?conferenceId=${id}`));
    assert.equal(outbox.events.length, 15, "7 changes × (general + twin), and the role change");
    const role = outbox.events.filter(
      (e: { eventType: string }) => e.eventType === "vconf_meeting_member_role_change",
    );
    assert.equal(role.length, 1);
    assert.deepEqual(role[0].deliveries, [], "nobody opted into the role-change extension");
  } finally {
    stream.close();
  }
});
