import type { ConferenceRow, MediaRow, Tx } from "../store/store.js";

/** A `flash_minutes_open_event` as spec more §11 describes it (delivery: dingtalk-events.md). */
export interface FlashMinutesOpenEvent {
  eventType: "flash_minutes_open_event";
  /** The app that created the meeting (the `_directed` twin's target). */
  creatorApp: string;
  corpId: string;
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
    eventType: "flash_minutes_open_event",
    creatorApp: conf.creatorApp,
    corpId: conf.corpId,
    data: {
      openConfModel: { conferenceId: conf.conferenceId, scheduleConferenceId: "" },
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
 * The one call site of `flash_minutes_open_event`. events: issue 11 — the outbox is not on main yet;
 * once it lands this writes `event` into it inside `tx` (delivered after commit, `_directed` to
 * `event.creatorApp`). Until then it records nothing.
 */
export async function emitFlashMinutesOpen(_tx: Tx, _event: FlashMinutesOpenEvent): Promise<void> {}
