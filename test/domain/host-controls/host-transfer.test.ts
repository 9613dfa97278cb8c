import assert from "node:assert/strict";
import { test } from "node:test";
import { successor } from "../../../src/domain/host-controls/host-transfer.js";
import type { MemberRow } from "../../../src/store/store.js";

const member = (unionId: string, seq: number, over: Partial<MemberRow>): MemberRow => ({
  conferenceId: "c",
  unionId,
  seq,
  userNick: unionId,
  host: false,
  coHost: true,
  attendStatus: 3,
  joinTime: 0,
  leaveTime: null,
  duration: 0,
  outerOrgMember: false,
  pstnJoin: false,
  micStatus: 2,
  cameraStatus: 2,
  forbiddenRejoin: false,
  coHostSince: 0,
  deviceType: null,
  ...over,
});

test("successor: the co-host present as co-host the longest, then list order", () => {
  const early = member("early-cohost-late-join", 1, { coHostSince: 10, joinTime: 50 });
  const mid = member("mid", 2, { coHostSince: 30, joinTime: 20 });
  assert.equal(successor([early, mid])!.unionId, "mid");
  const tie = member("tie", 0, { coHostSince: 30, joinTime: 5 });
  assert.equal(successor([mid, tie])!.unionId, "tie");
});

test("successor: only co-hosts in the meeting qualify", () => {
  const away = member("away", 1, { attendStatus: 6, coHostSince: 0 });
  const plain = member("plain", 2, { coHost: false });
  assert.equal(successor([away, plain]), undefined);
  const here = member("here", 3, { coHostSince: 99, joinTime: 99 });
  assert.equal(successor([away, plain, here])!.unionId, "here");
});
