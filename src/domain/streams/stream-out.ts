import { randomBytes } from "node:crypto";
import { assert } from "../../errors.js";
import type { ConferenceExtrasRow, ConferenceRow, StreamOutRow, Tx } from "../../store/store.js";
import type { StartStreamOutBody, StopStreamOutBody } from "../../schemas/streams.js";
import type { Caller, Deps } from "../deps.js";
import { recordChange } from "../conferences/change-log.js";
import { loadExtras } from "../conferences/extras.js";
import { policy } from "../conferences/policy.js";
import { writableConference } from "../conferences/policy.js";

/** Stream records one meeting keeps (stopped ones are dropped oldest first beyond it). */
export const MAX_STREAMS = 100;

const FAIL_RTMP = "stream url must start with rtmp";
const FAIL_PUSHING = "stream url is already pushing";
const FAIL_FULL = `the meeting has ${MAX_STREAMS} streams`;

const active = (s: StreamOutRow) => s.state !== "stopped";
const streamState = (s: StreamOutRow | null) =>
  s && { state: s.state, url: s.url, streamName: s.streamName, needHostJoin: s.needHostJoin };

/** Writes the extras row and one change-log row per stream whose state changed. */
async function saveStreams(
  tx: Tx,
  who: Caller | string,
  operation: string,
  extras: ConferenceExtrasRow,
  changed: { before: StreamOutRow | null; after: StreamOutRow }[],
  at: number,
) {
  if (!changed.length) return;
  await tx.putExtras(extras);
  for (const c of changed) {
    await recordChange(tx, who, {
      conferenceId: extras.conferenceId,
      operation,
      target: c.after.streamId,
      before: streamState(c.before),
      after: streamState(c.after),
      at,
    });
  }
}

/** The operator of a stream call: a known user who is the host or a co-host (spec more §7). */
async function streamOperator(tx: Tx, conf: ConferenceRow, unionId: string) {
  assert(await tx.getUser(unionId), "unknownUserError");
  const member = await tx.getMember(conf.conferenceId, unionId);
  assert(policy.isModerator(member), "permissionError", "only the host or a co-host can push streams");
}

/** Stopped streams beyond the bound go, oldest first, so a meeting's record stays bounded. */
function trimStopped(streams: StreamOutRow[]): StreamOutRow[] {
  let excess = streams.length - MAX_STREAMS;
  if (excess <= 0) return streams;
  return streams.filter((s) => active(s) || excess-- <= 0);
}

/**
 * `POST …/{id}/streamOuts/start` (StartStreamOut): each URL either starts pushing (a new 24-hex stream
 * id in `successStreamMap`) or is refused in `failStreamMap` with the reason; with `needHostJoin` and
 * the host not in the meeting a stream waits (control plane) until the host joins.
 */
export async function startStreamOut(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  body: StartStreamOutBody,
) {
  assert(body.streamUrlList.length > 0, "paramsError", "streamUrlList must not be empty");
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    await streamOperator(tx, conf, body.unionId);
    const host = (await tx.listMembersWithStatus(conf.conferenceId, [3])).some((m) => m.host);
    const extras = await loadExtras(tx, conf.conferenceId);
    const now = deps.clock.now();
    const streams = [...extras.streams];
    const successStreamMap: Record<string, string> = {};
    const failStreamMap: Record<string, string> = {};
    const changed: { before: null; after: StreamOutRow }[] = [];
    // A URL listed twice is one URL: the maps are keyed by URL (as userList duplicates fold).
    for (const url of new Set(body.streamUrlList)) {
      if (!url.startsWith("rtmp")) failStreamMap[url] = FAIL_RTMP;
      else if (streams.some((s) => active(s) && s.url === url)) failStreamMap[url] = FAIL_PUSHING;
      else if (streams.filter(active).length >= MAX_STREAMS) failStreamMap[url] = FAIL_FULL;
      else {
        const stream: StreamOutRow = {
          streamId: randomBytes(12).toString("hex"),
          url,
          streamName: body.streamName,
          mode: body.mode,
          smallWindowPosition: body.smallWindowPosition,
          needHostJoin: body.needHostJoin,
          state: body.needHostJoin && !host ? "waiting" : "pushing",
          startedAt: now,
          stoppedAt: null,
          startedBy: body.unionId,
        };
        streams.push(stream);
        changed.push({ before: null, after: stream });
        successStreamMap[url] = stream.streamId;
      }
    }
    await saveStreams(
      tx,
      caller,
      "StartStreamOut",
      { ...extras, streams: trimStopped(streams) },
      changed,
      now,
    );
    return { successStreamMap, failStreamMap };
  });
}

/** Ends `which` of the meeting's active streams; returns the changes for `saveStreams`. */
function stopStreams(extras: ConferenceExtrasRow, which: (s: StreamOutRow) => boolean, now: number) {
  const changed: { before: StreamOutRow; after: StreamOutRow }[] = [];
  const streams = extras.streams.map((s) => {
    if (!active(s) || !which(s)) return s;
    const after: StreamOutRow = { ...s, state: "stopped", stoppedAt: now };
    changed.push({ before: s, after });
    return after;
  });
  return { extras: { ...extras, streams }, changed };
}

/**
 * `POST …/{id}/streamOuts/stop` (StopStreamOut): one stream, or all with `stopAllStream`; a stream
 * already stopped, or nothing to stop, is a success that changes nothing.
 */
export async function stopStreamOut(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  body: StopStreamOutBody,
) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    await streamOperator(tx, conf, body.unionId);
    const extras = await loadExtras(tx, conf.conferenceId);
    if (!body.stopAllStream)
      assert(
        body.streamId && extras.streams.some((s) => s.streamId === body.streamId),
        "paramsError",
        "stream not found",
      );
    const now = deps.clock.now();
    const all = body.stopAllStream;
    const stop = stopStreams(extras, (s) => all || s.streamId === body.streamId, now);
    await saveStreams(tx, caller, "StopStreamOut", stop.extras, stop.changed, now);
    return { code: "200" };
  });
}

/** Closing a meeting ends its streams (spec more §7, §12), in the close's transaction. */
export async function endStreamsOnClose(tx: Tx, caller: Caller, conferenceId: string, now: number) {
  const extras = await tx.getExtras(conferenceId);
  if (!extras) return;
  const stop = stopStreams(extras, () => true, now);
  await saveStreams(tx, caller, "CloseVideoConference", stop.extras, stop.changed, now);
}

/** The host joined: streams that waited for the host (`needHostJoin`) start pushing. */
export async function startWaitingStreams(
  tx: Tx,
  who: string,
  operation: string,
  conferenceId: string,
  now: number,
) {
  const extras = await tx.getExtras(conferenceId);
  if (!extras?.streams.some((s) => s.state === "waiting")) return;
  const changed: { before: StreamOutRow; after: StreamOutRow }[] = [];
  const streams = extras.streams.map((s) => {
    if (s.state !== "waiting") return s;
    const after: StreamOutRow = { ...s, state: "pushing" };
    changed.push({ before: s, after });
    return after;
  });
  await saveStreams(tx, who, operation, { ...extras, streams }, changed, now);
}
