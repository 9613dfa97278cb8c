import type { BookingRow, ConferenceRow, MemberRow, Tx } from "../../store/store.js";
import { startCloudRecording } from "../recordings/cloud-record.js";
import { loadMedia } from "../recordings/media.js";
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
 * Starts the booking's automatic cloud recording on this join when it triggers (`autoRecordOwner`), in the
 * join's transaction after the joiner is in, through cloud recording's own start (`ops-media`). Once per
 * instance: a meeting that has recorded before (a host who stopped it) is not restarted by a later join.
 * Returns the owner when it started a recording.
 */
export async function autoStartCloudRecording(
  tx: Tx,
  bk: BookingRow,
  conf: ConferenceRow,
  member: MemberRow,
  now: number,
): Promise<string | undefined> {
  const owner = autoRecordOwner(bk, member);
  if (!owner) return undefined;
  const media = await loadMedia(tx, conf.conferenceId);
  if (media.state.cloudRecord.sessions.length > 0) return undefined;
  const mode = settingsOf(bk).moziConfOpenRecordSetting?.mode;
  const started = await startCloudRecording(
    tx,
    conf,
    { owner, app: "system", ...(mode ? { mode } : {}) },
    now,
  );
  return started ? owner : undefined;
}
