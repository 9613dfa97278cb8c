import type { BookingRow, ConferenceRow, MemberRow, Tx } from "../../store/store.js";
import { settingsOf } from "./instances.js";

/**
 * A booking's automatic cloud recording (spec-more section 9, `moziConfOpenRecordSetting`): with
 * `recordAutoStart: 1`, an admitted join starts it when, per `recordAutoStartType`, the joiner is the host
 * (0), a co-host (1) or anyone (2); the owner is `cloudRecordOwnerUnionId`, else the booking's creator; the
 * change log names app `system`.
 */
export function autoRecordOwner(bk: BookingRow, member: MemberRow): string | undefined {
  const s = settingsOf(bk);
  const rec = s.moziConfOpenRecordSetting;
  if (rec?.recordAutoStart !== 1) return undefined;
  const type = rec.recordAutoStartType ?? 0;
  const triggered = type === 2 || (type === 0 && member.host) || (type === 1 && member.coHost);
  if (!triggered) return undefined;
  return s.moziConfVirtualExtraSetting?.cloudRecordOwnerUnionId || bk.creatorId;
}

/**
 * The call site of the automatic start, in the join's transaction after the joiner is in. Cloud
 * recording itself is `ops-media`'s (`startCloudRecording(tx, conference, {owner, app, ...}, now)`); until
 * that is on this branch this records nothing. ops-media: call it here with `app: "system"`.
 */
export async function autoStartCloudRecording(
  _tx: Tx,
  bk: BookingRow,
  _conf: ConferenceRow,
  member: MemberRow,
  _now: number,
): Promise<string | undefined> {
  return autoRecordOwner(bk, member);
}
