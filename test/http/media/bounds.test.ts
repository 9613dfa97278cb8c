/**
 * Bounded inputs of the media operations (as test/http/input-bounds.test.ts for the others): every body
 * string and list has a bound; one over it is the endpoint's 400 and changes nothing.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import {
  api,
  freshApps,
  CONF,
  control,
  createConference,
  expectError,
  expectOk,
  tokenFor,
  snapshotOf,
} from "../../helpers/app.js";

const fresh = freshApps();

test("media body strings and lists over their bounds are refused and change nothing", async () => {
  const ctx = await fresh();
  const token = await tokenFor(ctx.app);
  const id = await createConference(ctx.app, token, ["union-bob"]);
  expectOk(await control(ctx.app).join(id, "union-alice"));
  const a = api(ctx.app, token);
  const long = "u".repeat(129);
  const at = (path: string) => `${CONF}/${id}/${path}`;
  const cases: [string, () => Promise<LightMyRequestResponse>, string, string][] = [
    [
      "StartCloudRecord unionId",
      () => a.call("POST", at("cloudRecords/start"), { unionId: long }),
      "paramsError",
      "error:unionId must NOT have more than 128 characters",
    ],
    [
      "StartCloudRecord mode",
      () => a.call("POST", at("cloudRecords/start"), { unionId: "union-alice", mode: "m".repeat(257) }),
      "paramsError",
      "error:mode must NOT have more than 256 characters",
    ],
    [
      "StopCloudRecord unionId",
      () => a.call("POST", at("cloudRecords/stop"), { unionId: long }),
      "paramsError",
      "error:unionId must NOT have more than 128 characters",
    ],
    [
      "StartMinutes ownerUnionId",
      () => a.call("POST", at("minutes/start"), { unionId: "union-alice", ownerUnionId: long }),
      "paramsError",
      "error:ownerUnionId must NOT have more than 128 characters",
    ],
    [
      "AddRecordPermission bizType",
      () =>
        a.call("POST", at("flashMinutes/recordPermissions"), {
          bizType: "b".repeat(129),
          ownerUnionId: "union-alice",
          unionId: "union-bob",
        }),
      "paramsError",
      "error:bizType must NOT have more than 128 characters",
    ],
    [
      "QueryMinutesSummary summaryTypeList",
      () =>
        a.call("POST", at("minutes/summaries/query"), {
          unionId: "union-alice",
          summaryTypeList: Array.from({ length: 21 }, () => "keywords"),
        }),
      "paramError",
      "PARAM ERROR: summaryTypeList must have at most 20 entries",
    ],
    [
      "GetUserLastMetric unionIdList",
      () =>
        a.call("POST", at("lastMetricDatas/query"), {
          unionIdList: Array.from({ length: 1001 }, (_, i) => `u${i}`),
        }),
      "paramError",
      "PARAM ERROR: unionIdList must have at most 1000 entries",
    ],
  ];
  for (const [what, send, code, message] of cases) {
    const before = JSON.stringify(await snapshotOf(ctx.app));
    const res = await send();
    assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
    expectError(res, 400, code, message);
    const after = JSON.stringify(await snapshotOf(ctx.app));
    assert.equal(after, before, `${what} changed the state`);
  }
});
