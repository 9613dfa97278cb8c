import type { ConferenceRow, MemberRow, Tx } from "../../store/store.js";
import { saveConference, saveMember } from "../conferences/change-log.js";

/** When a co-host has been a co-host in the meeting since: the later of becoming co-host and joining. */
const presentCoHostSince = (m: MemberRow) => Math.max(m.coHostSince ?? 0, m.joinTime ?? 0);

/**
 * The co-host who takes over when the host leaves: among co-hosts in the meeting now, the one who has
 * been a co-host in the meeting the longest (earliest `max(coHostSince, joinTime)`), then list order.
 */
export function successor(members: MemberRow[]): MemberRow | undefined {
  return members
    .filter((m) => m.coHost && m.attendStatus === 3)
    .sort((a, b) => presentCoHostSince(a) - presentCoHostSince(b) || a.seq - b.seq)[0];
}

/**
 * What a member leaving the meeting (attendee leave) sets off, after their own row is saved as `left`:
 * with autoTransferHost on and the host leaving, the successor co-host becomes host (no longer co-host)
 * and the leaver stops being host; a focused member who leaves loses the focus. Each change is logged
 * with `operation`; a host who leaves with no co-host present stays host.
 */
export async function afterLeave(
  tx: Tx,
  who: string,
  operation: string,
  conf: ConferenceRow,
  left: MemberRow,
  now: number,
): Promise<void> {
  if (conf.focusUnionId === left.unionId) {
    await saveConference(tx, who, operation, conf, { ...conf, focusUnionId: null }, now);
  }
  if (!left.host || !conf.autoTransferHost) return;
  const next = successor(await tx.listMembersWithStatus(conf.conferenceId, [3]));
  if (!next) return;
  await saveMember(tx, who, "AutoTransferHost", left, { ...left, host: false }, now);
  await saveMember(
    tx,
    who,
    "AutoTransferHost",
    next,
    { ...next, host: true, coHost: false, coHostSince: null },
    now,
  );
}
