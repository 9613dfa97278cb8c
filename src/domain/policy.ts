import { fail, paramsError } from "../errors.js";
import type { ConferenceRow, MemberRow, Tx } from "../store/store.js";
import type { Caller } from "./deps.js";

/**
 * Who may do what, as small predicates. The gateway checks scopes; these are the conference rules of
 * spec section 6.
 */
export const policy = {
  sameOrg: (caller: Caller, conf: ConferenceRow) => caller.corpId === conf.corpId,
  ended: (conf: ConferenceRow) => conf.status === 1,
  isHost: (m: MemberRow | undefined) => !!m?.host,
  isCoHost: (m: MemberRow | undefined) => !!m?.coHost,
  /** Host or co-host: exempt from mute-all. */
  isModerator: (m: MemberRow | undefined) => !!m && (m.host || m.coHost),
  inMeeting: (m: MemberRow | undefined) => m?.attendStatus === 3,
  canClose: (m: MemberRow | undefined) => !!m?.host,
  canBeCoHost: (m: MemberRow | undefined) => !m?.host,
};

/**
 * The conference a write call acts on, locked for the rest of the transaction; DingTalk's answers for a
 * missing, unknown, other-org or ended conference (spec section 6).
 */
export async function writableConference(
  tx: Tx,
  caller: Caller,
  conferenceId: string,
  endedCode: "confClosed" | "resourceClose" | "roomClosed" = "confClosed",
): Promise<ConferenceRow> {
  if (!conferenceId) throw paramsError("conferenceId is missing");
  const conf = await tx.getConference(conferenceId, true);
  if (!conf) throw paramsError("conference not found");
  if (!policy.sameOrg(caller, conf))
    throw fail("permissionError", "permissionError:no right to operate this meeting");
  if (policy.ended(conf)) throw fail(endedCode);
  return conf;
}

/** The conference a read call shows; vconf's answers for missing, unknown and other-org ids. */
export async function readableConference(
  tx: Tx,
  caller: Caller,
  conferenceId: string,
): Promise<ConferenceRow> {
  if (!conferenceId) throw fail("missingRoomId");
  const conf = await tx.getConference(conferenceId);
  if (!conf) throw fail("roomNotFound");
  if (!policy.sameOrg(caller, conf)) throw fail("noPermission");
  return conf;
}
