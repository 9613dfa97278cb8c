import type { Snapshot } from "../schemas/emulator/snapshot.js";

type ConferenceRow = Snapshot["conferences"][number];

const SAFE_MAX = Number.MAX_SAFE_INTEGER;

/**
 * The booking part of a snapshot's check (spec-more section 9), appending to `problems` in the form of
 * snapshot-check.ts: unique ids and room codes, an org, times in range (the schema has checked the settings and
 * short links: store/rows.ts), and instances that agree with their conference rows: every listed instance is a
 * conference of this booking with its room code, every conference naming a booking is listed by it, only
 * the last instance may be not ended, and a pending instance (status 0) is only ever a booking's last one.
 * Returns the bookings by id.
 */
export function bookingProblems(
  doc: Snapshot,
  problems: string[],
  orgs: Map<string, unknown>,
  conferences: Map<string, ConferenceRow>,
): Map<string, NonNullable<Snapshot["bookings"]>[number]> {
  const rows = doc.bookings ?? [];
  const at = (i: number, field?: string) => `bookings[${i}]${field ? `.${field}` : ""}`;
  const byId = new Map<string, (typeof rows)[number]>();
  const byCode = new Map<string, number>();
  const listedBy = new Map<string, string>();
  rows.forEach((bk, i) => {
    const first = byId.has(bk.scheduleConferenceId);
    if (first) problems.push(`${at(i)} repeats the scheduleConferenceId of an earlier booking`);
    else byId.set(bk.scheduleConferenceId, bk);
    const sameCode = byCode.get(bk.roomCode);
    if (sameCode !== undefined) problems.push(`${at(i)} repeats the roomCode of ${at(sameCode)}`);
    else byCode.set(bk.roomCode, i);
    if (!orgs.has(bk.corpId)) problems.push(`${at(i, "corpId")} ${bk.corpId} is not an org`);
    for (const f of ["startTime", "endTime", "createdAt"] as const) {
      if (bk[f] < 0 || bk[f] > SAFE_MAX) problems.push(`${at(i, f)} ${bk[f]} is not from 0 to ${SAFE_MAX}`);
    }
    if (bk.instances.length === 0) problems.push(`${at(i, "instances")} is empty (a booking always has one)`);
    bk.instances.forEach((id, j) => {
      const field = `instances[${j}]`;
      const c = conferences.get(id);
      if (!c) return problems.push(`${at(i, field)} ${id} is not a conference`);
      listedBy.set(id, bk.scheduleConferenceId);
      if (
        c.scheduleConferenceId !== bk.scheduleConferenceId ||
        c.roomCode !== bk.roomCode ||
        c.corpId !== bk.corpId
      ) {
        problems.push(`${at(i, field)} ${id} is not a conference of this booking (id, room code and org)`);
      }
      if (j < bk.instances.length - 1 && c.status !== 1) {
        problems.push(`${at(i, field)} ${id} is not ended but is not the booking's last instance`);
      }
    });
  });
  doc.conferences.forEach((c, i) => {
    const where = `conferences[${i}]`;
    if (c.scheduleConferenceId && listedBy.get(c.conferenceId) !== c.scheduleConferenceId) {
      problems.push(`${where}.scheduleConferenceId ${c.scheduleConferenceId} does not list this conference`);
    } else if (!c.scheduleConferenceId && c.status === 0) {
      problems.push(`${where}.status 0 but only a booking's instance is ever pending`);
    }
  });
  return byId;
}
