import { ApiError, fail, paramsError } from "../../errors.js";
import type { ConferenceRow, Tx } from "../../store/store.js";
import type { Caller } from "../deps.js";
import { policy } from "../conferences/policy.js";

/** E-REC's other-org / may-not-see answer: 404 permissionError (spec more §0, §4). */
const noRight = () => new ApiError("permissionError", 404, "permissionError:no right to view this record");

/** The conference a cloud-record read shows (E-REC: paramsError for missing and unknown ids). */
export async function recordConference(tx: Tx, caller: Caller, conferenceId: string) {
  if (!conferenceId) throw paramsError("conferenceId is missing");
  const conf = await tx.getConference(conferenceId);
  if (!conf) throw paramsError("conference not found");
  if (!policy.sameOrg(caller, conf)) throw noRight();
  return conf;
}

/**
 * Whether `unionId` may read the meeting's records: a user of the meeting's org or one of its members
 * (vconf decision, spec more §4). Unknown users get unknownUserError; the refusal is `refuse()`.
 */
export async function checkRequester(
  tx: Tx,
  conf: ConferenceRow,
  unionId: string,
  refuse: () => ApiError,
): Promise<void> {
  const user = await tx.getUser(unionId);
  if (!user) throw fail("unknownUserError");
  if (user.corpId === conf.corpId) return;
  if (!(await tx.getMember(conf.conferenceId, unionId))) throw refuse();
}

/** The E-REC requester check; `unionId` is required unless `optional`. */
export async function recordRequester(
  tx: Tx,
  conf: ConferenceRow,
  unionId: string | undefined,
  optional = false,
) {
  if (!unionId) {
    if (optional) return;
    throw paramsError("unionId is missing");
  }
  await checkRequester(tx, conf, unionId, noRight);
}
