import { assert } from "../../errors.js";
import type { StoredSettings } from "../../schemas/schedule-settings.js";
import type { BookingRow, ConferenceRow, Tx } from "../../store/store.js";
import { recordChange, saveConference, saveMember } from "../conferences/change-log.js";
import { newConferenceId } from "../conferences/ids.js";
import { newMember } from "../conferences/members.js";
import { randomDigits } from "../identity/secrets.js";

export const settingsOf = (bk: BookingRow): StoredSettings => bk.settings;
export const hostOf = (bk: BookingRow) => settingsOf(bk).hostUnionId ?? bk.creatorId;

/** A 9-digit room code no stored booking or conference has (spec-more section 0: never reused). */
export async function uniqueRoomCode(tx: Tx): Promise<string> {
  for (;;) {
    const code = randomDigits(9);
    if (!(await tx.getBookingByRoomCode(code)) && (await tx.listConferencesByRoomCode(code)).length === 0) {
      return code;
    }
  }
}

/** A new instance of a booking: a conference row in `status` (0 pending, 2 started now). */
export function newInstance(bk: BookingRow, status: 0 | 2, startTime: number): ConferenceRow {
  return {
    conferenceId: newConferenceId(),
    corpId: bk.corpId,
    title: bk.title,
    creatorId: bk.creatorId,
    creatorApp: bk.creatorApp,
    conferencePassword: randomDigits(10),
    hostPassword: randomDigits(10),
    roomCode: bk.roomCode,
    externalLinkUrl: bk.url,
    phoneNumbers: [],
    status,
    startTime,
    endTime: null,
    inviteCaller: false,
    locked: false,
    muteAll: false,
    forceMute: false,
    onlyInternal: false,
    autoTransferHost: false,
    forbiddenShareScreen: false,
    focusUnionId: null,
    scheduleConferenceId: bk.scheduleConferenceId,
    extensionAppSettings: [],
  };
}

/** The join rules of a booking's room before its instance is live (spec-more section 9). */
export function assertMayStart(bk: BookingRow, joinerUnionId: string) {
  assert(!bk.cancelled, "joinRefused", "the schedule conference has been cancelled");
  const joinBeforeHost = settingsOf(bk).moziConfVirtualExtraSetting?.joinBeforeHost ?? 1;
  assert(joinBeforeHost !== 0 || joinerUnionId === hostOf(bk), "joinRefused", "the host has not joined yet");
}

/**
 * Starts an instance (status 0 → 2, startTime now) with the booking's settings applied: host, co-hosts
 * as invited members, onlyInternal, forbiddenShareScreen, forceMute. The lock is applied by `lockAfterStart`
 * once the starter is in. Returns the started row.
 */
export async function startInstance(
  tx: Tx,
  who: string,
  operation: string,
  bk: BookingRow,
  conf: ConferenceRow,
  now: number,
): Promise<ConferenceRow> {
  const s = settingsOf(bk);
  const started: ConferenceRow = {
    ...conf,
    status: 2,
    startTime: now,
    onlyInternal: !!s.confAllowedCorpId,
    forbiddenShareScreen: s.screenShareForbidden === 1,
    forceMute: s.moziConfVirtualExtraSetting?.lockMediaStatusMicMute === 1,
    // confInfo's shape (no appId: vconf has no agent ids), as the settings are now: later changes act
    // at the next start only.
    extensionAppSettings: (s.moziConfVirtualExtraSetting?.moziConfExtensionAppSettings ?? []).map((a) => ({
      appCode: a.coolAppCode ?? "",
      autoOpenMode: a.autoOpenMode ?? 0,
      extensionAppBizData: a.extensionAppBizData ?? "",
    })),
  };
  await tx.updateConference(started);
  const fields = (c: ConferenceRow) => ({
    status: c.status,
    startTime: c.startTime,
    onlyInternal: c.onlyInternal,
    forbiddenShareScreen: c.forbiddenShareScreen,
    forceMute: c.forceMute,
    extensionAppSettings: c.extensionAppSettings,
  });
  await recordChange(tx, who, {
    conferenceId: conf.conferenceId,
    operation,
    target: conf.conferenceId,
    before: conf.status === 0 ? fields(conf) : null,
    after: fields(started),
    at: now,
  });
  const hostId = hostOf(bk);
  const cohosts = (s.cohostUnionIds ?? []).filter((id) => id !== hostId);
  const users = await tx.getUsers([hostId, ...cohosts]);
  const host = users.get(hostId);
  // The host may have left the org since booking: the meeting then starts without one.
  if (host) await saveMember(tx, who, operation, undefined, newMember(started, host, { host: true }), now);
  for (const id of cohosts) {
    const user = users.get(id);
    if (!user) continue;
    const m = newMember(started, user, { coHost: true, coHostSince: now });
    await saveMember(tx, who, operation, undefined, m, now);
  }
  return started;
}

/** `lockRoom: 1` locks the meeting right after its starter was admitted. */
export async function lockAfterStart(
  tx: Tx,
  who: string,
  operation: string,
  bk: BookingRow,
  id: string,
  now: number,
) {
  if (settingsOf(bk).lockRoom !== 1) return;
  const conf = await tx.getConference(id, true);
  if (conf && !conf.locked) await saveConference(tx, who, operation, conf, { ...conf, locked: true }, now);
}

/** Whether a joiner's microphone starts off under `muteOnJoin` (-1 always, 6 once 6 are in the meeting). */
export function mutedOnJoin(bk: BookingRow | undefined, online: number): boolean {
  const mode = bk && settingsOf(bk).muteOnJoin;
  return mode === -1 || (mode === 6 && online >= 6);
}
