import type { Snapshot } from "../schemas/emulator/snapshot.js";
import { BIZ_TYPES, RANGE_TYPES } from "../domain/record-settings/white-accounts.js";

/**
 * The snapshot checks of the stream/extInfo/MCU rows and the recording white list (beside
 * snapshot-check.ts): one extras row per conference, of a conference in the snapshot, stream ids unique
 * within it; white-list entries of an org, with the values OptRecordWhiteAccount writes, once each.
 */
export function extrasProblems(doc: Snapshot, conferences: Set<string>, orgs: Set<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  (doc.extras ?? []).forEach((e, i) => {
    const at = `extras[${i}]`;
    if (seen.has(e.conferenceId)) problems.push(`${at} repeats the conferenceId ${e.conferenceId}`);
    seen.add(e.conferenceId);
    if (!conferences.has(e.conferenceId))
      problems.push(`${at}.conferenceId ${e.conferenceId} is not a conference`);
    const ids = new Set<string>();
    e.streams.forEach((s, j) => {
      if (ids.has(s.streamId)) problems.push(`${at}.streams[${j}] repeats the streamId ${s.streamId}`);
      ids.add(s.streamId);
      if (s.state === "stopped" && s.stoppedAt === null)
        problems.push(`${at}.streams[${j}].stoppedAt null but the stream is stopped`);
    });
  });
  const keys = new Set<string>();
  (doc.recordWhiteAccounts ?? []).forEach((w, i) => {
    const at = `recordWhiteAccounts[${i}]`;
    const key = JSON.stringify([w.corpId, w.bizType, w.settingRangeType, w.settingRangeId]);
    if (keys.has(key)) problems.push(`${at} repeats an earlier entry`);
    keys.add(key);
    if (!orgs.has(w.corpId)) problems.push(`${at}.corpId ${w.corpId} is not an org`);
    if (!BIZ_TYPES.includes(w.bizType))
      problems.push(`${at}.bizType ${w.bizType} is not one of ${BIZ_TYPES.join(", ")}`);
    if (!RANGE_TYPES.includes(w.settingRangeType))
      problems.push(`${at}.settingRangeType ${w.settingRangeType} is not one of ${RANGE_TYPES.join(", ")}`);
  });
  return problems;
}
