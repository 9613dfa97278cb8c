import { fail } from "../../errors.js";
import type { ConferenceRow, MemberRow, Tx } from "../../store/store.js";
import type { Caller, Deps } from "../deps.js";
import { readableConference } from "../conferences/policy.js";
import { loadMedia } from "../recordings/media.js";
import { MAX_INT, queryBool, queryInt } from "../recordings/paging.js";

const bad = (why: string) => fail("paramError", `PARAM ERROR: ${why}`);
/** The SDK's examples; every vconf meeting is a free DingTalk meeting (spec more §8). */
const FREE_TYPE = "0";
const SCENE = "ding_talk";

function requireRealData(raw: string | undefined) {
  if (raw === undefined || raw === "") throw bad("realData is missing");
  queryBool(raw, "realData", bad);
}

/** One meeting's statistics row (GetHistoryConfDataList items, GetConfDataByConferenceId). */
async function confData(tx: Tx, conf: ConferenceRow, now: number) {
  const creator = await tx.getUser(conf.creatorId);
  const members = await tx.listMembers(conf.conferenceId);
  const ended = conf.status === 1 && conf.endTime !== null;
  return {
    conferenceId: conf.conferenceId,
    title: conf.title,
    creatorId: conf.creatorId,
    creatorNick: creator?.name ?? "",
    freeType: FREE_TYPE,
    scene: SCENE,
    startTime: conf.startTime,
    ...(ended ? { endTime: conf.endTime! } : {}),
    timeLength: Math.max(0, (ended ? conf.endTime! : now) - conf.startTime),
    userCount: members.filter((m) => m.joinTime !== null).length,
  };
}

/** `GET …/videoConferences/histories/dataLists` (GetHistoryConfDataList): the org's meetings started in a span. */
export async function getHistoryConfDataList(
  deps: Deps,
  caller: Caller,
  q: {
    startTime?: string;
    endTime?: string;
    realData?: string;
    title?: string;
    creatorNike?: string;
    freeType?: string;
    scene?: string;
    maxResults?: string;
    nextToken?: string;
  },
) {
  const from = queryInt(q.startTime, "startTime", undefined, 0, MAX_INT, bad);
  const to = queryInt(q.endTime, "endTime", undefined, 0, MAX_INT, bad);
  if (from === undefined) throw bad("startTime is missing");
  if (to === undefined) throw bad("endTime is missing");
  if (to < from) throw bad("endTime is before startTime");
  requireRealData(q.realData);
  const limit = queryInt(q.maxResults, "maxResults", 20, 1, 100, bad)!;
  const offset = queryInt(q.nextToken, "nextToken", 0, 0, MAX_INT, bad)!;
  return deps.store.transaction(
    async (tx) => {
      const now = deps.clock.now();
      if ((q.freeType && q.freeType !== FREE_TYPE) || (q.scene && q.scene !== SCENE)) return { list: [] };
      let confs = await tx.listStartedConferences(caller.corpId, from, to);
      if (q.title) confs = confs.filter((c) => c.title.includes(q.title!));
      if (q.creatorNike) {
        const creators = await tx.getUsers([...new Set(confs.map((c) => c.creatorId))]);
        confs = confs.filter((c) => creators.get(c.creatorId)?.name.includes(q.creatorNike!));
      }
      const page = confs.slice(offset, offset + limit);
      const list = [];
      for (const c of page) list.push(await confData(tx, c, now));
      const next = offset + page.length;
      return { list, ...(next < confs.length ? { nextToken: String(next) } : {}) };
    },
    { readOnly: true },
  );
}

/** A started meeting of the caller's org (E-R); a pending instance has no data yet → roomNotFound. */
async function startedConference(tx: Tx, caller: Caller, conferenceId: string) {
  const conf = await readableConference(tx, caller, conferenceId);
  if (conf.status === 0) throw fail("roomNotFound");
  return conf;
}

/** `GET …/{id}/infos` (GetConfDataByConferenceId). */
export async function getConfDataByConferenceId(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { realData?: string },
) {
  if (conferenceId) requireRealData(q.realData);
  return deps.store.transaction(
    async (tx) => confData(tx, await startedConference(tx, caller, conferenceId), deps.clock.now()),
    { readOnly: true },
  );
}

const ROLE = (m: MemberRow) => (m.host ? "主持人" : m.coHost ? "联席主持人" : "参会人");
const STATUS: Record<number, string> = { 3: "在会中", 5: "被移出", 6: "已离开" };

/** `GET …/{id}/details` (GetConfDetailData): one row per member who ever joined, in member order. */
export async function getConfDetailData(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { nick?: string; maxResults?: string; nextToken?: string },
) {
  const limit = queryInt(q.maxResults, "maxResults", 20, 1, 100, bad)!;
  const offset = queryInt(q.nextToken, "nextToken", 0, 0, MAX_INT, bad)!;
  return deps.store.transaction(
    async (tx) => {
      const conf = await startedConference(tx, caller, conferenceId);
      const now = deps.clock.now();
      const participants =
        ((await loadMedia(tx, conf.conferenceId)).artifacts.participants as
          Record<string, { version?: string; networkQuality?: string; deviceType?: string }> | undefined) ??
        {};
      const joined = (await tx.listMembers(conf.conferenceId)).filter(
        (m) => m.joinTime !== null && (!q.nick || m.userNick.includes(q.nick)),
      );
      const page = joined.slice(offset, offset + limit);
      const next = offset + page.length;
      const list = page.map((m) => {
        const p = participants[m.unionId] ?? {};
        const current = m.attendStatus === 3 ? Math.max(0, now - m.joinTime!) : 0;
        return {
          unionId: m.unionId,
          conferenceId: m.conferenceId,
          nick: m.userNick,
          role: ROLE(m),
          status: STATUS[m.attendStatus] ?? "已离开",
          deviceType: p.deviceType ?? m.deviceType ?? "",
          version: p.version ?? "",
          sessionId: `${m.conferenceId}-${m.unionId}`,
          networkQuality: p.networkQuality ?? "-1",
          belongOrg: String(!m.outerOrgMember),
          joinTime: m.joinTime!,
          ...(m.attendStatus !== 3 && m.leaveTime !== null ? { leaveTime: m.leaveTime } : {}),
          duration: m.duration + current,
        };
      });
      return { list, ...(next < joined.length ? { nextToken: String(next) } : {}) };
    },
    { readOnly: true },
  );
}

type Sample = Record<string, unknown> & { timestamp: number };
const JITTER = ["audioJitterMax", "audioJitterAvg"];

async function samplesOf(tx: Tx, conf: ConferenceRow) {
  const media = await loadMedia(tx, conf.conferenceId);
  return (media.artifacts.metrics as Record<string, Sample[]> | undefined) ?? {};
}

/** `GET …/{id}/metricDatas` (GetUserMetricData): one user's injected samples in [beginTime, endTime]. */
export async function getUserMetricData(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  q: { unionId?: string; beginTime?: string; endTime?: string },
) {
  const begin = queryInt(q.beginTime, "beginTime", undefined, 0, MAX_INT, bad);
  const end = queryInt(q.endTime, "endTime", undefined, 0, MAX_INT, bad);
  if (conferenceId) {
    if (!q.unionId) throw bad("unionId is missing");
    if (begin === undefined) throw bad("beginTime is missing");
    if (end === undefined) throw bad("endTime is missing");
  }
  return deps.store.transaction(
    async (tx) => {
      const conf = await startedConference(tx, caller, conferenceId);
      if (!(await tx.getUser(q.unionId!))) throw fail("unknownUserError");
      const samples = (await samplesOf(tx, conf))[q.unionId!] ?? [];
      const metricDataList = samples
        .filter((s) => s.timestamp >= begin! && s.timestamp <= end!)
        .sort((a, b) => a.timestamp - b.timestamp)
        .map((s) => Object.fromEntries(Object.entries(s).filter(([k]) => !JITTER.includes(k))));
      return { metricDataList };
    },
    { readOnly: true },
  );
}

/** `POST …/{id}/lastMetricDatas/query` (GetUserLastMetric): each listed user's newest sample. */
export async function getUserLastMetric(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  body: { unionIdList?: string[] },
) {
  const ids = body.unionIdList ?? [];
  if (conferenceId && ids.length === 0) throw bad("unionIdList is missing");
  if (ids.length > 100) throw bad("unionIdList holds more than 100 ids");
  return deps.store.transaction(
    async (tx) => {
      const conf = await startedConference(tx, caller, conferenceId);
      const samples = await samplesOf(tx, conf);
      const metricMap: Record<string, Sample> = {};
      for (const id of ids) {
        const own = samples[id] ?? [];
        if (own.length) metricMap[id] = own.reduce((a, b) => (b.timestamp >= a.timestamp ? b : a));
      }
      return { metricMap };
    },
    { readOnly: true },
  );
}
