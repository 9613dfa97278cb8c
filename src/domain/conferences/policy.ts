import { assert } from "../../errors.js";
import type { ConferenceRow, MemberRow, Tx } from "../../store/store.js";
import type { Caller } from "../deps.js";

/**
 * Who may do what, as small predicates. The gateway checks scopes; these are the conference rules of
 * spec section 6.
 */
export const policy = {
  sameOrg: (caller: Caller, conf: ConferenceRow) => caller.corpId === conf.corpId,
  ended: (conf: ConferenceRow) => conf.status === 1,
  pending: (conf: ConferenceRow) => conf.status === 0,
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
  assert(conferenceId, "paramsError", "conferenceId is missing");
  const conf = await tx.getConference(conferenceId, true);
  assert(conf, "paramsError", "conference not found");
  assert(policy.sameOrg(caller, conf), "permissionError");
  assert(!policy.ended(conf), endedCode);
  // A booking's pending instance (status 0) exists before anyone joined; nothing acts on it yet
  // (spec-more section 0, "Not yet started").
  assert(!policy.pending(conf), "paramsError", "the meeting has not started");
  return conf;
}

/** The conference a read call shows; vconf's answers for missing, unknown and other-org ids. */
export async function readableConference(
  tx: Tx,
  caller: Caller,
  conferenceId: string,
): Promise<ConferenceRow> {
  assert(conferenceId, "missingRoomId");
  const conf = await tx.getConference(conferenceId);
  assert(conf, "roomNotFound");
  assert(policy.sameOrg(caller, conf), "noPermission");
  return conf;
}
