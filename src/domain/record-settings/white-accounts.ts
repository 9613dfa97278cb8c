import { assert, fail, paramsError } from "../../errors.js";
import { ID_MAX, LIST_MAX } from "../../schemas/limits.js";
import type { WhiteAccountQuery } from "../../schemas/meeting-extras.js";
import type { Caller, Deps } from "../deps.js";

/** "云/本地录制": the two white lists an org has (docs/decisions.md, OptRecordWhiteAccount). */
export const BIZ_TYPES: readonly string[] = ["cloud_record", "local_record"];
/** settingRangeType: 1 the organization, 2 a department, 3 a user. */
export const RANGE_TYPES: readonly number[] = [1, 2, 3];
/** Entries one org's list of one bizType holds. */
export const WHITE_LIST_MAX = 1000;

const ADD = 1;
const REMOVE = 2;

interface Range {
  settingRangeId: string;
  settingRangeType: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Decodes and checks `requestBody` (it arrives as a JSON string in the query), naming the first problem. */
function decode(raw: string | undefined) {
  assert(raw !== undefined && raw !== "", "paramsError", "requestBody is missing");
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    doc = undefined;
  }
  assert(isObject(doc), "paramsError", "requestBody is not a JSON object");
  const { bizType, operation, unionId } = doc;
  const list = doc.settingRangeList ?? [];
  assert(bizType !== undefined, "paramsError", "requestBody.bizType is missing");
  assert(
    typeof bizType === "string" && BIZ_TYPES.includes(bizType),
    "paramsError",
    `requestBody.bizType must be one of ${BIZ_TYPES.join(", ")}`,
  );
  assert(
    operation === ADD || operation === REMOVE,
    "paramsError",
    "requestBody.operation must be 1 (add) or 2 (remove)",
  );
  assert(unionId !== undefined && unionId !== "", "paramsError", "requestBody.unionId is missing");
  assert(
    typeof unionId === "string" && unionId.length <= ID_MAX,
    "paramsError",
    "requestBody.unionId must be a string",
  );
  assert(Array.isArray(list), "paramsError", "requestBody.settingRangeList must be a list");
  assert(
    list.length <= LIST_MAX,
    "paramsError",
    `requestBody.settingRangeList must have at most ${LIST_MAX} entries`,
  );
  const ranges: Range[] = list.map((r: unknown, i: number) => {
    const at = `requestBody.settingRangeList[${i}]`;
    assert(isObject(r), "paramsError", `${at} must be an object`);
    const id = r.settingRangeId;
    assert(
      typeof id === "string" && id.length > 0 && id.length <= ID_MAX,
      "paramsError",
      `${at}.settingRangeId must be a non-empty string`,
    );
    assert(
      typeof r.settingRangeType === "number" && RANGE_TYPES.includes(r.settingRangeType),
      "paramsError",
      `${at}.settingRangeType must be one of ${RANGE_TYPES.join(", ")}`,
    );
    return { settingRangeId: id, settingRangeType: r.settingRangeType };
  });
  return { bizType, operation, unionId, ranges };
}

/**
 * `POST …/videoConferences/enterpriseSetting/record/whiteAccount?requestBody=<JSON>` (OptRecordWhiteAccount,
 * newest SDKs only): adds entries to, or removes them from, the org's cloud or local recording white list.
 * A body-less POST: its model travels JSON-encoded in the query. Kept per org and shown by the control
 * plane; it changes no other answer (vconf carries no media).
 */
export async function optRecordWhiteAccount(deps: Deps, caller: Caller, query: WhiteAccountQuery) {
  const req = decode(query.requestBody);
  return deps.store.transaction(async (tx) => {
    const operator = await tx.getUser(req.unionId);
    assert(operator, "unknownUserError");
    assert(operator.corpId === caller.corpId, "permissionError", "user is not in this organization");
    const users = await tx.getUsers(
      req.ranges.filter((r) => r.settingRangeType === 3).map((r) => r.settingRangeId),
    );
    req.ranges.forEach((r, i) => {
      const at = `requestBody.settingRangeList[${i}].settingRangeId`;
      if (r.settingRangeType === 1)
        assert(r.settingRangeId === caller.corpId, "paramsError", `${at} must be this organization's corpId`);
      if (r.settingRangeType === 3) {
        const user = users.get(r.settingRangeId);
        if (!user) throw fail("unknownUserError");
        assert(user.corpId === caller.corpId, "paramsError", `${at} is not a user of this organization`);
      }
    });
    const key = { corpId: caller.corpId, bizType: req.bizType };
    if (req.operation === REMOVE) {
      for (const r of req.ranges) await tx.removeRecordWhiteAccount({ ...key, ...r });
      return { code: "200" };
    }
    const now = deps.clock.now();
    const held = await tx.listRecordWhiteAccounts(caller.corpId, req.bizType);
    const has = new Set(held.map((w) => `${w.settingRangeType}:${w.settingRangeId}`));
    const fresh = new Set(req.ranges.map((r) => `${r.settingRangeType}:${r.settingRangeId}`));
    const added = [...fresh].filter((k) => !has.has(k)).length;
    if (held.length + added > WHITE_LIST_MAX)
      throw paramsError(`the ${req.bizType} white list holds at most ${WHITE_LIST_MAX} entries`);
    for (const r of req.ranges)
      await tx.addRecordWhiteAccount({ ...key, ...r, addedBy: req.unionId, addedAt: now });
    return { code: "200" };
  });
}

/** The control plane's view of an org's white lists: every entry, by bizType. */
export async function recordWhiteAccounts(deps: Deps, corpId: string) {
  return deps.store.transaction(
    async (tx) => {
      assert(await tx.getOrg(corpId), "vconf.NotFound", `no org ${corpId}`);
      const lists: Record<string, unknown[]> = {};
      for (const bizType of BIZ_TYPES) {
        lists[bizType] = (await tx.listRecordWhiteAccounts(corpId, bizType)).map(
          ({ settingRangeType, settingRangeId, addedBy, addedAt }) => ({
            settingRangeType,
            settingRangeId,
            addedBy,
            addedAt,
          }),
        );
      }
      return lists;
    },
    { readOnly: true },
  );
}
