import type { Static } from "typebox";
import type {
  AudioReply,
  DocumentReply,
  FlashSummaryReply,
  MeetingResultReply,
  MinutesTextReply,
  RecordUrlsReply,
  SummaryReply,
} from "../schemas/minutes.js";
import type { CodeReply, PlayInfoReply, TextsReply, VideosReply } from "../schemas/recordings.js";
import type {
  ConfDataReply,
  DetailReply,
  HistoryReply,
  LastMetricReply,
  MetricReply,
} from "../schemas/statistics.js";
import { type Auth, call, type HttpOptions, type Method, type Query, seg } from "./http.js";

const CONF = "/v1.0/conference/videoConferences";
const CONTROL = "/_vconf/v1";
type Q = Query;
type Code = Static<typeof CodeReply>;

/**
 * The media calls of the typed client (spec more §4–§8, §10): cloud recording, minutes, flash minutes,
 * statistics, and the control plane's artifacts and state. Reached as `client.media`; one method per
 * DingTalk operation, named after the SDK's method.
 */
export class VconfMediaCalls {
  constructor(private readonly options: Readonly<HttpOptions>) {}

  private send<T>(auth: Auth, method: Method, path: string, body?: unknown, query?: Query): Promise<T> {
    return call<T>(this.options, auth, method, path, body, query);
  }
  private conf(id: string, path: string) {
    return `${CONF}/${seg(id)}/${path}`;
  }

  startCloudRecord(id: string, body: { unionId: string; mode?: string; smallWindowPosition?: string }) {
    return this.send<Code>("token", "POST", this.conf(id, "cloudRecords/start"), body);
  }
  stopCloudRecord(id: string, body: { unionId: string }) {
    return this.send<Code>("token", "POST", this.conf(id, "cloudRecords/stop"), body);
  }
  queryCloudRecordVideo(id: string, query: { unionId: string }) {
    return this.send<Static<typeof VideosReply>>(
      "token",
      "GET",
      this.conf(id, "cloudRecords/getVideos"),
      undefined,
      query,
    );
  }
  queryCloudRecordVideoPlayInfo(id: string, query: { unionId: string; mediaId: string; regionId: string }) {
    const path = this.conf(id, "cloudRecords/videos/getPlayInfos");
    return this.send<Static<typeof PlayInfoReply>>("token", "GET", path, undefined, query);
  }
  queryCloudRecordText(id: string, query: Q = {}) {
    return this.send<Static<typeof TextsReply>>(
      "token",
      "GET",
      this.conf(id, "cloudRecords/getTexts"),
      undefined,
      query,
    );
  }
  startMinutes(id: string, body: { unionId: string; ownerUnionId?: string; recordAudio?: boolean }) {
    return this.send<Code>("token", "POST", this.conf(id, "minutes/start"), body);
  }
  stopMinutes(id: string, body: { unionId: string }) {
    return this.send<Code>("token", "POST", this.conf(id, "minutes/pause"), body);
  }
  queryMinutesText(id: string, query: Q & { direction: string }) {
    return this.send<Static<typeof MinutesTextReply>>(
      "token",
      "GET",
      this.conf(id, "minutes/textInfos"),
      undefined,
      query,
    );
  }
  queryMinutesAudio(id: string, query: { unionId: string }) {
    return this.send<Static<typeof AudioReply>>(
      "token",
      "GET",
      this.conf(id, "minutes/audioInfos"),
      undefined,
      query,
    );
  }
  queryMinutesSummary(id: string, body: { unionId: string; summaryTypeList?: string[] }) {
    return this.send<Static<typeof SummaryReply>>(
      "token",
      "POST",
      this.conf(id, "minutes/summaries/query"),
      body,
    );
  }
  queryMinutesMeetingResult(id: string, query: { unionId: string }) {
    const path = this.conf(id, "minutes/meetingResult");
    return this.send<Static<typeof MeetingResultReply>>("token", "GET", path, undefined, query);
  }
  addRecordPermission(id: string, body: { bizType: string; ownerUnionId: string; unionId: string }) {
    return this.send<Code>("token", "POST", this.conf(id, "flashMinutes/recordPermissions"), body);
  }
  queryFlashMinutesSummary(id: string, query: { bizType: string; recorderUnionId: string }) {
    const path = this.conf(id, "flashMinutes/summaries");
    return this.send<Static<typeof FlashSummaryReply>>("token", "GET", path, undefined, query);
  }
  queryRecordMinutesUrl(id: string, query: { bizType: string; recorderUnionId: string }) {
    const path = this.conf(id, "flashMinutes/recordUrls");
    return this.send<Static<typeof RecordUrlsReply>>("token", "GET", path, undefined, query);
  }
  generateFlashMinutesDocumentUrl(
    id: string,
    query: { bizType: string; unionId: string; expireTime?: number },
  ) {
    const path = this.conf(id, "flashMinutes/document/generate");
    return this.send<Static<typeof DocumentReply>>("token", "GET", path, undefined, query);
  }
  getHistoryConfDataList(query: Q & { startTime: number; endTime: number; realData: string }) {
    const path = `${CONF}/histories/dataLists`;
    return this.send<Static<typeof HistoryReply>>("token", "GET", path, undefined, query);
  }
  getConfDataByConferenceId(id: string, realData = true) {
    const query = { realData: String(realData) };
    return this.send<Static<typeof ConfDataReply>>("token", "GET", this.conf(id, "infos"), undefined, query);
  }
  getConfDetailData(id: string, query: Q = {}) {
    return this.send<Static<typeof DetailReply>>("token", "GET", this.conf(id, "details"), undefined, query);
  }
  getUserMetricData(id: string, query: { unionId: string; beginTime: number; endTime: number }) {
    return this.send<Static<typeof MetricReply>>(
      "token",
      "GET",
      this.conf(id, "metricDatas"),
      undefined,
      query,
    );
  }
  getUserLastMetric(id: string, unionIdList: string[]) {
    const path = this.conf(id, "lastMetricDatas/query");
    return this.send<Static<typeof LastMetricReply>>("token", "POST", path, { unionIdList });
  }

  // ── control plane (admin key) ──
  /** Each key replaces that artifact kind, `null` deletes it; answers the whole document. */
  putArtifacts(id: string, artifacts: Record<string, unknown>) {
    return this.send<Record<string, unknown>>(
      "admin",
      "PUT",
      `${CONTROL}/conferences/${seg(id)}/artifacts`,
      artifacts,
    );
  }
  getArtifacts(id: string) {
    return this.send<Record<string, unknown>>("admin", "GET", `${CONTROL}/conferences/${seg(id)}/artifacts`);
  }
  deleteArtifacts(id: string) {
    return this.send<{ success: boolean }>("admin", "DELETE", `${CONTROL}/conferences/${seg(id)}/artifacts`);
  }
  conferenceState(id: string) {
    return this.send<Record<string, unknown>>("admin", "GET", `${CONTROL}/conferences/${seg(id)}/state`);
  }
}
