import { fail, paramsError } from "../../errors.js";
import type { ConferenceRow, MediaRow, Tx } from "../../store/store.js";
import type { Caller, Deps } from "../deps.js";
import { recordChange } from "../conferences/change-log.js";
import { policy } from "../conferences/policy.js";
import { ensureRecordId, loadMedia, MAX_RECORD_SESSIONS, operator } from "./media.js";
import { writableConference } from "../conferences/policy.js";

const cloudState = (m: MediaRow) => ({
  cloudRecordStatus: m.state.cloudRecord.status,
  cloudRecordOwnerUnionId: m.state.cloudRecord.ownerUnionId,
});

export interface StartRecordingOptions {
  /** Who owns the recording if it has no owner yet (the owner is fixed at the first start). */
  owner: string;
  /** Who the change log names: the caller's app key, or `system` for an automatic start. */
  app: string;
  /** The change log's operation (default StartCloudRecord). */
  operation?: string;
  mode?: string;
  smallWindowPosition?: string;
}

/**
 * Starts cloud recording of a live conference, in the caller's transaction: status 1, the owner fixed
 * at the first start, a new session, the meeting's recordId fixed; one change-log row. Returns false
 * (and changes nothing) when it is already recording. Used by StartCloudRecord and by a booking's
 * automatic recording (spec more §9 `recordAutoStart`), which passes `app: "system"`.
 */
export async function startCloudRecording(
  tx: Tx,
  conference: ConferenceRow,
  opts: StartRecordingOptions,
  now: number,
): Promise<boolean> {
  const media = await loadMedia(tx, conference.conferenceId, true);
  const rec = media.state.cloudRecord;
  if (rec.status === 1) return false;
  const state = ensureRecordId(media.state);
  const session = { startTime: now };
  const after: MediaRow = {
    ...media,
    state: {
      ...state,
      cloudRecord: {
        status: 1,
        ownerUnionId: rec.ownerUnionId ?? opts.owner,
        mode: opts.mode || rec.mode,
        smallWindowPosition: opts.smallWindowPosition || rec.smallWindowPosition,
        sessions: [...rec.sessions, session].slice(-MAX_RECORD_SESSIONS),
      },
    },
  };
  await tx.putMedia(after);
  await recordChange(tx, opts.app, {
    conferenceId: conference.conferenceId,
    operation: opts.operation ?? "StartCloudRecord",
    target: conference.conferenceId,
    before: cloudState(media),
    after: { ...cloudState(after), session },
    at: now,
  });
  return true;
}

/** Ends a running recording (status 3, the session's endTime); false when none runs. */
async function endCloudRecording(
  tx: Tx,
  conf: ConferenceRow,
  app: string,
  operation: string,
  now: number,
): Promise<boolean> {
  const media = await loadMedia(tx, conf.conferenceId, true);
  const rec = media.state.cloudRecord;
  if (rec.status !== 1 && rec.status !== 2) return false;
  const sessions = rec.sessions.map((s, i) =>
    i === rec.sessions.length - 1 && s.endTime === undefined ? { ...s, endTime: now } : s,
  );
  const after: MediaRow = {
    ...media,
    state: { ...media.state, cloudRecord: { ...rec, status: 3, sessions } },
  };
  await tx.putMedia(after);
  await recordChange(tx, app, {
    conferenceId: conf.conferenceId,
    operation,
    target: conf.conferenceId,
    before: cloudState(media),
    after: { ...cloudState(after), session: sessions[sessions.length - 1] },
    at: now,
  });
  return true;
}

export interface StartCloudRecordInput {
  unionId?: string;
  mode?: string;
  smallWindowPosition?: string;
}

/** `POST …/{id}/cloudRecords/start` (StartCloudRecord): the host only, page `video-conference-open-cloud-recording`. */
export async function startCloudRecord(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  input: StartCloudRecordInput,
) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId, "roomClosed");
    const member = await operator(tx, conf, input.unionId);
    if (!policy.isHost(member)) throw fail("recordStartPermissionError");
    const started = await startCloudRecording(
      tx,
      conf,
      {
        owner: input.unionId!,
        app: caller.clientKey,
        mode: input.mode,
        smallWindowPosition: input.smallWindowPosition,
      },
      deps.clock.now(),
    );
    if (!started) throw fail("recordStartError", "recordStartError:cloud recording is already on");
    return { code: "200" };
  });
}

/** `POST …/{id}/cloudRecords/stop` (StopCloudRecord): the host only; the meeting goes on. */
export async function stopCloudRecord(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  input: { unionId?: string },
) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId, "roomClosed");
    if (!input.unionId) throw paramsError("unionId is missing");
    const member = await operator(tx, conf, input.unionId);
    if (!policy.isHost(member)) throw fail("recordStopPermissionError");
    if (!(await endCloudRecording(tx, conf, caller.clientKey, "StopCloudRecord", deps.clock.now())))
      throw fail("recordStopError");
    return { code: "200" };
  });
}

/**
 * What closing a meeting does to its media (spec more §12): a running recording and running or paused
 * minutes end (status 3), each with its change-log row under CloseVideoConference.
 */
export async function endMediaOnClose(tx: Tx, caller: Caller, conf: ConferenceRow, now: number) {
  await endCloudRecording(tx, conf, caller.clientKey, "CloseVideoConference", now);
  const media = await loadMedia(tx, conf.conferenceId, true);
  const minutes = media.state.minutes;
  if (minutes.status !== 1 && minutes.status !== 2) return;
  await tx.putMedia({ ...media, state: { ...media.state, minutes: { ...minutes, status: 3 } } });
  await recordChange(tx, caller, {
    conferenceId: conf.conferenceId,
    operation: "CloseVideoConference",
    target: conf.conferenceId,
    before: { minutesStatus: minutes.status },
    after: { minutesStatus: 3 },
    at: now,
  });
}
