/**
 * The store's layers (src/stack.ts): a change committed through any path — a DingTalk call, the control
 * plane, or domain code on `deps.store` outside HTTP — is both in the outbox (written in its
 * transaction) and on the console's live bus (after it is durable); a refused change is in neither.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { joinConference } from "../../src/emulator/attendees.js";
import type { LiveNotice } from "../../src/emulator/live-bus.js";
import {
  buildTestApp,
  control,
  createConference,
  expectError,
  expectOk,
  type TestContext,
  tokenFor,
} from "../helpers/app.js";

let ctx: TestContext;
let token: string;
const notices: LiveNotice[] = [];

before(async () => {
  ctx = await buildTestApp();
  token = await tokenFor(ctx.app);
  ctx.live.subscribe((n) => notices.push(n));
});
after(() => ctx.close());

const scenes = async (conferenceId: string) => {
  const { events } = expectOk(
    await control(ctx.app).call("GET", `/_vconf/v1/events?conferenceId=${conferenceId}&limit=1000`),
  ) as { events: { eventType: string; payload: { changeScene?: string } }[] };
  return events
    .filter((e) => !e.eventType.endsWith("_target_push"))
    .map((e) => `${e.eventType} ${e.payload.changeScene}`);
};
const touched = (conferenceId: string) =>
  notices.filter((n) => n.topic === "changes" && n.kind === "conference" && n.conferenceId === conferenceId)
    .length;

test("a DingTalk call, a control-plane call and a domain call: each in the outbox and on the live bus", async () => {
  const id = await createConference(ctx.app, token, []);
  assert.deepEqual(await scenes(id), ["meeting_status_change conference_created"]);
  assert.equal(touched(id), 1, "the create is on the live bus");

  expectOk(await control(ctx.app).call("POST", `/_vconf/v1/conferences/${id}/attendees/union-bob/join`, {}));
  assert.deepEqual((await scenes(id)).slice(1), ["meeting_member_status_change user_join"]);
  assert.equal(touched(id), 2, "the control plane's join is on the live bus");

  // Domain code on deps.store, as a timer or another part of the process would call it.
  await joinConference(ctx.deps, id, "union-carol");
  assert.deepEqual((await scenes(id)).slice(2), ["meeting_member_status_change user_join"]);
  assert.equal(touched(id), 3, "a change outside HTTP is on the live bus");
});

test("a refused change is in neither", async () => {
  const id = await createConference(ctx.app, token, []);
  const before = { scenes: await scenes(id), touched: touched(id) };
  expectError(
    await control(ctx.app).call("POST", `/_vconf/v1/conferences/${id}/attendees/union-nobody/join`, {}),
    400,
    "unknownUserError",
  );
  assert.deepEqual(await scenes(id), before.scenes);
  assert.equal(touched(id), before.touched);
});
