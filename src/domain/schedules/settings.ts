import Value from "typebox/value";
import { assert } from "../../errors.js";
import {
  EXTENSION_APPS_MAX,
  ScheduleSettings,
  type StoredSettings,
} from "../../schemas/schedule-settings.js";
import type { Tx } from "../../store/store.js";
import type { Deps } from "../deps.js";

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
