import { fail, paramsError } from "../../errors.js";
import type { Caller, Deps } from "../deps.js";
import { recordChange } from "../conferences/change-log.js";
import { readableConference, writableConference } from "../conferences/policy.js";
import { BIZ_TYPES, type BizType, hasRecord, loadMedia, recordOwner } from "../recordings/media.js";
import { MAX_INT, queryInt } from "../recordings/paging.js";

interface FlashEntry {
  bizType: string;
  recorderUnionId: string;
  status?: number;
  summary?: unknown[];
  recordMinutesUrls?: string[];
  minutesDocUrl?: string;
}
const bad = (why: string) => fail("paramError", `PARAM ERROR: ${why}`);
const BIZ_WHY = "bizType must be cloud_record or minutes";
const DAY_MS = 24 * 3600 * 1000;

/** `https://vconf.local/minutes/<recordId>-<bizType>`: vconf's placeholder for a record's page (not served). */
export const minutesLink = (recordId: string, bizType: string) =>
  `https://vconf.local/minutes/${recordId}-${bizType}`;

/**
 * `POST …/{id}/flashMinutes/recordPermissions` (AddRecordPermission): grants `unionId` access to the
 * owner's record (kept and shown by the control plane; no DingTalk answer changes). Works on ended meetings.
 */
export async function addRecordPermission(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  body: { bizType?: string; ownerUnionId?: string; unionId?: string },
) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId).catch(async (e) => {
      // E-W except the ended rule: an ended meeting's records can still be shared.
      if ((e as { code?: string }).code !== "confClosed") throw e;
      return (await tx.getConference(conferenceId, true))!;
    });
    for (const f of ["bizType", "ownerUnionId", "unionId"] as const)
      if (!body[f]) throw paramsError(`${f} is missing`);
    if (!BIZ_TYPES.includes(body.bizType!)) throw paramsError(BIZ_WHY);
    const bizType = body.bizType as BizType;
    const media = await loadMedia(tx, conf.conferenceId, true);
    if (!hasRecord(media, bizType))
      throw bizType === "cloud_record"
        ? fail("cloudRecordNotFound")
        : paramsError("no minutes record for this conference");
    const owner = recordOwner(media, conf, bizType);
    if (body.ownerUnionId !== owner)
      throw fail("permissionError", `permissionError:${body.ownerUnionId} does not own this record`);
    if (!(await tx.getUser(body.unionId!))) throw fail("unknownUserError");
    const grant = { bizType, ownerUnionId: owner, unionId: body.unionId! };
    const grants = media.state.recordGrants;
    if (grants.some((g) => g.bizType === bizType && g.unionId === grant.unionId)) return { code: "200" };
    await tx.putMedia({ ...media, state: { ...media.state, recordGrants: [...grants, grant] } });
    await recordChange(tx, caller, {
      conferenceId: conf.conferenceId,
      operation: "AddRecordPermission",
      target: grant.unionId,
      before: null,
      after: grant,
      at: deps.clock.now(),
    });
    return { code: "200" };
  });
}

/** The record a §6 read names, with its injected entry (E-R; bizType and the user required). */
async function flashRead(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  bizType: string | undefined,
  user: string | undefined,
  userField: string,
) {
  if (conferenceId && !bizType) throw bad("bizType is missing");
  if (conferenceId && !user) throw bad(`${userField} is missing`);
  if (conferenceId && !BIZ_TYPES.includes(bizType!)) throw bad(BIZ_WHY);
  return deps.store.transaction(
    async (tx) => {
      const conf = await readableConference(tx, caller, conferenceId);
      if (!(await tx.getUser(user!))) throw fail("unknownUserError");
      const media = await loadMedia(tx, conf.conferenceId);
      const biz = bizType as BizType;
      const exists = hasRecord(media, biz) && recordOwner(media, conf, biz) === user;
      const entries = (media.artifacts.flashMinutes as FlashEntry[] | undefined) ?? [];
      const entry = entries.find((e) => e.bizType === biz && e.recorderUnionId === user);
      return { exists: exists || !!entry, entry, recordId: media.state.recordId ?? "", bizType: biz };
    },
    { readOnly: true },
  );
}

/** `GET …/{id}/flashMinutes/summaries` (QueryFlashMinutesSummary): status 1 once a summary is injected. */
export async function queryFlashMinutesSummary(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { bizType?: string; recorderUnionId?: string },
) {
  const r = await flashRead(deps, caller, conferenceId, q.bizType, q.recorderUnionId, "recorderUnionId");
  const summary = r.entry?.summary ?? [];
  return { flashMinutesSummary: { status: r.entry?.status ?? (r.entry?.summary ? 1 : 0), summary } };
}

/** `GET …/{id}/flashMinutes/recordUrls` (QueryRecordMinutesUrl): injected links, else one placeholder. */
export async function queryRecordMinutesUrl(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { bizType?: string; recorderUnionId?: string },
) {
  const r = await flashRead(deps, caller, conferenceId, q.bizType, q.recorderUnionId, "recorderUnionId");
  const urls = r.entry?.recordMinutesUrls ?? (r.exists ? [minutesLink(r.recordId, r.bizType)] : []);
  return { recordMinutesUrls: urls.map((recordMinutesUrl) => ({ recordMinutesUrl })) };
}

/** `GET …/{id}/flashMinutes/document/generate` (GenerateFlashMinutesDocumentUrl). */
export async function generateFlashMinutesDocumentUrl(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { bizType?: string; unionId?: string; expireTime?: string },
) {
  const now = deps.clock.now();
  const expires = queryInt(q.expireTime, "expireTime", now + DAY_MS, 0, MAX_INT, bad)!;
  if (conferenceId && expires < now) throw bad("expireTime is in the past");
  const r = await flashRead(deps, caller, conferenceId, q.bizType, q.unionId, "unionId");
  if (r.entry?.minutesDocUrl) return { minutesDocUrl: r.entry.minutesDocUrl };
  if (!r.exists) throw bad(`no ${r.bizType} record by ${q.unionId}`);
  return { minutesDocUrl: `${minutesLink(r.recordId, r.bizType)}/document?expires=${expires}` };
}
