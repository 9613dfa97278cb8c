import { randomUUID } from "node:crypto";
import { assert } from "../../errors.js";
import type { ConferenceRow, Tx } from "../../store/store.js";
import { emitEvent } from "../../events/outbox.js";
import { EventType } from "../../events/payloads.js";
import type { Caller, Deps } from "../deps.js";
import { recordChange } from "./change-log.js";
import { loadExtras } from "./extras.js";
import { writableConference } from "./policy.js";

/**
 * `POST …/{id}/subtitleEvents` (SetSubtitleEvent, spec more §3): turns the calling app's subscription to
 * this meeting's live transcription (`meeting_asr_result_event`, §11) on or off. Idempotent: a repeat
 * changes nothing and writes no change-log row.
 */
export async function setSubtitleEvent(
  deps: Deps,
  caller: Caller,
  conferenceId: string,
  body: { enable: boolean },
) {
  return deps.store.transaction(async (tx) => {
    const conf = await writableConference(tx, caller, conferenceId);
    const extras = await loadExtras(tx, conf.conferenceId);
    const was = extras.subtitleApps.includes(caller.clientKey);
    if (was !== body.enable) {
      const subtitleApps = body.enable
        ? [...extras.subtitleApps, caller.clientKey]
        : extras.subtitleApps.filter((k) => k !== caller.clientKey);
      await tx.putExtras({ ...extras, subtitleApps });
      await recordChange(tx, caller, {
        conferenceId: conf.conferenceId,
        operation: "SetSubtitleEvent",
        target: caller.clientKey,
        before: { subscribed: was },
        after: { subscribed: body.enable },
        at: deps.clock.now(),
      });
    }
    return { success: true };
  });
}

/** The transcription result the control plane plays (`POST /_vconf/v1/conferences/{id}/asr`). */
export interface AsrInput {
  result: string;
  speakerUnionId: string;
  words?: { startTime: number; text: string; endTime: number }[];
  index?: number;
  time?: number;
  beginTime?: number;
  bizType?: "minutes" | "cloud_record";
}

/**
 * `POST /_vconf/v1/conferences/{id}/asr`: one transcription result as DingTalk's
 * `meeting_asr_result_event` (spec more §11) to every app subscribed by SetSubtitleEvent, and its
 * `_directed` twin to the app that created the meeting when it is one of them. Live meetings only.
 * Answers how many deliveries were written (0 when nobody is subscribed).
 */
export async function pushAsrResult(deps: Deps, conferenceId: string, input: AsrInput) {
  return deps.store.transaction(async (tx) => {
    const conf = await tx.getConference(conferenceId, true);
    assert(conf, "vconf.NotFound", `no conference ${conferenceId}`);
    assert(conf.status === 2, "vconf.Conflict", "the meeting is not in progress");
    const apps = (await loadExtras(tx, conferenceId)).subtitleApps;
    const now = deps.clock.now();
    // The meeting's one recordId once it recorded or took minutes ("" before), and its booking's id.
    const recordId = (await tx.getMedia(conferenceId))?.state.recordId ?? "";
    const data = {
      recordId,
      openConfModel: { conferenceId, scheduleConferenceId: conf.scheduleConferenceId },
      bizType: input.bizType ?? "minutes",
      payload: {
        result: input.result,
        speakerUnionId: input.speakerUnionId,
        words: input.words ?? [],
        index: input.index ?? 0,
        time: input.time ?? now,
        beginTime: input.beginTime ?? 0,
      },
      header: { messageNo: input.index ?? 0, name: "TranscriptionResultChanged", messageId: randomUUID() },
      timestamp: now,
    };
    // Delivery runs on real time (events decisions): the event is born on the base clock, while the
    // payload's times follow the emulated one, as the other events' models do.
    const real = (deps.clock as { base?: { now(): number } }).base?.now() ?? now;
    return { pushed: apps.length ? await emitAsrResult(tx, conf, apps, data, real) : 0 };
  });
}

/**
 * Writes `meeting_asr_result_event` for `apps` (and its `_directed` twin for the creating app, when it is
 * one of them) through the outbox, in the caller's transaction. No statusSeqNum: DingTalk's asr payload
 * has none, and a subtitle line is not a change of the meeting.
 */
async function emitAsrResult(
  tx: Tx,
  conf: ConferenceRow,
  apps: string[],
  data: Record<string, unknown>,
  now: number,
) {
  const event = {
    conferenceId: conf.conferenceId,
    eventType: EventType.asr,
    data,
    sequenced: false,
    only: apps,
  };
  return emitEvent(tx, event, now);
}
