import { isDeepStrictEqual } from "node:util";
import Value from "typebox/value";
import { assert } from "../../errors.js";
import {
  EXTENSION_APPS_MAX,
  ScheduleSettings,
  type StoredSettings,
} from "../../schemas/schedule-settings.js";
import type { SettingsQuery, UpdateSettingsBody } from "../../schemas/schedules.js";
import type { BookingRow, Tx } from "../../store/store.js";
import { recordChange } from "../conferences/change-log.js";
import type { Caller, Deps } from "../deps.js";
import { settingsOf } from "./instances.js";

/**
 * A booking's settings document (spec-more section 1): kept as DingTalk's `scheduleConfSettingModel`, only
 * the fields the SDKs model, `waitingRoom` as 0/1 and each extension app with the app (`clientId`) that
 * set it. They act when an instance starts (instances.ts).
 */

type Extra = NonNullable<StoredSettings["moziConfVirtualExtraSetting"]>;

/** The request model as stored: unknown fields dropped, `waitingRoom` 2 (off) as 0, apps with their setter. */
export function storedSettings(input: ScheduleSettings | undefined, clientId: string): StoredSettings {
  const clean = Value.Clean(ScheduleSettings, structuredClone(input ?? {})) as ScheduleSettings;
  const extra = clean.moziConfVirtualExtraSetting;
  if (!extra) return clean as StoredSettings;
  const { moziConfExtensionAppSettings: apps, ...rest } = extra;
  const out: Extra = { ...rest };
  if (rest.waitingRoom === 2) out.waitingRoom = 0;
  if (apps) out.moziConfExtensionAppSettings = apps.map((a) => ({ ...a, clientId }));
  return { ...clean, moziConfVirtualExtraSetting: out } as StoredSettings;
}

/** UpdateScheduleConfSettings' merge: objects field by field, arrays (co-hosts, apps) replaced whole. */
export function mergedSettings(stored: StoredSettings, patch: StoredSettings): StoredSettings {
  const out: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    const before = (stored as Record<string, unknown>)[key];
    const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
    // `{}` changes nothing, also where the booking has no such object yet.
    if (isObject && Object.keys(value).length === 0) continue;
    out[key] = isObject && before && typeof before === "object" ? { ...before, ...value } : value;
  }
  return out as StoredSettings;
}

/**
 * What a booking's settings may hold, checked on the document as it would be stored: a host of the org,
 * known co-hosts without duplicates or the host (named or defaulted to the creator), at most
 * VCONF_MAX_COHOSTS of them, owners of the org, at most EXTENSION_APPS_MAX extension apps. `code` is the
 * endpoint's field error (Create `paramsError`, the settings call `paramError`).
 */
export async function checkSettings(
  deps: Deps,
  tx: Tx,
  corpId: string,
  creatorId: string,
  s: StoredSettings,
  code: "paramsError" | "paramError",
) {
  const ofOrg = async (field: string, unionId: string | undefined) => {
    if (unionId === undefined) return;
    const user = await tx.getUser(unionId);
    assert(user && user.corpId === corpId, code, `${field} is not a user of this organization`);
  };
  await ofOrg("hostUnionId", s.hostUnionId);
  const extra = s.moziConfVirtualExtraSetting ?? {};
  // An empty owner means "the organizer" (the default), as DingTalk's pages say.
  await ofOrg("cloudRecordOwnerUnionId", extra.cloudRecordOwnerUnionId || undefined);
  await ofOrg("minutesOwnerUnionId", extra.minutesOwnerUnionId || undefined);
  const host = s.hostUnionId ?? creatorId;
  const cohosts = s.cohostUnionIds ?? [];
  assert(new Set(cohosts).size === cohosts.length, code, "cohostUnionIds has duplicates");
  assert(!cohosts.includes(host), code, "the host cannot be a co-host");
  assert(cohosts.length <= deps.maxCoHosts, code, `over ${deps.maxCoHosts} co-hosts`);
  const users = await tx.getUsers(cohosts);
  const unknown = cohosts.find((id) => !users.has(id));
  assert(unknown === undefined, code, `cohostUnionIds: unknown user ${unknown}`);
  const apps = extra.moziConfExtensionAppSettings ?? [];
  assert(
    apps.length <= EXTENSION_APPS_MAX,
    "extensionAppSettingError",
    `at most ${EXTENSION_APPS_MAX} extension apps`,
  );
}

/** QueryScheduleConfSettings' model: every field, defaults where never set (spec-more section 1). */
export function settingsModel(s: StoredSettings, creatorId: string) {
  const extra = s.moziConfVirtualExtraSetting ?? {};
  return {
    hostUnionId: s.hostUnionId ?? creatorId,
    cohostUnionIds: s.cohostUnionIds ?? [],
    confAllowedCorpId: s.confAllowedCorpId ?? "",
    lockRoom: s.lockRoom ?? 0,
    screenShareForbidden: s.screenShareForbidden ?? 0,
    muteOnJoin: s.muteOnJoin ?? 0,
    moziConfVirtualExtraSetting: {
      waitingRoom: extra.waitingRoom ?? 0,
      // GUESS (spec-more section 1): meetings may start without their host unless told otherwise.
      joinBeforeHost: extra.joinBeforeHost ?? 1,
      enableChat: extra.enableChat ?? 0,
      lockNick: extra.lockNick ?? 0,
      lockMediaStatusMicMute: extra.lockMediaStatusMicMute ?? 0,
      enableWebAnonymousJoin: extra.enableWebAnonymousJoin ?? false,
      moziConfExtensionAppSettings: (extra.moziConfExtensionAppSettings ?? []).map((a) => ({
        clientId: a.clientId,
        coolAppCode: a.coolAppCode ?? "",
        // A string in this answer, a number in the requests (the SDK's models).
        autoOpenMode: String(a.autoOpenMode ?? 0),
        extensionAppBizData: a.extensionAppBizData ?? "",
      })),
    },
  };
}

/**
 * The booking a settings or short-link call acts on (spec-more section 1, this code family): missing or
 * unknown → scheduleConferenceIdError, another org's → 403 noPermission.
 */
export async function bookingOfOrg(tx: Tx, caller: Caller, id: string | undefined, forUpdate = false) {
  assert(id, "scheduleConferenceIdError", "scheduleConferenceId is missing");
  const bk = await tx.getBooking(id, forUpdate);
  assert(bk, "scheduleConferenceIdError", "scheduleConferenceId not found");
  assert(bk.corpId === caller.corpId, "noPermission");
  return bk;
}

/** The booking's creator acting on it: a user of the org (userNotInOrg), the creator (creatorUidError). */
export async function assertCreator(tx: Tx, caller: Caller, bk: BookingRow, unionId: string | undefined) {
  assert(unionId, "creatorUidError", "creatorUnionId is missing");
  const user = await tx.getUser(unionId);
  assert(
    user && user.corpId === caller.corpId,
    "userNotInOrg",
    "creatorUnionId is not a user of this organization",
  );
  assert(
    user.unionId === bk.creatorId,
    "creatorUidError",
    "only the creator can change this schedule conference",
  );
  assert(!bk.cancelled, "resourceCancel");
}

/** `GET /v1.0/conference/scheduleConferences/settings` (QueryScheduleConfSettings). */
export async function queryScheduleConfSettings(deps: Deps, caller: Caller, query: SettingsQuery) {
  return deps.store.transaction(
    async (tx) => {
      const bk = await bookingOfOrg(tx, caller, query.scheduleConferenceId);
      assert(!bk.cancelled, "resourceCancel");
      return { scheduleConfSettingModel: settingsModel(settingsOf(bk), bk.creatorId) };
    },
    { readOnly: true },
  );
}

/**
 * `PUT /v1.0/conference/scheduleConferences/settings` (UpdateScheduleConfSettings): merges the model into
 * the booking's settings (objects field by field, arrays whole), checked as a whole; one booking-audit row
 * with the changed top-level fields, none when nothing changed. A live instance keeps what it started with.
 */
export async function updateScheduleConfSettings(deps: Deps, caller: Caller, input: UpdateSettingsBody) {
  return deps.store.transaction(async (tx) => {
    const bk = await bookingOfOrg(tx, caller, input.scheduleConferenceId, true);
    await assertCreator(tx, caller, bk, input.creatorUnionId);
    const before = settingsOf(bk);
    const after = mergedSettings(before, storedSettings(input.scheduleConfSettingModel, caller.clientKey));
    await checkSettings(deps, tx, bk.corpId, bk.creatorId, after, "paramError");
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (k) => !isDeepStrictEqual(before[k as keyof StoredSettings], after[k as keyof StoredSettings]),
    ) as (keyof StoredSettings)[];
    if (keys.length === 0) return { success: true };
    await tx.putBooking({ ...bk, settings: after });
    const pick = (s: StoredSettings) => Object.fromEntries(keys.map((k) => [k, s[k] ?? null]));
    await recordChange(tx, caller, {
      conferenceId: bk.scheduleConferenceId,
      operation: "UpdateScheduleConfSettings",
      target: bk.scheduleConferenceId,
      before: pick(before),
      after: pick(after),
      at: deps.clock.now(),
    });
    return { success: true };
  });
}
