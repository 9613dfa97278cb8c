import { fail } from "../../errors.js";
import type { Caller, Deps } from "../deps.js";
import { readableConference } from "../conferences/policy.js";
import { loadMedia } from "../recordings/media.js";
import { byStartTime, MAX_INT, queryDirection, queryInt } from "../recordings/paging.js";
import { checkRequester } from "../recordings/requester.js";

type Obj = Record<string, unknown>;
const bad = (why: string) => fail("paramError", `PARAM ERROR: ${why}`);
const noRight = () => fail("noPermission", "NO PERMISSION: no right to view these minutes");

/** The media of a conference for a minutes read: E-R, `unionId` as the requester (spec more §5, §14.2). */
async function minutesRead(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  unionId: string | undefined,
  required: boolean,
) {
  return deps.store.transaction(
    async (tx) => {
      const conf = await readableConference(tx, caller, conferenceId);
      if (unionId) await checkRequester(tx, conf, unionId, noRight);
      else if (required) throw bad("unionId is missing");
      const media = await loadMedia(tx, conf.conferenceId);
      return { artifacts: media.artifacts, recordId: media.state.recordId ?? "" };
    },
    { readOnly: true },
  );
}

/** `GET …/{id}/minutes/textInfos` (QueryMinutesText): paragraphs in `direction`, a top-level cursor. */
export async function queryMinutesText(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { unionId?: string; direction?: string; maxResults?: string; nextToken?: string },
) {
  if (conferenceId && (q.direction === undefined || q.direction === "")) throw bad("direction is missing");
  const direction = queryDirection(q.direction, bad);
  const limit = queryInt(q.maxResults, "maxResults", 100, 1, 2000, bad)!;
  const offset = queryInt(q.nextToken, "nextToken", 0, 0, MAX_INT, bad)!;
  const { artifacts, recordId } = await minutesRead(deps, caller, conferenceId, q.unionId, false);
  const all = byStartTime((artifacts.minutesTexts as Obj[] | undefined) ?? [], direction);
  const page = all.slice(offset, offset + limit);
  const next = offset + page.length;
  return {
    hasMore: next < all.length,
    ...(next < all.length ? { nextToken: String(next) } : {}),
    paragraphList: page.map((p) => ({ recordId: Number(recordId), ...p })),
  };
}

/** `GET …/{id}/minutes/audioInfos` (QueryMinutesAudio). */
export async function queryMinutesAudio(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { unionId?: string },
) {
  const { artifacts, recordId } = await minutesRead(deps, caller, conferenceId, q.unionId, true);
  const audios = (artifacts.minutesAudios as Obj[] | undefined) ?? [];
  return { audioList: audios.map((a) => ({ recordId, ...a })) };
}

export const SUMMARY_TYPES = [
  "paragraphSummary",
  "keywords",
  "actions",
  "keySentences",
  "autoChapters",
  "conversationalSummary",
  "questionsAnsweringSummary",
];

/** `POST …/{id}/minutes/summaries/query` (QueryMinutesSummary): the summary keys asked for (all by default). */
export async function queryMinutesSummary(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  body: { unionId?: string; summaryTypeList?: string[] },
) {
  const wanted = body.summaryTypeList?.length ? body.summaryTypeList : SUMMARY_TYPES;
  const unknown = wanted.find((t) => !SUMMARY_TYPES.includes(t));
  if (conferenceId && unknown !== undefined) throw bad(`unknown summary type ${unknown}`);
  const { artifacts } = await minutesRead(deps, caller, conferenceId, body.unionId, true);
  const summary = (artifacts.minutesSummary as Obj | undefined) ?? {};
  return { summary: Object.fromEntries(wanted.filter((k) => k in summary).map((k) => [k, summary[k]])) };
}

/** `GET …/{id}/minutes/meetingResult` (QueryMinutesMeetingResult). */
export async function queryMinutesMeetingResult(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { unionId?: string },
) {
  const { artifacts } = await minutesRead(deps, caller, conferenceId, q.unionId, true);
  const result = (artifacts.minutesMeetingResult as Obj | undefined) ?? {};
  return { fullSummary: (result.fullSummary as string) ?? "", action: (result.action as string[]) ?? [] };
}
