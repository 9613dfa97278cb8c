import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildTestApp, control, createConference, expectOk, type TestContext } from "../helpers/app.js";
import { extrasOf } from "../helpers/extras.js";
import { conference, oauth2, sdkClients, sdkError } from "../helpers/sdk.js";

let ctx: TestContext;
let port: number;

before(async () => {
  ctx = await buildTestApp({ listen: true });
  port = (ctx.app.server.address() as { port: number }).port;
});
after(() => ctx.close());

const auth = <T>(H: new (m: { xAcsDingtalkAccessToken: string }) => T, token: string) =>
  new H({ xAcsDingtalkAccessToken: token });

test("the official SDK: extInfo without a body, subtitle events on and off, streams pushed and stopped", async () => {
  const { conf, oauth, runtime } = sdkClients(port);
  const token = (
    await oauth.getAccessToken(
      new oauth2.GetAccessTokenRequest({ appKey: "acme-app", appSecret: "acme-secret" }),
    )
  ).body!.accessToken!;
  const id = await createConference(ctx.app, token);
  expectOk(await control(ctx.app).join(id, "union-alice"));

  const ext = await conf.updateVideoConferenceExtInfoWithOptions(
    id,
    auth(conference.UpdateVideoConferenceExtInfoHeaders, token),
    runtime,
  );
  assert.equal(ext.statusCode, 200);
  assert.deepEqual({ ...ext.body }, { case: "success", code: "200" });

  const sub = await conf.setSubtitleEventWithOptions(
    id,
    new conference.SetSubtitleEventRequest({ enable: true }),
    auth(conference.SetSubtitleEventHeaders, token),
    runtime,
  );
  assert.equal(sub.body!.success, true);
  assert.deepEqual((await extrasOf(ctx.app, id)).subtitleApps, ["acme-app"]);

  const started = await conf.startStreamOutWithOptions(
    id,
    new conference.StartStreamOutRequest({
      unionId: "union-alice",
      needHostJoin: true,
      streamUrlList: ["rtmp://live.example/app/1", "srt://nope"],
      streamName: "town hall",
      mode: "speech",
      smallWindowPosition: "float_bottom",
    }),
    auth(conference.StartStreamOutHeaders, token),
    runtime,
  );
  const liveId = started.body!.successStreamMap!["rtmp://live.example/app/1"] as string;
  assert.match(liveId, /^[0-9a-f]{24}$/);
  assert.deepEqual(started.body!.failStreamMap, { "srt://nope": "stream url must start with rtmp" });

  const stopped = await conf.stopStreamOutWithOptions(
    id,
    new conference.StopStreamOutRequest({ streamId: liveId, stopAllStream: false, unionId: "union-alice" }),
    auth(conference.StopStreamOutHeaders, token),
    runtime,
  );
  assert.equal(stopped.body!.code, "200");
  assert.equal((await extrasOf(ctx.app, id)).streams[0].state, "stopped");

  const err = await sdkError(() =>
    conf.stopStreamOutWithOptions(
      id,
      new conference.StopStreamOutRequest({
        streamId: "f".repeat(24),
        stopAllStream: false,
        unionId: "union-alice",
      }),
      auth(conference.StopStreamOutHeaders, token),
      runtime,
    ),
  );
  assert.equal(err.code, "paramsError");
  assert.equal(err.statusCode, 400);
});
