import type { ConferenceRow, MemberRow, Tx } from "../../store/store.js";
import type { Caller } from "../deps.js";

/**
 * The change log: every change to a conference or a member is written together with one change-log row,
 * in the caller's transaction, through the functions here (`recordChange` is the one place a row is made).
 */

/** A member's state as recorded in the change log (before/after). */
export function memberState(m: MemberRow | undefined) {
  if (!m) return null;
  return {
    host: m.host,
    coHost: m.coHost,
    attendStatus: m.attendStatus,
    micStatus: m.micStatus,
    cameraStatus: m.cameraStatus,
    forbiddenRejoin: m.forbiddenRejoin,
  };
}

/** The conference fields host controls change, as the change log records them. */
export function conferenceState(c: ConferenceRow) {
  return {
    locked: c.locked,
    muteAll: c.muteAll,
    forceMute: c.forceMute,
    onlyInternal: c.onlyInternal,
    autoTransferHost: c.autoTransferHost,
    forbiddenShareScreen: c.forbiddenShareScreen,
    focusUnionId: c.focusUnionId,
  };
}

type ConfState = ReturnType<typeof conferenceState>;

/** Appends one change-log row for `conferenceId`, made by `who` (a caller, or a control-plane actor). */
export async function recordChange(
  tx: Tx,
  who: Caller | string,
  change: {
    conferenceId: string;
    operation: string;
    target: string;
    before: unknown;
    after: unknown;
    at: number;
  },
): Promise<void> {
  await tx.appendChange({ ...change, app: typeof who === "string" ? who : who.clientKey });
}

/** Writes `after` and appends its change-log row, in the caller's transaction. */
export async function saveMember(
  tx: Tx,
  who: Caller | string,
  operation: string,
  before: MemberRow | undefined,
  after: MemberRow,
  at: number,
): Promise<void> {
  await tx.putMember(after);
  await recordChange(tx, who, {
    conferenceId: after.conferenceId,
    operation,
    target: after.unionId,
    before: memberState(before),
    after: memberState(after),
    at,
  });
}

/**
 * Writes `after` and appends one change-log row (target: the conference id) holding only the fields
 * that changed; writes nothing when nothing changed. Returns whether it wrote.
 */
export async function saveConference(
  tx: Tx,
  who: Caller | string,
  operation: string,
  before: ConferenceRow,
  after: ConferenceRow,
  at: number,
): Promise<boolean> {
  const b = conferenceState(before);
  const a = conferenceState(after);
  const keys = (Object.keys(a) as (keyof ConfState)[]).filter((k) => a[k] !== b[k]);
  if (keys.length === 0) return false;
  await tx.updateConference(after);
  await recordChange(tx, who, {
    conferenceId: after.conferenceId,
    operation,
    target: after.conferenceId,
    before: Object.fromEntries(keys.map((k) => [k, b[k]])),
    after: Object.fromEntries(keys.map((k) => [k, a[k]])),
    at,
  });
  return true;
}
