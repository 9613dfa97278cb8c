import type { BookingRow } from "./store.js";

/**
 * A booking is stored as one JSON document beside its key columns (both drivers): it is read and written
 * whole, and its settings are DingTalk's free-form model, so columns would only mirror the document.
 */
export const toBooking = (r: Record<string, unknown>): BookingRow => JSON.parse(r.doc as string);

/** The `bookings` row: id, org, room code, creation time, document. */
export const bookingParams = (bk: BookingRow) => [
  bk.scheduleConferenceId,
  bk.corpId,
  bk.roomCode,
  bk.createdAt,
  JSON.stringify(bk),
];
