import { fail, paramsError } from "../../errors.js";
import type { Caller, Deps } from "../deps.js";
import { hasRecord, loadMedia } from "./media.js";
import { byStartTime, MAX_INT, queryDirection, queryInt } from "./paging.js";
import { recordConference, recordRequester } from "./requester.js";

type Obj = Record<string, unknown>;
const bad = (why: string) => paramsError(why);

/** The conference, its media and the checks every cloud-record read makes (E-REC, spec more §4). */
async function recordRead(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  unionId?: string,
  optional = false,
) {
  return deps.store.transaction(
    async (tx) => {
      const conf = await recordConference(tx, caller, conferenceId);
      await recordRequester(tx, conf, unionId, optional);
      const media = await loadMedia(tx, conf.conferenceId);
      if (!hasRecord(media, "cloud_record")) throw fail("cloudRecordNotFound");
      return { conf, media, recordId: media.state.recordId ?? "" };
    },
    { readOnly: true },
  );
}

/** `GET …/{id}/cloudRecords/getVideos` (QueryCloudRecordVideo): the injected videos. */
export async function queryCloudRecordVideo(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { unionId?: string },
) {
  const { media, recordId } = await recordRead(deps, caller, conferenceId, q.unionId);
  const videos = (media.artifacts.cloudRecordVideos as Obj[] | undefined) ?? [];
  return { videoList: videos.map((v) => ({ recordId, ...v })) };
}

/** `GET …/{id}/cloudRecords/videos/getPlayInfos` (QueryCloudRecordVideoPlayInfo), by mediaId + regionId. */
export async function queryCloudRecordVideoPlayInfo(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { unionId?: string; mediaId?: string; regionId?: string },
) {
  if (conferenceId && !q.mediaId) throw paramsError("mediaId is missing");
  if (conferenceId && !q.regionId) throw paramsError("regionId is missing");
  const { media } = await recordRead(deps, caller, conferenceId, q.unionId);
  const same = (x: Obj) => x.mediaId === q.mediaId && x.regionId === q.regionId;
  const videos = (media.artifacts.cloudRecordVideos as Obj[] | undefined) ?? [];
  const infos = (media.artifacts.cloudRecordPlayInfos as Obj[] | undefined) ?? [];
  const info = videos.some(same) ? infos.find(same) : undefined;
  if (!info) throw fail("cloudRecordNotFound");
  const { mediaId: _m, regionId: _r, ...answer } = info;
  return answer;
}

/**
 * `GET …/{id}/cloudRecords/getTexts` (QueryCloudRecordText): paragraphs from `startTime` on, in
 * `direction`; each paragraph's `nextTtoken` (sic) is the offset after it.
 */
export async function queryCloudRecordText(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { unionId?: string; startTime?: string; direction?: string; maxResults?: string; nextToken?: string },
) {
  const from = queryInt(q.startTime, "startTime", 0, 0, MAX_INT, bad)!;
  const direction = queryDirection(q.direction, bad);
  const limit = queryInt(q.maxResults, "maxResults", 100, 1, 2000, bad)!;
  const offset = queryInt(q.nextToken, "nextToken", 0, 0, MAX_INT, bad)!;
  const { media, recordId } = await recordRead(deps, caller, conferenceId, q.unionId, true);
  const all = (media.artifacts.cloudRecordTexts as Obj[] | undefined) ?? [];
  const matching = byStartTime(
    all.filter((p) => Number(p.startTime ?? 0) >= from),
    direction,
  );
  const page = matching.slice(offset, offset + limit);
  return {
    hasMore: offset + page.length < matching.length,
    paragraphList: page.map((p, i) => ({
      recordId: Number(recordId),
      ...p,
      nextTtoken: offset + i + 1,
    })),
  };
}
