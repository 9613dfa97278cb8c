import assert from "node:assert/strict";
import { test } from "node:test";
import { emptyMediaState } from "../../src/domain/recordings/media.js";
import { flashMinutesEvents } from "../../src/emulator/flash-minutes-events.js";
import type { ConferenceRow, MediaRow } from "../../src/store/store.js";

const conf = {
  conferenceId: "c1",
  corpId: "corp",
  creatorApp: "app",
  scheduleConferenceId: "",
} as ConferenceRow;
const row = (artifacts: Record<string, unknown>): MediaRow => ({
  conferenceId: "c1",
  state: { ...emptyMediaState(), recordId: "123456789012345" },
  artifacts,
});
const kinds = (before: MediaRow, after: MediaRow) =>
  flashMinutesEvents(conf, before, after).map((e) => `${e.data.bizType}:${e.data.minutesEventType}`);

test("new or changed summaries and videos produce flash_minutes_open_event; repeats produce none", () => {
  const summary = [{ id: 1, start: 0, end: 1, headline: "h", summary: "s" }];
  const flash = { flashMinutes: [{ bizType: "cloud_record", recorderUnionId: "u", summary }] };
  assert.deepEqual(kinds(row({}), row(flash)), ["cloud_record:summary_generated"]);
  assert.deepEqual(kinds(row(flash), row(flash)), []);
  assert.deepEqual(kinds(row({}), row({ minutesSummary: { keywords: ["k"] } })), [
    "minutes:summary_generated",
  ]);
  assert.deepEqual(kinds(row({}), row({ cloudRecordVideos: [{ mediaId: "m" }] })), [
    "cloud_record:video_generated",
  ]);
  assert.deepEqual(kinds(row({ cloudRecordVideos: [] }), row({})), []);
  const [e] = flashMinutesEvents(conf, row({}), row({ minutesSummary: {} }));
  assert.equal(e.data.minutesTaskId, "123456789012345-minutes");
  assert.deepEqual(e.data.openConfModel, { conferenceId: "c1", scheduleConferenceId: "" });
  assert.equal(e.conferenceId, "c1");
  // A booking's meeting names its booking.
  const booked = { ...conf, scheduleConferenceId: "bk1" };
  const [b] = flashMinutesEvents(booked, row({}), row({ minutesSummary: {} }));
  assert.deepEqual(b.data.openConfModel, { conferenceId: "c1", scheduleConferenceId: "bk1" });
});
