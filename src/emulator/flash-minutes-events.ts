import { emitEvent } from "../events/outbox.js";
import { EventType } from "../events/payloads.js";
import type { ConferenceRow, MediaRow, Tx } from "../store/store.js";

/** A `flash_minutes_open_event` as spec more §11 describes it (delivery: dingtalk-events.md). */
export interface FlashMinutesOpenEvent {
  conferenceId: string;
  data: {
    openConfModel: { conferenceId: string; scheduleConferenceId: string };
    bizType: "cloud_record" | "minutes";
    minutesEventType: "summary_generated" | "video_generated";
    minutesTaskId: string;
  };
}

type Flash = { bizType: string; recorderUnionId: string; summary?: unknown };
const changed = (a: unknown, b: unknown) => b !== undefined && JSON.stringify(a) !== JSON.stringify(b);

/**
 * The events an artifacts PUT produces (spec more §11): `summary_generated` for a new or changed
 * `minutesSummary` or `flashMinutes[].summary` (bizType of that record), `video_generated` (GUESS) for
 * new or changed `cloudRecordVideos`. Pure, so the rule is tested without an outbox.
 */
export function flashMinutesEvents(
  conf: ConferenceRow,
  before: MediaRow,
  after: MediaRow,
): FlashMinutesOpenEvent[] {
  const recordId = after.state.recordId ?? "";
  const make = (
    bizType: "cloud_record" | "minutes",
    minutesEventType: FlashMinutesOpenEvent["data"]["minutesEventType"],
  ): FlashMinutesOpenEvent => ({
    conferenceId: conf.conferenceId,
    data: {
      openConfModel: { conferenceId: conf.conferenceId, scheduleConferenceId: conf.scheduleConferenceId },
      bizType,
      minutesEventType,
      minutesTaskId: `${recordId}-${bizType}`,
    },
  });
  const events: FlashMinutesOpenEvent[] = [];
  const a = before.artifacts;
  const b = after.artifacts;
  const summaries = new Set<"cloud_record" | "minutes">();
  if (changed(a.minutesSummary, b.minutesSummary)) summaries.add("minutes");
  const old = (a.flashMinutes as Flash[] | undefined) ?? [];
  for (const f of (b.flashMinutes as Flash[] | undefined) ?? []) {
    if (f.summary === undefined) continue;
    const prev = old.find((o) => o.bizType === f.bizType && o.recorderUnionId === f.recorderUnionId);
    if (changed(prev?.summary, f.summary)) summaries.add(f.bizType as "cloud_record" | "minutes");
  }
  for (const biz of summaries) events.push(make(biz, "summary_generated"));
  if (changed(a.cloudRecordVideos, b.cloudRecordVideos)) events.push(make("cloud_record", "video_generated"));
  return events;
}

/**
 * Writes `event` into the outbox in the caller's transaction (the artifacts PUT's), so it commits with the
 * change or not at all: `flash_minutes_open_event` to every subscriber of the org, and its `_directed`
 * twin to the app that created the meeting (the outbox's TWIN). Numbered in the meeting's statusSeqNum
 * sequence, as spec more §11 says of its events.
 */
export async function emitFlashMinutesOpen(tx: Tx, event: FlashMinutesOpenEvent, now: number) {
  await emitEvent(
    tx,
    { conferenceId: event.conferenceId, eventType: EventType.minutes, data: event.data },
    now,
  );
}
